"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.auth.routes import login, my_account, recovery, registration  # noqa: F401
