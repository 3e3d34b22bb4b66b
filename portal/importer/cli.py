"""`flask --app portal import-secop` and `import-unspsc`."""

import csv
import sys
from contextlib import ExitStack
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal import search
from portal.importer.files import BATCH_SIZE, import_file
from portal.importer.result import Rechazo, ResultadoArchivo
from portal.importer.unspsc import import_unspsc

MAX_AVISOS_EN_PANTALLA = 10

_paths = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)


@click.command("import-secop")
@_paths
@click.option(
    "--errores",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Escribe en este CSV cada fila rechazada (y cada aviso) con su motivo.",
)
@click.option("--lote", default=BATCH_SIZE, show_default=True, help="Filas por transacción.")
@with_appcontext
def import_secop_command(paths: tuple[Path, ...], errores: Path | None, lote: int) -> None:
    """Importa archivos de SECOP II (procesos p6dx-8zbt o contratos jbjy-vk9h, CSV o JSON)."""
    resultados = []
    with ExitStack() as stack:
        writer = _errores_writer(stack, errores)
        for path in paths:
            resultados.append(_import_one(path, writer, lote))
    proceso_ids = [id_ for r in resultados for id_ in r.proceso_ids]
    if proceso_ids:
        click.echo(f"Actualizando el índice de búsqueda ({len(proceso_ids)} procesos)…", err=True)
        search.index_processes(proceso_ids)
    _echo_summary(resultados, proceso_ids)
    if any(r.error for r in resultados):
        sys.exit(1)


def _errores_writer(stack: ExitStack, path: Path | None):
    if path is None:
        return None
    handle = stack.enter_context(path.open("w", newline="", encoding="utf-8"))
    writer = csv.writer(handle)
    writer.writerow(["archivo", "linea", "tipo", "motivo"])
    return writer


def _import_one(path: Path, writer, lote: int) -> ResultadoArchivo:
    avisos = 0

    def on_rechazo(rechazo: Rechazo) -> None:
        nonlocal avisos
        if writer is not None:
            writer.writerow([rechazo.archivo, rechazo.donde, rechazo.tipo, rechazo.motivo])
        if rechazo.tipo == "aviso":
            avisos += 1
            if avisos > MAX_AVISOS_EN_PANTALLA:
                return
        click.echo(f"\n{rechazo}", err=True)

    with click.progressbar(
        length=path.stat().st_size, label=path.name[:40], file=sys.stderr, show_eta=True
    ) as bar:
        resultado = import_file(
            path,
            on_rechazo=on_rechazo,
            on_progress=lambda pos: bar.update(pos - bar.pos),
            batch_size=lote,
        )
    if avisos > MAX_AVISOS_EN_PANTALLA:
        click.echo(
            f"… y {avisos - MAX_AVISOS_EN_PANTALLA} avisos más (use --errores para verlos todos).",
            err=True,
        )
    if resultado.error:
        click.echo(f"{path.name}: no se importó: {resultado.error}", err=True)
    return resultado


def _echo_summary(resultados: list[ResultadoArchivo], proceso_ids: list[int]) -> None:
    click.echo(
        f"{'archivo':<48} {'leídas':>8} {'insertadas':>10} {'actualizadas':>12} "
        f"{'sin cambios':>11} {'rechazadas':>10} {'segundos':>8} {'filas/s':>8}"
    )
    for r in resultados:
        click.echo(
            f"{r.archivo[:48]:<48} {r.leidas:>8} {r.insertadas:>10} {r.actualizadas:>12} "
            f"{r.sin_cambios:>11} {r.rechazadas:>10} {r.segundos:>8.1f} {r.filas_por_segundo:>8.0f}"
        )
        if r.duplicadas:
            click.echo(
                f"  {r.duplicadas} filas repiten un id ya leído en el archivo: gana la última."
            )
        for motivo, cuantas in r.motivos.most_common(5):
            click.echo(f"  rechazadas por «{motivo}»: {cuantas}")
    click.echo(f"Procesos insertados o actualizados: {len(proceso_ids)}.")


@click.command("import-unspsc")
@_paths
@with_appcontext
def import_unspsc_command(paths: tuple[Path, ...]) -> None:
    """Carga el Clasificador de Bienes y Servicios (UNSPSC) de Colombia Compra."""
    failed = False
    for path in paths:
        resultado = import_unspsc(path, on_rechazo=lambda texto: click.echo(texto, err=True))
        if resultado.error:
            failed = True
            click.echo(f"{path.name}: no se importó: {resultado.error}", err=True)
            continue
        click.echo(
            f"{path.name}: {resultado.leidas} filas leídas; códigos insertados {resultado.insertados}, "
            f"actualizados {resultado.actualizados}, sin cambios {resultado.sin_cambios}, "
            f"filas rechazadas {resultado.rechazadas}."
        )
    if failed:
        sys.exit(1)
