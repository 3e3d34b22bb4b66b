"""The "Descargar expediente" zip: one folder per stage plus an index of names, dates and hashes."""

import csv
import io
import logging
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import PurePosixPath

from portal import storage
from portal.expediente.documents import Section, tipo_label
from portal.expediente.zipstream import Member, stream_zip
from portal.formatting import to_bogota
from portal.models import Documento

log = logging.getLogger(__name__)

INDEX_NAME = "indice.csv"
INDEX_HEADER = (
    "etapa", "tipo", "nombre", "versión", "fecha", "tamaño", "sha256", "enlace permanente",
    "archivo en el zip", "contrato", "observación",
)  # fmt: skip
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_COMPRESSIBLE = ("application/json", "application/xml", "application/rtf")


def expediente_zip(
    secciones: list[Section], permalink: Callable[[Documento], str], generated: datetime
) -> Iterator[bytes]:
    """Return the zip stream of every public document (all versions) listed in ``secciones``.

    Everything that needs the database or the app runs now; the returned generator only reads
    files, so it can run after the request context is gone.
    """
    rows, members = [], []
    taken: set[str] = set()
    for number, seccion in enumerate(secciones, start=1):
        folder = f"{number} {seccion.titulo}"
        for entrada in seccion.entradas:
            several = len(entrada.versiones) > 1
            for documento in entrada.versiones:
                name = _unique(f"{folder}/{_member_name(documento, several)}", taken)
                member = _member(documento, name)
                if member is not None:
                    members.append(member)
                rows.append(_row(seccion, documento, permalink(documento), member))
    index = _index_csv(rows)
    index_member = Member(INDEX_NAME, generated, len(index), data=index, compress=True)
    return stream_zip([index_member, *members])


def _member(documento: Documento, name: str) -> Member | None:
    path = storage.path_of(documento.sha256)
    if not path.is_file():
        log.error("Falta el archivo %s del documento %s", documento.sha256, documento.id)
        return None
    compress = documento.content_type.startswith("text/") or documento.content_type in _COMPRESSIBLE
    return Member(name, documento.cargado_en, documento.tamano, path=path, compress=compress)


def _member_name(documento: Documento, several_versions: bool) -> str:
    name = _UNSAFE.sub("_", documento.nombre_archivo).strip(" .") or f"documento-{documento.id}"
    if several_versions:
        path = PurePosixPath(name)
        name = f"{path.stem} (versión {documento.version}){path.suffix}"
    return name


def _unique(name: str, taken: set[str]) -> str:
    """Add " (2)", " (3)"... before the extension until the name is free (case-insensitively)."""
    path = PurePosixPath(name)
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
    taken.add(candidate.lower())
    return candidate


def _row(seccion: Section, documento: Documento, link: str, member: Member | None) -> list:
    return [
        seccion.titulo,
        tipo_label(documento.tipo),
        documento.nombre_archivo,
        documento.version,
        to_bogota(documento.cargado_en).isoformat(timespec="seconds"),
        documento.tamano,
        documento.sha256,
        link,
        member.name if member else "",
        documento.contrato.id_contrato if documento.contrato else "",
        "" if member else "Archivo no disponible en el portal; use el enlace permanente más tarde.",
    ]


def _index_csv(rows: list[list]) -> bytes:
    # UTF-8 with BOM so spreadsheet programs read the accents right.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(INDEX_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
