"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.accounts.routes import members, registration, requests  # noqa: F401
