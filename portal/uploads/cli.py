"""`flask --app portal subidas ...`: maintenance of resumable uploads."""

import click
from flask.cli import AppGroup

from portal.extensions import db
from portal.uploads import cleanup

subidas_cli = AppGroup("subidas", help="Cargas de archivos reanudables.")


@subidas_cli.command("limpiar")
def limpiar_command() -> None:
    """Borrar las cargas sin terminar que ya vencieron y sus datos parciales."""
    removed = cleanup.remove_expired()
    db.session.commit()
    click.echo(f"Cargas vencidas eliminadas: {removed}")
