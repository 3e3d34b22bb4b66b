"""`flask --app portal seed-demo`: load the synthetic demo and print how to log in."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD
from portal.demo.generator import (
    DEFAULT_PROCESSES,
    DEFAULT_REFERENCE_DATE,
    DEFAULT_SEED,
    DemoAlreadyLoaded,
    database_is_empty,
    generate,
)
from portal.extensions import db
from portal.models import User

PORTAL_URL = "http://127.0.0.1:5000/"


@click.command(
    "seed-demo",
    help=(
        "Carga datos sintéticos de demostración: entidades, proveedores, procesos, contratos, "
        "documentos PDF, solicitudes de pago, modificaciones, incumplimientos y usuarios de "
        "prueba. Los mismos parámetros dan siempre los mismos datos."
    ),
)
@click.option(
    "--processes",
    "--procesos",
    "processes",
    type=click.IntRange(1, 5_000_000),
    default=DEFAULT_PROCESSES,
    show_default=True,
    help="Número de procesos a generar.",
)
@click.option(
    "--seed",
    "--semilla",
    "seed",
    type=int,
    default=DEFAULT_SEED,
    show_default=True,
    help="Semilla: la misma semilla produce los mismos datos.",
)
@click.option(
    "--fecha-referencia",
    "reference_date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=DEFAULT_REFERENCE_DATE.isoformat(),
    show_default=True,
    help="Día alrededor del cual se ubican las fechas (AAAA-MM-DD).",
)
@click.option(
    "--if-empty",
    "--si-vacia",
    "if_empty",
    is_flag=True,
    help="No hace nada si la base de datos ya tiene procesos (pero muestra los usuarios).",
)
@click.option(
    "--no-documents",
    "--sin-documentos",
    "no_documents",
    is_flag=True,
    help="No genera documentos (cargas masivas más rápidas).",
)
@with_appcontext
def seed_demo_command(processes, seed, reference_date, if_empty, no_documents) -> None:
    """Load the synthetic demo into an empty database and print the demo logins."""
    if not database_is_empty():
        if not if_empty:
            raise click.ClickException(
                "La base de datos ya tiene procesos o usuarios de demostración: la demostración "
                "solo se carga en una base vacía. Use --if-empty para omitir este paso sin error."
            )
        click.echo("La base de datos ya tiene datos: no se cargó la demostración.")
        print_logins()
        return
    click.echo(
        f"Generando {processes:,} procesos de demostración (semilla {seed})...".replace(",", ".")
    )
    with click.progressbar(length=processes, label="Procesos", show_pos=True) as bar:
        try:
            summary = generate(
                processes,
                seed,
                reference_date=reference_date.date(),
                documents=not no_documents,
                progress=bar.update,
            )
        except DemoAlreadyLoaded as error:  # another process seeded meanwhile
            raise click.ClickException("La demostración ya estaba cargada.") from error
    click.echo(
        f"Listo en {summary.segundos} s: {summary.entidades} entidades, "
        f"{summary.proveedores} proveedores, {summary.procesos} procesos, "
        f"{summary.contratos} contratos, {summary.documentos} documentos "
        f"({summary.archivos_pdf} PDF generados), {summary.eventos} eventos, "
        f"{summary.solicitudes_pago} solicitudes de pago, {summary.modificaciones} modificaciones "
        f"y {summary.incumplimientos} incumplimientos."
    )
    print_logins()


def print_logins() -> None:
    """Print the portal address and the demo users that exist in this database."""
    existing = set(
        db.session.scalars(
            select(User.usuario).where(User.usuario.in_([d.usuario for d in DEMO_LOGINS]))
        )
    )
    click.echo(f"\nPortal de Contratación: {PORTAL_URL}")
    if not existing:
        click.echo("Esta base de datos no tiene los usuarios de demostración.")
        return
    click.echo("Usuarios de demostración:")
    click.echo(f"  {'usuario':<15} {'contraseña':<12} rol")
    for login in DEMO_LOGINS:
        if login.usuario in existing:
            rol = f"{login.descripcion} ({login.cuenta})"
            click.echo(f"  {login.usuario:<15} {DEMO_PASSWORD:<12} {rol}")
