"""Read the SECOP II PAA export ("Adquisiciones" sheet saved as CSV) into item values.

The header row is found by its first column, so the rows SECOP II puts above it (entity
data) do not matter; the delimiter is whichever of "," ";" or tab yields that header. The
stacked research file of ``../shared`` adds entity columns: its rows are filtered by NIT.
"""

import csv
import io
from dataclasses import dataclass, field

from portal.blueprints.paa.values import parse_item
from portal.importer.readers import detect_encoding
from portal.models.vocab import fold

COLUMNS = {
    "Código UNSPSC (cada código separado por ;)": "codigos_unspsc",
    "Descripción": "descripcion",
    "Fecha estimada de inicio de proceso de selección (mes)": "mes_inicio",
    "Fecha estimada de presentación de ofertas (mes)": "mes_ofertas",
    "Duración del contrato (número)": "duracion",
    "Duración del contrato (intervalo: días, meses, años)": "duracion_unidad",
    "Modalidad de selección": "modalidad",
    "Fuente de los recursos": "fuente_recursos",
    "Valor total estimado": "valor_total",
    "Valor estimado en la vigencia actual": "valor_vigencia",
    "¿Se requieren vigencias futuras?": "requiere_vigencias_futuras",
    "Estado de solicitud de vigencias futuras": "estado_vigencias_futuras",
    "Unidad de contratación (referencia)": "unidad_contratacion",
    "Ubicación": "ubicacion",
    "¿El contrato incluye el suministro de bienes y servicios distintos a alimentos?": (
        "suministro_distinto_alimentos"
    ),
}
# The Ley 2046 question is a whole sentence; its wording has changed, its start has not.
LEY_2046_PREFIX = fold("¿Debe cumplir con invertir mínimo el 30%")
REQUIRED = ("codigos_unspsc", "descripcion", "mes_inicio", "valor_total")
NIT_COLUMN = "nit_entidad"
HEADER_SEARCH_ROWS = 40
MAX_PROBLEMS_SHOWN = 200
_BY_FOLDED = {fold(name): key for name, key in COLUMNS.items()}


class FileRefused(ValueError):
    """The file as a whole cannot be read; ``str(error)`` says why, in Spanish."""


@dataclass
class ImportResult:
    items: list[dict] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, explanation)
    rows_read: int = 0


def read_paa(data: bytes, nit: str) -> ImportResult:
    """Parse every row; good rows become item values, bad ones an explanation with their line."""
    text = data.decode(detect_encoding(data[:1_048_576]), errors="replace")
    reader, mapping, nit_index = _open(text)
    result = ImportResult()
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if nit_index is not None and _digits(_cell(cells, nit_index)) != nit:
            continue
        result.rows_read += 1
        _read_row(reader.line_num, cells, mapping, result)
    if nit_index is not None and result.rows_read == 0:
        raise FileRefused(f"El archivo no tiene filas de la entidad con NIT {nit}.")
    return result


def _read_row(line: int, cells: list[str], mapping: dict[int, str], result: ImportResult):
    values, problems = parse_item({key: _cell(cells, i) for i, key in mapping.items()})
    if problems:
        result.problems.append((line, " ".join(problems.values())))
    else:
        result.items.append(values)


def _open(text: str):
    """Find the delimiter and the header row; return the reader positioned after it."""
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for _ in range(HEADER_SEARCH_ROWS):
            header = next(reader, None)
            if header is None:
                break
            mapping = _mapping(header)
            if "codigos_unspsc" in mapping.values():
                _check_required(mapping)
                return reader, mapping, _nit_index(header)
    raise FileRefused(
        "No encontramos la fila de títulos del PAA de SECOP II (la que empieza con «Código "
        "UNSPSC (cada código separado por ;)»). Exporte el plan desde SECOP II y guarde la hoja "
        "«Adquisiciones» como CSV, o use la plantilla de esta página."
    )


def _mapping(header: list[str]) -> dict[int, str]:
    mapping = {}
    for index, name in enumerate(header):
        folded = fold(name)
        if folded in _BY_FOLDED:
            mapping[index] = _BY_FOLDED[folded]
        elif folded.startswith(LEY_2046_PREFIX):
            mapping[index] = "ley_2046"
    return mapping


def _check_required(mapping: dict[int, str]) -> None:
    missing = [name for name, key in COLUMNS.items() if key in REQUIRED]
    missing = [name for name in missing if COLUMNS[name] not in mapping.values()]
    if missing:
        raise FileRefused(f"Al archivo le faltan las columnas: {', '.join(missing)}.")


def _nit_index(header: list[str]) -> int | None:
    folded = [fold(name) for name in header]
    return folded.index(NIT_COLUMN) if NIT_COLUMN in folded else None


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
