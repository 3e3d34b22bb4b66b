"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.entity_processes.routes import documents, processes, states  # noqa: F401
