"""Search API used by views and commands; views never import whoosh."""

from pathlib import Path

from flask import current_app


def status() -> dict:
    """Describe the index for the health check."""
    path = Path(current_app.config["SEARCH_INDEX_DIR"])
    return {"estado": "ok" if path.is_dir() else "sin_indice", "ruta": path.name}
