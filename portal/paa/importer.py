"""Read the SECOP II PAA export into item values: the Excel workbook (.xlsx) or its
«Adquisiciones» sheet saved as CSV.

Both formats become numbered rows of text cells that one loop reads. The header row is found
by its first column, so the rows SECOP II puts above it (entity data) do not matter; in a CSV
the delimiter is whichever of "," ";" or tab yields that header, in a workbook the sheet is
«Adquisiciones» or else the first one that has it. The stacked research file of ``../shared``
adds entity columns: its rows are filtered by NIT.
"""

import csv
import io
import math
import warnings
import zipfile
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from portal.formatting import miles
from portal.models.paa import MESES
from portal.models.types import to_pesos
from portal.models.vocab import fold
from portal.paa.values import parse_item
from portal.text_encoding import detect_encoding

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
# The largest plan of the research file has 6,263 items; past this it is not one entity's PAA.
MAX_ROWS = 20_000
# A workbook is a zip: what its parts take unzipped bounds the memory of reading it (a
# 20,000-item sheet takes about 20 MB), whatever its size on disk; and each row in the sheet
# costs parsing, even an empty one (95 MB of empty rows take half a minute).
MAX_XLSX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_SHEET_ROWS = 100_000
MONTH_KEYS = ("mes_inicio", "mes_ofertas")
MONEY_KEYS = ("valor_total", "valor_vigencia")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected .xlsx
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
_BY_FOLDED = {fold(name): key for name, key in COLUMNS.items()}


NO_HEADER = (
    "No encontramos la fila de títulos del PAA de SECOP II (la que empieza con «Código UNSPSC "
    "(cada código separado por ;)»). Suba el archivo de Excel tal como lo exporta SECOP II, o "
    "su hoja «Adquisiciones» guardada como CSV."
)
DAMAGED_XLSX = (
    "No pudimos abrir el archivo de Excel: está dañado o no es un libro .xlsx. Ábralo en Excel "
    "y guárdelo de nuevo como .xlsx, o guarde la hoja «Adquisiciones» como CSV."
)
OLD_EXCEL = (
    "El archivo es de Excel 97-2003 (.xls), que no podemos leer. Ábralo en Excel y guárdelo "
    "como libro de Excel (.xlsx) o como CSV."
)
PASSWORD = (
    "El archivo de Excel está protegido con contraseña. Ábralo en Excel, quite la contraseña "
    "(Archivo > Información > Proteger libro) y guárdelo de nuevo."
)
TOO_BIG_XLSX = (
    "El archivo de Excel es demasiado grande al descomprimirlo. Suba solo la hoja "
    "«Adquisiciones» (guárdela como CSV) o quite las hojas que no son del plan."
)
TOO_LONG_SHEET = (
    f"La hoja «{{hoja}}» pasa de {miles(MAX_SHEET_ROWS)} filas, contando las vacías. Borre las "
    "filas sobrantes al final de la hoja, guarde el archivo e impórtelo de nuevo."
)
TOO_MANY_ROWS = (
    f"El archivo tiene más de {miles(MAX_ROWS)} adquisiciones, más de las que importamos de una "
    "vez. Revise que sea el PAA de la entidad."
)


class FileRefused(ValueError):
    """The file as a whole cannot be read; ``str(error)`` says why, in Spanish."""


@dataclass
class ImportResult:
    items: list[dict] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, explanation)
    rows_read: int = 0
    row_label: str = "Línea"  # how the person finds the row: the CSV's line, the sheet's row


@dataclass
class Table:
    """Numbered rows of text cells after the header, and what the header says about them."""

    rows: Generator[tuple[int, list[str]], None, None]
    mapping: dict[int, str]  # cell index -> item field
    nit_index: int | None
    row_label: str


def read_paa(data: bytes, nit: str) -> ImportResult:
    """Parse every row; good rows become item values, bad ones an explanation with their line."""
    if data.startswith(_OLE_MAGIC):
        raise FileRefused(PASSWORD if _ENCRYPTED_STREAM in data else OLD_EXCEL)
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, nit)
    return _read_table(_csv_table(data), nit)


def _read_table(table: Table, nit: str) -> ImportResult:
    result = ImportResult(row_label=table.row_label)
    for line, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        if table.nit_index is not None and _digits(_cell(cells, table.nit_index)) != nit:
            continue
        result.rows_read += 1
        if result.rows_read > MAX_ROWS:
            raise FileRefused(TOO_MANY_ROWS)
        _read_row(line, cells, table.mapping, result)
    if table.nit_index is not None and result.rows_read == 0:
        raise FileRefused(f"El archivo no tiene filas de la entidad con NIT {nit}.")
    return result


