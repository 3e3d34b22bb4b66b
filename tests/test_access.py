"""The role answers every feature's access matrix is built on."""

import pytest

from portal import access
from portal.models import Membresia


@pytest.fixture
def contrato(make_contrato):
    return make_contrato()


def member(db, user, cuenta, rol, estado="aceptado"):
    db.session.add(Membresia(usuario=user, cuenta=cuenta, rol=rol, estado=estado))
    db.session.flush()


def test_roles_on_a_contract(db, make_user, contrato):
    supervisor, contratista, comprador, ajeno = (make_user() for _ in range(4))
    contrato.supervisor_id = supervisor.id
    member(db, contratista, contrato.proveedor, "proveedor")
    member(db, comprador, contrato.entidad, "comprador")
    assert access.contract_roles(supervisor, contrato) == {"supervisor"}
    assert access.contract_roles(contratista, contrato) == {"proveedor.proveedor"}
    assert access.contract_roles(comprador, contrato) == {"entidad.comprador"}
    assert access.contract_roles(ajeno, contrato) == set()


@pytest.mark.parametrize("estado", ["pendiente", "rechazado", "cancelado"])
def test_only_accepted_memberships_count(db, make_user, contrato, estado):
    user = make_user()
    member(db, user, contrato.entidad, "administrador", estado=estado)
    assert access.account_roles(user, contrato.entidad_id) == set()


def test_require_raises_403(app):
    from werkzeug.exceptions import Forbidden

    with pytest.raises(Forbidden):
        access.require({"entidad.comprador"}, ["supervisor"])
    access.require({"supervisor"}, ["supervisor", "entidad.comprador"])
