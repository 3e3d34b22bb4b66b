"""`flask --app portal backup` and `flask --app portal restore`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import backup, search
from portal.models.types import utcnow


def default_destination() -> Path:
    folder = Path(current_app.instance_path) / "respaldos"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"portal-{utcnow():%Y%m%d-%H%M%S}.tar.gz"


@click.command("backup")
@click.option(
    "--destino",
    type=click.Path(dir_okay=True, path_type=Path),
    help="Archivo .tar.gz o carpeta donde escribir la copia (por defecto instance/respaldos/).",
)
@with_appcontext
def backup_command(destino: Path | None) -> None:
    """Escribe una copia consistente de la base de datos, los archivos cargados y la configuración."""
    if destino is not None and destino.is_dir():
        destino = destino / default_destination().name
    destino = destino or default_destination()
    try:
        manifest = backup.create(destino)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    total = sum(f["bytes"] for f in manifest["archivos"].values())
    click.echo(f"Copia escrita en {destino}")
    click.echo(
        f"  {len(manifest['archivos'])} archivos, {total:,} bytes sin comprimir".replace(",", ".")
    )


@click.command("restore")
@click.argument("archivo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--reemplazar",
    is_flag=True,
    help="Sustituye el contenido de una base de datos que no está vacía.",
)
@with_appcontext
def restore_command(archivo: Path, reemplazar: bool) -> None:
    """Restaura una copia hecha con `backup` (detenga antes el portal) y reconstruye el índice."""
    try:
        manifest = backup.restore(archivo, replace=reemplazar)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    search.reindex()
    click.echo(
        f"Copia del {manifest['creado']} restaurada ({manifest['motor']}); índice reconstruido."
    )
