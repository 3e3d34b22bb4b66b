"""Registers every `flask --app portal ...` command; each lives with its domain."""

from flask import Flask


def register(app: Flask) -> None:
    """Attach the CLI commands of every domain to the app."""
    commands = []
    for command in commands:
        app.cli.add_command(command)
