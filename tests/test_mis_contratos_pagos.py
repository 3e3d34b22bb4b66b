"""The payment plan: create, attach the invoice, send, reject, resend, approve, pay."""

import pytest
import test_mis_contratos as base
from sqlalchemy import select
from test_mis_contratos import documento_llamado, seccion_url, subir

from portal.blueprints.my_contracts.forms import parse_pesos
from portal.contracts.queries import totales
from portal.models import SolicitudPago

escenario = base.escenario  # the shared fixture (pytest finds it by name in this module)


def crear(client, contrato, numero="FE-101", valor="4.000.000", fecha="2026-05-02"):
    data = {"numero_factura": numero, "fecha_emision": fecha, "valor": valor}
    return client.post(f"/mis-contratos/{contrato.id_contrato}/pagos/nueva", data=data)


def solicitud_numero(db, numero) -> SolicitudPago:
    return db.session.scalar(select(SolicitudPago).where(SolicitudPago.numero_factura == numero))


def pago_url(contrato, solicitud, accion=""):
    return f"/mis-contratos/{contrato.id_contrato}/pagos/{solicitud.id}" + (
        f"/{accion}" if accion else ""
    )


@pytest.mark.parametrize(
    ("texto", "pesos"),
    [
        ("4000000", 4_000_000),
        ("$ 4.000.000", 4_000_000),
        ("4.000.000 COP", 4_000_000),
        (" 15 ", 15),
    ],
)
def test_pesos_are_read_as_colombians_write_them(texto, pesos):
    assert parse_pesos(texto) == pesos


@pytest.mark.parametrize("texto", ["4.000.000,50", "cuatro", "0", "4.00.000", "-5", ""])
def test_bad_amounts_are_refused(texto):
    with pytest.raises(ValueError):
        parse_pesos(texto)


def test_form_errors_are_in_spanish_and_lose_nothing(escenario):
    response = crear(
        escenario.c_contratista, escenario.contrato, valor="1.500,50", fecha="2099-01-01"
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "sin centavos" in text and "posterior a hoy" in text and 'value="FE-101"' in text


def test_the_whole_payment_path(app, db, escenario, outbox):
    c, s, contrato = escenario.c_contratista, escenario.c_supervisor, escenario.contrato
    assert crear(c, contrato).status_code == 303
    solicitud = solicitud_numero(db, "FE-101")
    assert (solicitud.estado, solicitud.valor, solicitud.creado_por_id) == (
        "borrador",
        4_000_000,
        escenario.contratista.id,
    )
    assert crear(c, contrato).status_code == 400  # same invoice number twice
    no_invoice = c.post(pago_url(contrato, solicitud, "enviar"))
    assert no_invoice.status_code == 400 and "Anexe la factura" in no_invoice.get_data(as_text=True)
    page = c.get(pago_url(contrato, solicitud)).get_data(as_text=True)
    assert 'name="proposito" value="factura_pago"' in page
    target = {"solicitud_id": str(solicitud.id)}
    assert (
        subir(c, contrato, "Factura FE-101.pdf", proposito="factura_pago", **target).status_code
        == 303
    )
    assert c.post(pago_url(contrato, solicitud, "enviar")).status_code == 303
    db.session.refresh(solicitud)
    assert solicitud.estado == "enviada" and solicitud.fecha_recepcion is not None
    assert "Solicitud de pago por revisar" in outbox.last(escenario.supervisor.email)["Subject"]
    # An invoice on a request already sent is refused: it can no longer change.
    assert subir(c, contrato, "Otra.pdf", proposito="factura_pago", **target).status_code == 403

    motivo = "El valor no coincide con el informe de ejecución."
    assert (
        s.post(
            pago_url(contrato, solicitud, "revisar"),
            data={"decision": "rechazar", "observacion": motivo},
        ).status_code
        == 303
    )
    db.session.refresh(solicitud)
    assert (solicitud.estado, solicitud.motivo_rechazo) == ("rechazada", motivo)
    assert motivo in outbox.text(outbox.last(escenario.contratista.email))
    assert motivo in c.get(seccion_url(contrato)).get_data(as_text=True)

    subir(c, contrato, "Factura FE-101 corregida.pdf", proposito="factura_pago", **target)
    db.session.refresh(solicitud)
    assert solicitud.factura.nombre_archivo == "Factura FE-101 corregida.pdf"
    assert (
        documento_llamado(db, "Factura FE-101.pdf").estado == "eliminado"
    )  # replaced, not destroyed
    c.post(pago_url(contrato, solicitud, "enviar"))
    assert (
        s.post(pago_url(contrato, solicitud, "revisar"), data={"decision": "aprobar"}).status_code
        == 303
    )
    assert "aprobada" in outbox.last(escenario.contratista.email)["Subject"]
    assert s.post(pago_url(contrato, solicitud, "pagar")).status_code == 303
    db.session.refresh(solicitud), db.session.refresh(contrato)
    assert solicitud.estado == "pagada" and solicitud.pagado_por_id == escenario.supervisor.id
    assert contrato.valor_pagado == 4_000_000
    assert "Pago registrado" in outbox.last(escenario.contratista.email)["Subject"]
    assert solicitud.factura.estado == "aprobado"  # the approved invoice is part of the public file
    plan = c.get(seccion_url(contrato)).get_data(as_text=True)
    assert "Pagada" in plan and "$ 6.000.000" in plan  # por pagar: 10.000.000 - 4.000.000
    assert s.post(pago_url(contrato, solicitud, "pagar")).status_code == 409  # already paid


def test_a_request_cannot_exceed_what_is_left(db, escenario):
    c, contrato = escenario.c_contratista, escenario.contrato
    for numero, valor in (("A-1", "7.000.000"), ("A-2", "4.000.000")):
        crear(c, contrato, numero, valor)
        solicitud = solicitud_numero(db, numero)
        subir(
            c, contrato, f"{numero}.pdf", proposito="factura_pago", solicitud_id=str(solicitud.id)
        )
    assert c.post(pago_url(contrato, solicitud_numero(db, "A-1"), "enviar")).status_code == 303
    refused = c.post(pago_url(contrato, solicitud_numero(db, "A-2"), "enviar"))
    assert refused.status_code == 400 and "$ 3.000.000" in refused.get_data(as_text=True)
    assert solicitud_numero(db, "A-2").estado == "borrador"


def test_totals_follow_the_states(escenario):
    from datetime import date

    def pago(estado, valor):
        return SolicitudPago(
            numero_factura="x", fecha_emision=date(2026, 1, 1), valor=valor, estado=estado
        )

    solicitudes = [pago("pagada", 1_000), pago("pagada", 500), pago("aprobada", 300), pago("enviada", 200),
                   pago("rechazada", 9_999), pago("borrador", 50)]  # fmt: skip
    escenario.contrato.valor = 5_000
    result = totales(escenario.contrato, solicitudes)
    assert (result.pagado, result.en_tramite, result.comprometido) == (1_500, 500, 2_000)
    assert (result.por_pagar, result.disponible) == (3_500, 3_000)
    escenario.contrato.valor = None
    assert totales(escenario.contrato, solicitudes).por_pagar is None
