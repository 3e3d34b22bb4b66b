"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.my_contracts.routes import detail, documents, lists, modifications, payments  # noqa: F401
