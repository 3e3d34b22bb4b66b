"""The pages of this blueprint, one module each; importing them registers their views."""

from portal.blueprints.uploads.routes import pages, tus  # noqa: F401
