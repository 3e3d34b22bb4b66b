"""PAA routes: the public plan of an entity and the entity's own management pages."""

from portal.blueprints.paa import bp, gestion, publico  # noqa: F401  (modules that register routes)
