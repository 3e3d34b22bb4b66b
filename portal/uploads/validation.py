"""What may be uploaded: names, extensions, sizes and the first bytes of the content.

Every check raises ``UploadRefused`` with a Spanish message that tells the person what to do.
Content sniffing is a small table of magic numbers written here on purpose: the formats a
contract file comes in are few, and libmagic would be a native dependency for little gain.
"""

import re
import unicodedata
from pathlib import PurePosixPath

# Extensions the SECOP II guide ("Guía para cargar documentos") does not accept.
BLOCKED_EXTENSIONS = frozenset(
    [
        ".psd",
        ".gif",
        ".jar",
        ".bat",
        ".rtf",
        ".thmx",
        ".exe",
        ".odt",
        ".dot",
        ".7z",
        ".bmp",
        ".emf",
        ".eml",
        ".gsheet",
        ".gz",
        ".isz",
        ".jpe",
        ".oxps",
        ".p7z",
        ".ppsx",
        ".ppt",
        ".dll",
        ".txt",
        ".xlsb",
        ".pptx",
    ]
)

# How many leading bytes the sniffer needs to decide.
SNIFF_BYTES = 64

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# Extension -> accepted leading bytes. Extensions not listed are only checked for executables.
MAGIC_BY_EXTENSION: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".xlsm": _ZIP,
    ".docm": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".zip": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".msg": _OLE,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
    ".rar": (b"Rar!\x1a\x07",),
}

# Programs, whatever their name says: Windows PE, ELF, Mach-O (thin and fat), scripts.
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".zip": "application/zip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".csv": "text/csv",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".rar": "application/vnd.rar",
}

_UNSAFE_CHARS = re.compile(r"[^\w\s.()\-]", re.UNICODE)
_SPACES = re.compile(r"\s+")


class UploadRefused(ValueError):
    """The file cannot be accepted; ``str(error)`` is the Spanish message for the person."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def original_name(raw: str) -> str:
    """Return the name as the person sent it, minus control characters, for display."""
    cleaned = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in raw or "")
    return unicodedata.normalize("NFC", cleaned).strip()[:500]


def safe_name(raw: str) -> str:
    """Return a storable name: no folders, no control or shell characters; accents kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _SPACES.sub(" ", _UNSAFE_CHARS.sub("_", name)).strip(" ._")
    if not name:
        return "archivo"
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 200:
        return f"{stem[: 199 - len(ext)]}.{ext}"
    return name[:200]


def extension_of(name: str) -> str:
    """The last extension, lower case, with its dot ("" when there is none)."""
    return PurePosixPath(name).suffix.lower()


def check_name(name: str) -> None:
    """Refuse names without an extension or with any blocked extension (also x.pdf.exe)."""
    suffixes = [s.lower() for s in PurePosixPath(name).suffixes]
    if not suffixes:
        raise UploadRefused(
            "El archivo no tiene extensión (por ejemplo .pdf o .xlsx). Cámbiele el nombre e intente de nuevo.",
            415,
        )
    blocked = [s for s in suffixes if s in BLOCKED_EXTENSIONS]
    if blocked:
        raise UploadRefused(
            f"No se aceptan archivos con extensión {blocked[-1]}. Las extensiones bloqueadas son: "
            f"{', '.join(sorted(BLOCKED_EXTENSIONS))}. Conviértalo, por ejemplo a PDF, e intente de nuevo.",
            415,
        )


def check_size(size: int, max_bytes: int) -> None:
    """Refuse empty files and files over the configured maximum."""
    if size <= 0:
        raise UploadRefused("El archivo está vacío. Revise que eligió el archivo correcto.", 400)
    if size > max_bytes:
        raise UploadRefused(
            f"El archivo pesa {size / 1_048_576:.1f} MB y el máximo permitido es "
            f"{max_bytes / 1_048_576:.0f} MB. Divídalo o comprímalo e intente de nuevo.",
            413,
        )


def check_content(name: str, head: bytes) -> None:
    """Refuse content that contradicts the name: a program, or the wrong magic number."""
    ext = extension_of(name)
    if head.startswith(EXECUTABLE_MAGIC):
        raise UploadRefused(
            f"El archivo «{name}» es un programa ejecutable, no un documento. No se puede cargar.",
            415,
        )
    expected = MAGIC_BY_EXTENSION.get(ext)
    if expected and not head.startswith(expected):
        raise UploadRefused(
            f"El contenido de «{name}» no corresponde a un archivo {ext}. "
            "Ábralo en su computador, guárdelo de nuevo en ese formato e intente otra vez.",
            415,
        )


def content_type_for(name: str) -> str:
    """The type to serve the file with, decided by its (checked) extension."""
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def check_upload(name: str, size: int, max_bytes: int) -> None:
    """Run the checks that need no content: name and size."""
    check_name(name)
    check_size(size, max_bytes)
