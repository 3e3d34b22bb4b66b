"""Password rules of SECOP II (8+ characters, letters, digits and symbols, not a common one) and hashing."""

from functools import cache
from pathlib import Path

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """Load the list of the commonest passwords once per process."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, *, usuario: str = "", email: str = "") -> list[str]:
    """Return what is wrong with a new password, in Spanish; empty when it follows the rules."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Debe tener al menos {MIN_LENGTH} caracteres.")
    if not any(c.isalpha() for c in password):
        problems.append("Debe incluir letras.")
    if not any(c.isdigit() for c in password):
        problems.append("Debe incluir números.")
    if all(c.isalnum() for c in password):
        problems.append("Debe incluir caracteres especiales (por ejemplo * ! # $ % & . -).")
    lowered = password.lower()
    if lowered in common_passwords():
        problems.append("Es una de las contraseñas más usadas: elija otra menos predecible.")
    personal = [value.lower() for value in (usuario, email.partition("@")[0]) if len(value) >= 4]
    if any(value in lowered for value in personal):
        problems.append("No debe contener su usuario ni su correo electrónico.")
    return problems


def hash_secret(secret: str) -> str:
    """Hash a password or a security answer with the configured method."""
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_secret(stored_hash: str, secret: str) -> bool:
    """Compare a secret with its hash (any Werkzeug method, so imported users still work)."""
    if not stored_hash:
        return False
    return check_password_hash(stored_hash, secret)


def waste_comparable_time(secret: str) -> None:
    """Hash as much as a real check would, so unknown accounts take as long as known ones."""
    check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), secret)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no-es-una-contraseña-real", method=method)


def normalize_answer(answer: str) -> str:
    """Security answers match regardless of case and surrounding or repeated spaces."""
    return " ".join(answer.lower().split())
