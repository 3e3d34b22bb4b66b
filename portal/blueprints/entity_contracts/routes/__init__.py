"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.entity_contracts.routes import breaches, contracts, modifications  # noqa: F401
