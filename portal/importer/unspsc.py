"""Load Colombia Compra's "Clasificador de Bienes y Servicios" into the Unspsc table.

The file has one row per product with its segment, family and class (codes written short:
"10", "1010", "101015", "10101501"); the derived "hasta clase" file stops at classes. Every
node is stored once with its eight-digit code and its parent. The whole classifier is ~53,000
nodes, so the existing codes are read into memory once to compare.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, update

from portal.extensions import db
from portal.importer.readers import open_source
from portal.models.unspsc import Unspsc, nivel_de, padre_de
from portal.models.vocab import fold

LEVELS = (
    ("codigo segmento", "nombre segmento"),
    ("codigo familia", "nombre familia"),
    ("codigo clase", "nombre clase"),
    ("codigo producto", "nombre producto"),
)
CHUNK = 2000


@dataclass
class ResultadoUnspsc:
    archivo: str
    leidas: int = 0
    insertados: int = 0
    actualizados: int = 0
    sin_cambios: int = 0
    rechazadas: int = 0
    error: str | None = None


def import_unspsc(path: Path, on_rechazo=lambda texto: None) -> ResultadoUnspsc:
    """Insert new nodes, rename changed ones; a second run changes nothing."""
    result = ResultadoUnspsc(archivo=path.name)
    source = open_source(path)
    try:
        header = [fold(name) for name in source.header]
        if "codigo segmento" not in header:
            result.error = (
                "no es el Clasificador de Bienes y Servicios: falta la columna «Código Segmento»"
            )
            return result
        nodes = _nodes(source.records, result, on_rechazo)
    except csv.Error as error:
        result.error = f"el archivo está mal formado: {error}"
        return result
    finally:
        source.close()
    _save(nodes, result)
    return result


def _nodes(records, result, on_rechazo) -> dict[str, str]:
    """Read every node once: {eight-digit code: name}; the first spelling of a name wins."""
    nodes: dict[str, str] = {}
    for where, record in records:
        result.leidas += 1
        row = {fold(name): (value or "").strip() for name, value in record.items()}
        for code_column, name_column in LEVELS:
            code, name = row.get(code_column, ""), row.get(name_column, "")
            if not code and not name:
                continue  # a file that stops at classes, or a level left blank
            if not (code.isascii() and code.isdigit() and len(code) <= 8 and name):
                result.rechazadas += 1
                on_rechazo(
                    f"{result.archivo}:{where}: código o nombre vacío o ilegible en «{code_column}»"
                )
                break
            nodes.setdefault(code.ljust(8, "0"), name[:400])
    return nodes


def _save(nodes: dict[str, str], result: ResultadoUnspsc) -> None:
    stored = dict(db.session.execute(select(Unspsc.codigo, Unspsc.nombre)).all())
    new = [_row(code, name) for code, name in nodes.items() if code not in stored]
    renamed = [
        {"codigo": code, "nombre": name}
        for code, name in nodes.items()
        if code in stored and stored[code] != name
    ]
    for start in range(0, len(new), CHUNK):
        db.session.execute(insert(Unspsc), new[start : start + CHUNK])
    if renamed:
        db.session.execute(update(Unspsc), renamed)
    db.session.commit()
    result.insertados, result.actualizados = len(new), len(renamed)
    result.sin_cambios = len(nodes) - len(new) - len(renamed)


def _row(code: str, name: str) -> dict[str, str | None]:
    return {"codigo": code, "nivel": nivel_de(code), "nombre": name, "padre": padre_de(code)}
