"""`flask --app portal create-admin`: the platform administrator who activates entities."""

import click
from flask.cli import with_appcontext

from portal import audit, clock
from portal.extensions import db
from portal.models import User
from portal.users.passwords import hash_secret, password_problems
from portal.users.services import email_taken, normalize_identifier, usuario_taken


@click.command("create-admin")
@click.option("--usuario", prompt="Usuario", help="Nombre de usuario para ingresar.")
@click.option("--correo", prompt="Correo electrónico", help="Correo del administrador.")
@click.option("--nombres", prompt="Nombres y apellidos", help="Nombre completo.")
@click.option(
    "--contrasena",
    prompt="Contraseña",
    hide_input=True,
    confirmation_prompt="Repita la contraseña",
    help="Al menos 8 caracteres con letras, números y caracteres especiales.",
)
@with_appcontext
def create_admin_command(usuario: str, correo: str, nombres: str, contrasena: str) -> None:
    """Create the platform administrator (activates or rejects entity accounts)."""
    usuario, correo = normalize_identifier(usuario), normalize_identifier(correo)
    problems = _problems(usuario, correo, nombres, contrasena)
    if problems:
        raise click.ClickException(" ".join(problems))
    now = clock.now()
    user = User(
        usuario=usuario,
        email=correo,
        nombres=" ".join(nombres.split()),
        password_hash=hash_secret(contrasena),
        estado="activo",
        es_admin_plataforma=True,
        email_confirmado_en=now,
        terminos_aceptados_en=now,
    )
    db.session.add(user)
    audit.record("usuario.admin_plataforma_creado", user, f"Administrador de plataforma {usuario}")
    db.session.commit()
    click.echo(f"Administrador de la plataforma «{usuario}» creado. Ingrese en /ingresar.")


def _problems(usuario: str, correo: str, nombres: str, contrasena: str) -> list[str]:
    problems = []
    if len(usuario) < 4 or not all(c.isalnum() or c in "._-" for c in usuario):
        problems.append("El usuario debe tener 4 a 60 letras sin tilde, números, punto o guion.")
    if "@" not in correo or "." not in correo.partition("@")[2]:
        problems.append("Escriba un correo válido, por ejemplo admin@entidad.gov.co.")
    if len(" ".join(nombres.split())) < 3:
        problems.append("Escriba los nombres y apellidos.")
    if usuario_taken(usuario):
        problems.append(f"El usuario «{usuario}» ya existe.")
    if email_taken(correo):
        problems.append(f"Ya hay un usuario con el correo {correo}.")
    problems += password_problems(contrasena, usuario=usuario, email=correo)
    return problems
