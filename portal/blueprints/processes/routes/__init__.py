"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.processes.routes import expediente, search  # noqa: F401
