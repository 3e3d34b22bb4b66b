"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.documents.routes import documents, verify  # noqa: F401
