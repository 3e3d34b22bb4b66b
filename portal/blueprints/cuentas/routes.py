"""Account routes, split by flow: registration, access requests, members."""

from portal.blueprints.cuentas import (  # noqa: F401  (modules that register routes)
    bp,
    miembros,
    registrar,
    solicitudes,
)
