"""The parts of tus 1.0 that are pure header handling (https://tus.io/protocols/resumable-upload).

Supported extensions: creation, checksum (sha1, per PATCH), expiration, termination.
"""

import base64
import binascii
import hashlib
import re
from datetime import datetime
from email.utils import format_datetime

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,checksum,expiration,termination"
CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1}
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
MAX_METADATA_CHARS = 4096

_KEY = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


class TusError(Exception):
    """A request that breaks the protocol or cannot be served; carries a Spanish message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def parse_metadata(header: str | None) -> dict[str, str]:
    """Decode ``Upload-Metadata``: comma-separated "key base64value" pairs (value optional)."""
    if not header:
        return {}
    if len(header) > MAX_METADATA_CHARS:
        raise TusError(400, "Los datos que acompañan el archivo son demasiado largos.")
    metadata: dict[str, str] = {}
    for pair in header.split(","):
        key, _, encoded = pair.strip().partition(" ")
        if not _KEY.match(key) or key in metadata:
            raise TusError(400, "Los datos que acompañan el archivo no son válidos.")
        metadata[key] = _decode_value(encoded.strip())
    return metadata


def _decode_value(encoded: str) -> str:
    try:
        return base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise TusError(400, "Los datos que acompañan el archivo no son válidos.") from error


def encode_metadata(metadata: dict[str, str]) -> str:
    """Encode metadata the way a tus client does (used by tests and the benchmark)."""
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in metadata.items()
    )


def parse_int_header(value: str | None, name: str) -> int:
    """A non-negative integer header such as Upload-Length or Upload-Offset."""
    if value is None or not value.isdecimal() or len(value) > 18:
        raise TusError(400, f"Falta el encabezado {name} o no es un número válido.")
    return int(value)


def parse_checksum(header: str | None):
    """Return (hash object, expected digest) for ``Upload-Checksum``, or None when absent."""
    if not header:
        return None
    algorithm, _, encoded = header.strip().partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise TusError(400, f"Algoritmo de verificación no admitido: {algorithm[:20]}.")
    try:
        expected = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise TusError(400, "La suma de verificación del fragmento no es válida.") from error
    return CHECKSUM_ALGORITHMS[algorithm](), expected


def expires_header(moment: datetime) -> str:
    """RFC 9110 date for ``Upload-Expires``."""
    return format_datetime(moment, usegmt=True)


def options_headers(max_size: int) -> dict[str, str]:
    return {
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": TUS_EXTENSIONS,
        "Tus-Max-Size": str(max_size),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }
