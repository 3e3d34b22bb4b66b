"""Import one published file: detect what it holds, stream its rows, save them in batches.

Each batch is committed on its own so that a 1 GB file never sits in one transaction (or in
memory) and an interruption keeps what was already imported; re-running resumes cheaply since
unchanged rows are skipped. This is the one place in the portal that commits outside a view.
"""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ijson
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.importer import columns, secop
from portal.importer.readers import Source, open_source
from portal.importer.result import Rechazo, ResultadoArchivo
from portal.importer.rows import Parsed, contrato_from, proceso_from
from portal.importer.values import BadValue
from portal.models.vocab import fold

BATCH_SIZE = 1000

_DATASETS = {
    columns.PROCESOS: (proceso_from, secop.PROCESOS, "SECOP II - Procesos de Contratación"),
    columns.CONTRATOS: (contrato_from, secop.CONTRATOS, "SECOP II - Contratos Electrónicos"),
}


def import_file(
    path: Path,
    *,
    on_rechazo: Callable[[Rechazo], None] = lambda rechazo: None,
    on_progress: Callable[[int], None] = lambda position: None,
    batch_size: int = BATCH_SIZE,
) -> ResultadoArchivo:
    """Import a processes or contracts file (CSV or SODA JSON); never raises on bad data."""
    result = ResultadoArchivo(archivo=path.name)
    started = time.perf_counter()
    try:
        source = open_source(path)
    except (OSError, ValueError, ijson.JSONError) as error:
        result.error = f"no se pudo leer el archivo: {error}"
        return result
    try:
        _import_source(source, result, on_rechazo, on_progress, batch_size)
    finally:
        source.close()
        result.segundos = time.perf_counter() - started
    return result


def _import_source(source: Source, result, on_rechazo, on_progress, batch_size) -> None:
    dataset = columns.detect_dataset(source.header)
    result.error = unimportable_reason(dataset, source.header)
    if result.error:
        return
    result.conjunto = _DATASETS[dataset][2]
    importer = _FileImporter(source, dataset, result, on_rechazo, batch_size)
    try:
        for where, record in source.records:
            importer.add(where, record)
            if result.leidas % 200 == 0:
                on_progress(source.position())
    except (ijson.JSONError, UnicodeError, ValueError) as error:
        # A malformed file stops here; everything read before it is kept.
        result.error = f"el archivo está mal formado después de {result.leidas} filas: {error}"
    importer.flush()
    on_progress(source.size)


def unimportable_reason(dataset: str | None, header: list[str]) -> str | None:
    """Explain in Spanish why a file cannot be imported as processes or contracts, or None."""
    folded = {fold(name) for name in header}
    if dataset is not None:
        if not folded & {"nit_entidad", "nit entidad", "codigo_entidad", "codigo entidad"}:
            return (
                "no identifica la entidad (no tiene nit_entidad ni codigo_entidad; un id_entidad "
                "de un esquema estrella es una clave interna de otro sistema): no se puede importar"
            )
        return None
    if not header:
        return "el archivo está vacío o no es una lista JSON de registros"
    if "codigo segmento" in folded:
        return "es el clasificador UNSPSC: impórtelo con «flask --app portal import-unspsc»"
    if (
        any(name.startswith("codigo unspsc") for name in folded)
        or "modalidad de seleccion" in folded
    ):
        return "es un Plan Anual de Adquisiciones (PAA), no procesos ni contratos: no se importa"
    if folded & {"estado_contrato", "valor_del_contrato", "fecha_de_firma"}:
        return (
            "parece un extracto de Contratos Electrónicos (jbjy-vk9h) pero no tiene id_contrato: "
            "sin identificador no se puede importar ni actualizar sin duplicar"
        )
    if folded & {"estado_del_procedimiento", "precio_base"}:
        return (
            "parece un extracto de Procesos (p6dx-8zbt) pero no tiene id_del_proceso: "
            "sin identificador no se puede importar ni actualizar sin duplicar"
        )
    return (
        "no se reconoce el conjunto de datos: el encabezado no tiene id_del_proceso "
        "(«ID del Proceso») ni id_contrato («ID Contrato»)"
    )


class _FileImporter:
    """Collect parsed rows into batches (the later row of a repeated id wins) and save them."""

    def __init__(self, source: Source, dataset: str, result, on_rechazo, batch_size: int):
        self.source, self.result, self.on_rechazo = source, result, on_rechazo
        self.parse, self.target, _ = _DATASETS[dataset]
        self.dataset, self.batch_size = dataset, batch_size
        self.names = dict(
            zip(source.header, columns.api_names(dataset, source.header), strict=True)
        )
        self.batch: dict[str, tuple[str, Parsed]] = {}
        self.seen: set[str] = set()  # grows with distinct ids only, never with the file

    def add(self, where: str, record: dict[str, Any]) -> None:
        self.result.leidas += 1
        try:
            parsed = self.parse(self._renamed(record))
        except BadValue as error:
            self._reject(where, str(error))
            return
        if parsed.key in self.seen:
            self.result.duplicadas += 1
            self._notice(
                where,
                f"{parsed.key} repetido en el archivo: esta fila, posterior, sustituye a la anterior",
            )
        self.seen.add(parsed.key)
        self.batch.pop(parsed.key, None)
        self.batch[parsed.key] = (where, parsed)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def _renamed(self, record: dict[str, Any]) -> dict[str, Any]:
        renamed = {}
        for name, value in record.items():
            if name not in self.names:  # JSON records may bring keys the first one lacked
                self.names[name] = columns.api_names(self.dataset, [name])[0]
            renamed[self.names[name]] = value
        return renamed

    def flush(self) -> None:
        batch, self.batch = list(self.batch.values()), {}
        if batch:
            self._save(batch)

    def _save(self, batch: list[tuple[str, Parsed]]) -> None:
        try:
            conteo = secop.save_batch(self.target, batch)
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            if len(batch) > 1:  # find the row the database refuses; save the others
                for item in batch:
                    self._save([item])
                return
            self._reject(batch[0][0], f"la base de datos rechazó la fila: {_short(error)}")
            return
        self._count(conteo)

    def _count(self, conteo: secop.Conteo) -> None:
        self.result.insertadas += conteo.insertadas
        self.result.actualizadas += conteo.actualizadas
        self.result.sin_cambios += conteo.sin_cambios
        self.result.proceso_ids += conteo.proceso_ids
        for where, notice in conteo.avisos:
            self._notice(where, notice)

    def _reject(self, where: str, motivo: str) -> None:
        self.result.rechazar(motivo)
        self.on_rechazo(Rechazo(self.result.archivo, where, motivo))

    def _notice(self, where: str, motivo: str) -> None:
        self.on_rechazo(Rechazo(self.result.archivo, where, motivo, tipo="aviso"))


def _short(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", error)).splitlines()[0][:200]
