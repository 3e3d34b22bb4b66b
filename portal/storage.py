"""Content-addressed file store under UPLOAD_DIR: a file lives at ab/cd/<sha256>.

Writes go to a temporary file first and are renamed into place only when complete, so a
half-written file is never visible under its hash. Identical content is stored once.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int


class FileTooLarge(ValueError):
    """The stream went past the allowed size; nothing was stored."""


def root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def path_of(sha256: str) -> Path:
    """Where the file with this SHA-256 lives (whether or not it exists)."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return root() / sha256[:2] / sha256[2:4] / sha256


def exists(sha256: str) -> bool:
    return path_of(sha256).is_file()


def save_stream(stream: BinaryIO, max_bytes: int | None = None) -> StoredFile:
    """Copy a stream into the store in chunks, hashing as it goes; never reads it whole."""
    tmp_dir = root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise FileTooLarge(size)
                digest.update(chunk)
                out.write(chunk)
        return _move_into_place(Path(tmp_name), digest.hexdigest(), size)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def save_bytes(data: bytes) -> StoredFile:
    """Store a small in-memory file (generated documents)."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_of(sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{sha256}.tmp{os.getpid()}")
        tmp.write_bytes(data)
        tmp.replace(target)
    return StoredFile(sha256, len(data))


def adopt(tmp_path: Path, sha256: str, size: int) -> StoredFile:
    """Move an already hashed temporary file (an assembled upload) into the store."""
    return _move_into_place(tmp_path, sha256, size)


def _move_into_place(tmp_path: Path, sha256: str, size: int) -> StoredFile:
    target = path_of(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        tmp_path.unlink(missing_ok=True)
    else:
        tmp_path.replace(target)
    return StoredFile(sha256, size)
