"""Shared set-up of the contratos_entidad tests: the people around one contract, and files.

The other test_contratos_entidad_* modules import the ``partes`` fixture from here.
"""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from support import sign_in

from portal.models import Contrato, Membresia, User

PDF = b"%PDF-1.4 documento de prueba\n%%EOF"
# Ended long ago / ends far in the future, whatever today's date is.
PASADO = datetime(2025, 1, 31, 5, 0, tzinfo=UTC)
FUTURO = datetime(2099, 12, 31, 5, 0, tzinfo=UTC)

# Minimum documents of a "Selección Abreviada de Menor Cuantía" (the make_proceso default).
DOCS_PROCESO = ("estudios_previos", "aviso_convocatoria", "pliego_definitivo", "oferta",
                "informe_evaluacion")  # fmt: skip
DOCS_CONTRATO = ("contrato", "garantia", "acta_inicio", "informe_supervision", "factura")


@dataclass
class Partes:
    contrato: Contrato
    comprador: User
    administrador: User
    contratista: User
    supervisor: User
    membresias: dict[int, Membresia]

    def sign_in(self, client, user: User):
        """Log ``client`` in as ``user``, acting through their membership (if any)."""
        sign_in(client, user, self.membresias.get(user.id))
        return client


def pdf(nombre: str = "documento.pdf") -> tuple:
    return (io.BytesIO(PDF), nombre)


def member(db, user: User, cuenta, rol: str) -> Membresia:
    membresia = Membresia(usuario=user, cuenta=cuenta, rol=rol, estado="aceptado")
    db.session.add(membresia)
    db.session.flush()
    return membresia


def publish_minimum_documents(make_documento, contrato: Contrato, *, con_liquidacion=False):
    for tipo in DOCS_PROCESO:
        make_documento(proceso=contrato.proceso, etapa="precontractual", tipo=tipo)
    for tipo in DOCS_CONTRATO:
        make_documento(contrato=contrato, proceso=contrato.proceso, etapa="contractual", tipo=tipo)
    if con_liquidacion:
        make_documento(
            contrato=contrato,
            proceso=contrato.proceso,
            etapa="liquidacion",
            tipo="acta_liquidacion",
        )


@pytest.fixture
def partes(db, make_contrato, make_user) -> Partes:
    """A contract in execution, ended long ago, and every person with a role on it."""
    contrato = make_contrato(fecha_inicio=datetime(2024, 2, 1, 5, 0, tzinfo=UTC), fecha_fin=PASADO)
    comprador, administrador, contratista, supervisor = (make_user() for _ in range(4))
    membresias = {
        comprador.id: member(db, comprador, contrato.entidad, "comprador"),
        administrador.id: member(db, administrador, contrato.entidad, "administrador"),
        contratista.id: member(db, contratista, contrato.proveedor, "proveedor"),
    }
    contrato.supervisor = supervisor
    db.session.commit()
    return Partes(contrato, comprador, administrador, contratista, supervisor, membresias)


def test_partes_have_the_roles_the_other_tests_rely_on(app, partes):
    from portal import access

    assert access.contract_roles(partes.comprador, partes.contrato) == {"entidad.comprador"}
    assert access.contract_roles(partes.contratista, partes.contrato) == {"proveedor.proveedor"}
    assert access.contract_roles(partes.supervisor, partes.contrato) == {"supervisor"}
