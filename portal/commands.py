"""Registers every `flask --app portal ...` command; each lives with its domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Attach the CLI commands of every domain to the app."""
    from portal.backup_cli import backup_command, restore_command
    from portal.demo.cli import seed_demo_command
    from portal.importer.cli import import_secop_command, import_unspsc_command
    from portal.search.cli import search_cli
    from portal.uploads.cli import subidas_cli
    from portal.users.cli import create_admin_command

    for command in (
        backup_command,
        restore_command,
        import_secop_command,
        import_unspsc_command,
        seed_demo_command,
        search_cli,
        subidas_cli,
        create_admin_command,
    ):
        app.cli.add_command(command)
