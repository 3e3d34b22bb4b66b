"""Registers every `flask --app portal ...` command; each lives with its domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Attach the CLI commands of every domain to the app."""
    from portal.demo.cli import seed_demo_command
    from portal.importer.cli import import_secop_command, import_unspsc_command
    from portal.search.cli import search_cli
    from portal.uploads.cli import subidas_cli

    for command in (
        import_secop_command,
        import_unspsc_command,
        seed_demo_command,
        search_cli,
        subidas_cli,
    ):
        app.cli.add_command(command)
