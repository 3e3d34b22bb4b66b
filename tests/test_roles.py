"""Who holds which permission: the one matrix behind ``portal.access`` and ``tiene_permiso``.

Changing a role set in ``portal/access.py`` changes a row here, and nowhere else.
"""

import re
from pathlib import Path

import pytest

from portal import access
from portal.accounts import membership
from portal.models import Membresia

COMPRADOR, ADMIN_ENTIDAD = "entidad.comprador", "entidad.administrador"
PROVEEDOR, ADMIN_PROVEEDOR = "proveedor.proveedor", "proveedor.administrador"
SUPERVISOR, PUBLICO = "supervisor", None
ACTORES = (COMPRADOR, ADMIN_ENTIDAD, PROVEEDOR, ADMIN_PROVEEDOR, SUPERVISOR, PUBLICO)

# permission -> the actors that hold it; every other actor is refused.
MATRIZ = {
    "gestionar_entidad": {COMPRADOR, ADMIN_ENTIDAD},
    "gestionar_contrato": {COMPRADOR, ADMIN_ENTIDAD},
    "ejecutar_contrato": {PROVEEDOR, ADMIN_PROVEEDOR},
    "supervisar_contrato": {SUPERVISOR},
    "registrar_pago": {COMPRADOR, ADMIN_ENTIDAD, SUPERVISOR},
    "leer_contrato": {COMPRADOR, ADMIN_ENTIDAD, PROVEEDOR, ADMIN_PROVEEDOR, SUPERVISOR},
    "administrar_cuenta": {ADMIN_ENTIDAD, ADMIN_PROVEEDOR},
}


def test_the_matrix_names_every_permission():
    assert set(MATRIZ) == set(access.PERMISSIONS)


@pytest.mark.parametrize("actor", ACTORES)
@pytest.mark.parametrize("permiso", MATRIZ)
def test_permission_matrix(permiso, actor):
    roles = {actor} if actor else set()
    assert access.tiene_permiso(permiso, roles) is (actor in MATRIZ[permiso])


@pytest.mark.parametrize("actor", [a for a in ACTORES if a and a != SUPERVISOR])
@pytest.mark.parametrize("permiso", MATRIZ)
def test_a_membership_holds_what_its_role_holds(make_entidad, make_proveedor, permiso, actor):
    tipo, rol = actor.split(".")
    cuenta = make_entidad() if tipo == "entidad" else make_proveedor()
    aceptada = Membresia(cuenta=cuenta, rol=rol, estado="aceptado")
    assert access.tiene_permiso(permiso, aceptada) is (actor in MATRIZ[permiso])


@pytest.mark.parametrize("estado", ["pendiente", "rechazado", "cancelado", "desactivado"])
def test_a_membership_not_accepted_holds_nothing(make_entidad, estado):
    membresia = Membresia(cuenta=make_entidad(), rol="administrador", estado=estado)
    assert not any(access.tiene_permiso(permiso, membresia) for permiso in MATRIZ)


def test_an_unknown_permission_fails_loudly():
    with pytest.raises(KeyError):
        access.tiene_permiso("gestionar_todo", {ADMIN_ENTIDAD})


@pytest.mark.parametrize(
    ("roles", "recorded"),
    [
        ({SUPERVISOR, PROVEEDOR, COMPRADOR}, "supervisor"),
        ({ADMIN_PROVEEDOR, COMPRADOR}, "proveedor"),
        ({PROVEEDOR}, "proveedor"),
        ({ADMIN_ENTIDAD}, "entidad"),
        (set(), ""),
    ],
)
def test_the_role_an_action_on_a_contract_is_recorded_under(roles, recorded):
    assert access.recorded_role(roles) == recorded


@pytest.mark.parametrize(
    ("roles_en_la_entidad", "recorded"),
    [
        ({"comprador", "administrador"}, "comprador"),
        ({"administrador"}, "administrador"),
        (set(), None),
    ],
)
def test_the_role_a_process_change_is_recorded_under(
    db, make_user, make_entidad, roles_en_la_entidad, recorded
):
    user, entidad = make_user(), make_entidad()
    for rol in roles_en_la_entidad:
        db.session.add(Membresia(usuario=user, cuenta=entidad, rol=rol, estado="aceptado"))
    db.session.flush()
    assert access.buyer_role(user, entidad.id) == recorded


def test_each_kind_of_account_offers_its_roles(make_entidad, make_proveedor):
    entidad, proveedor = make_entidad(), make_proveedor()
    assert membership.roles_for(entidad) == {
        "administrador": "Administrador",
        "comprador": "Comprador",
    }
    assert membership.roles_for(proveedor) == {
        "administrador": "Administrador",
        "proveedor": "Proveedor",
    }
    assert (membership.default_role(entidad), membership.default_role(proveedor)) == (
        "comprador",
        "proveedor",
    )


@pytest.mark.parametrize(
    ("rol", "menu_de_entidad"),
    [("comprador", True), ("administrador", True), ("proveedor", False), (None, False)],
)
def test_the_menu_asks_the_active_account(client, login_as, rol, menu_de_entidad):
    login_as(rol)
    page = client.get("/procesos").get_data(as_text=True)
    assert ('href="/entidad/procesos"' in page) is menu_de_entidad


TEMPLATES = Path(__file__).parent.parent / "portal" / "templates"
ROLE_LITERAL = re.compile(
    r"""["'](?:entidad\.|proveedor\.)?(?:comprador|administrador|supervisor|proveedor)["']"""
)


def test_no_template_lists_roles():
    """Templates ask ``tiene_permiso``; a role name in quotes means a rule escaped portal.access."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in ROLE_LITERAL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
