"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.entities.routes import entities, paa  # noqa: F401
