"""`flask --app portal search ...`: rebuild and check the search index."""

import click
from flask.cli import AppGroup

from portal import search
from portal.formatting import miles

search_cli = AppGroup("search", help="Índice de búsqueda de procesos (Whoosh).")
SHOWN_IDS = 20


@search_cli.command("reindex")
@click.option("--procs", type=int, default=None, help="Procesos de indexación en paralelo.")
def reindex_command(procs: int | None) -> None:
    """Rebuild the search index from the database."""
    rebuilt = search.reindex(procs=procs)
    click.echo(
        f"Índice reconstruido: {miles(rebuilt.documentos)} procesos en {rebuilt.segundos:.1f} s "
        f"({miles(round(rebuilt.por_segundo))} procesos/s)."
    )


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Reindexa los procesos que difieren.")
def check_command(repair: bool) -> None:
    """Compare the index with the database; exit 1 when they differ."""
    differences = search.check()
    for label, ids in (
        ("Faltan en el índice", differences.faltantes),
        ("Sobran en el índice", differences.sobrantes),
        ("Desactualizados en el índice", differences.desactualizados),
    ):
        shown = ", ".join(str(i) for i in ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
        click.echo(f"{label}: {miles(len(ids))}" + (f" ({shown})" if ids else ""))
    if differences.ok:
        click.echo("El índice coincide con la base de datos.")
        return
    if repair:
        written = search.repair(differences)
        click.echo(f"Reparado: {miles(written)} procesos escritos de nuevo.")
        if search.check().ok:
            return
    raise SystemExit(1)