def _read_row(line: int, cells: list[str], mapping: dict[int, str], result: ImportResult):
    values, problems = parse_item({key: _cell(cells, i) for i, key in mapping.items()})
    if problems:
        result.problems.append((line, " ".join(problems.values())))
    else:
        result.items.append(values)


def _find_header(rows: Iterator[tuple[int, list[str]]]) -> tuple[dict[int, str], int | None]:
    """Consume rows up to the header; return its mapping and NIT column, or ({}, None)."""
    for _, header in islice(rows, HEADER_SEARCH_ROWS):
        mapping = _mapping(header)
        if "codigos_unspsc" in mapping.values():
            _check_required(mapping)
            return mapping, _nit_index(header)
    return {}, None


# --- CSV ---------------------------------------------------------------------------------


def _csv_table(data: bytes) -> Table:
    """Find the delimiter and the header row; the table's rows follow it."""
    text = data.decode(detect_encoding(data[:1_048_576]), errors="replace")
    for delimiter in (",", ";", "\t"):
        rows = _csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        mapping, nit_index = _find_header(rows)
        if mapping:
            return Table(rows, mapping, nit_index, row_label="Línea")
    raise FileRefused(NO_HEADER)


def _csv_rows(reader) -> Generator[tuple[int, list[str]], None, None]:
    for cells in reader:
        yield reader.line_num, cells  # the line a row ends on, as an editor shows it


# --- Excel (.xlsx) -----------------------------------------------------------------------


def _read_xlsx(data: bytes, nit: str) -> ImportResult:
    _check_unzipped_size(data)
    # openpyxl warns about parts it skips (data validation, styles); nothing for the user.
    # catch_warnings is process-wide, but the filter it adds would be harmless if it leaked.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        with closing(_load_workbook(data)) as workbook:
            table = _xlsx_table(workbook)
            with closing(table.rows):  # a refused file stops mid-sheet: close it before the zip
                return _read_table(table, nit)


def _check_unzipped_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused(DAMAGED_XLSX) from error
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise FileRefused(TOO_BIG_XLSX)


def _load_workbook(data: bytes):
    import openpyxl  # only when a workbook arrives: it costs each worker ~16 MB and 0.1 s

    try:
        # data_only: formulas are not loaded, only the values Excel last saved for them.
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged workbook fails in many ways inside openpyxl
        raise FileRefused(DAMAGED_XLSX) from error


def _xlsx_table(workbook) -> Table:
    """The «Adquisiciones» sheet if it has the header, else the first sheet that does."""
    sheets = sorted(workbook.worksheets, key=lambda sheet: fold(sheet.title) != "adquisiciones")
    for sheet in sheets:
        values = _sheet_rows(sheet)
        mapping, nit_index = _find_header((n, _texts(row)) for n, row in values)
        if mapping:
            rows = ((n, _texts(row, mapping)) for n, row in values)
            return Table(rows, mapping, nit_index, row_label="Fila")
        values.close()
    raise FileRefused(NO_HEADER)


def _sheet_rows(sheet) -> Generator[tuple[int, tuple], None, None]:
    """Every row with its number in Excel; openpyxl fills the rows the file leaves out."""
    sheet.reset_dimensions()  # some writers declare a wrong size; read what is there
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SHEET_ROWS:
                raise FileRefused(TOO_LONG_SHEET.format(hoja=sheet.title))
            yield number, values
    except FileRefused:
        raise
    except Exception as error:  # a damaged sheet only shows when its rows are read
        raise FileRefused(DAMAGED_XLSX) from error


def _texts(row: Iterable, mapping: dict[int, str] | None = None) -> list[str]:
    mapping = mapping or {}
    return [_excel_text(value, mapping.get(i)) for i, value in enumerate(row)]


def _excel_text(value, key: str | None = None) -> str:
    """A cell as the text ``parse_item`` reads: what Excel shows, without its formats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, date):  # datetime too
        if key in MONTH_KEYS:  # Excel turns a typed "mar-2026" or "1/03/2026" into a date
            return MESES[value.month - 1]
        with_time = isinstance(value, datetime) and value.time() != datetime.min.time()
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, float):
        return _number_text(value, key)
    return str(value)


def _number_text(value: float, key: str | None) -> str:
    if not math.isfinite(value):
        return str(value)
    if key in MONEY_KEYS:
        # Whole pesos, rounded as money() rounds: "1234.567" as text would read as thousands.
        return str(to_pesos(Decimal(repr(value))))
    if value.is_integer():
        return str(int(value))
    # Excel's General format: 15 significant digits, and here never scientific notation.
    return format(Decimal(format(value, ".15g")), "f")


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
    return "".join(c for c in text if c.isdecimal())
