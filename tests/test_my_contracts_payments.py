"""The payment plan: create, attach the invoice, send, reject, resend, approve, pay."""

from datetime import UTC, date, datetime

from sqlalchemy import select
from support import documento_llamado, seccion_url, subir

from portal.contracts.queries import totals
from portal.models import SolicitudPago


def crear(client, contrato, numero="FE-101", valor="4.000.000", fecha="2026-05-02"):
    data = {"numero_factura": numero, "fecha_emision": fecha, "valor": valor}
    return client.post(f"/mis-contratos/{contrato.id_contrato}/pagos/nueva", data=data)


def solicitud_numero(db, numero) -> SolicitudPago:
    return db.session.scalar(select(SolicitudPago).where(SolicitudPago.numero_factura == numero))


def pago_url(contrato, solicitud, accion=""):
    return f"/mis-contratos/{contrato.id_contrato}/pagos/{solicitud.id}" + (
        f"/{accion}" if accion else ""
    )


# How amounts are read (and a zero payment refused) is tested in test_money.py.


def test_form_errors_are_in_spanish_and_lose_nothing(my_contract):
    response = crear(
        my_contract.c_contratista, my_contract.contrato, valor="1.500,50", fecha="2099-01-01"
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "sin centavos" in text and "posterior a hoy" in text and 'value="FE-101"' in text


def test_the_whole_payment_path(app, db, my_contract, outbox):
    c, s, contrato = my_contract.c_contratista, my_contract.c_supervisor, my_contract.contrato
    assert crear(c, contrato).status_code == 303
    solicitud = solicitud_numero(db, "FE-101")
    assert (solicitud.estado, solicitud.valor, solicitud.creado_por_id) == (
        "borrador",
        4_000_000,
        my_contract.contratista.id,
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
    assert "Solicitud de pago por revisar" in outbox.last(my_contract.supervisor.email)["Subject"]
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
    assert motivo in outbox.text(outbox.last(my_contract.contratista.email))
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
    assert "aprobada" in outbox.last(my_contract.contratista.email)["Subject"]
    assert s.post(pago_url(contrato, solicitud, "pagar")).status_code == 303
    db.session.refresh(solicitud), db.session.refresh(contrato)
    assert solicitud.estado == "pagada" and solicitud.pagado_por_id == my_contract.supervisor.id
    assert contrato.valor_pagado == 4_000_000
    assert "Pago registrado" in outbox.last(my_contract.contratista.email)["Subject"]
    assert solicitud.factura.estado == "aprobado"  # the approved invoice is part of the public file
    plan = c.get(seccion_url(contrato)).get_data(as_text=True)
    assert "Pagada" in plan and "$ 6.000.000" in plan  # por pagar: 10.000.000 - 4.000.000
    assert s.post(pago_url(contrato, solicitud, "pagar")).status_code == 409  # already paid


# `clock` comes before `my_contract`: the login sessions start on the test's clock.
def test_the_payment_rules_read_the_one_clock(db, clock, my_contract):
    c, contrato = my_contract.c_contratista, my_contract.contrato
    # The clock says 2 March 2026, 10:00 in Bogotá: the next day's invoice is "after today".
    tomorrow = crear(c, contrato, fecha="2026-03-03").get_data(as_text=True)
    assert "posterior a hoy" in tomorrow
    assert crear(c, contrato, fecha="2026-03-02").status_code == 303
    solicitud = solicitud_numero(db, "FE-101")
    target = {"solicitud_id": str(solicitud.id)}
    subir(c, contrato, "Factura FE-101.pdf", proposito="factura_pago", **target)
    clock.advance(minutes=10)
    assert c.post(pago_url(contrato, solicitud, "enviar")).status_code == 303
    db.session.refresh(solicitud)
    assert solicitud.enviado_en == clock.current == datetime(2026, 3, 2, 15, 10, tzinfo=UTC)
    assert solicitud.fecha_recepcion == date(2026, 3, 2)


def test_a_request_cannot_exceed_what_is_left(db, my_contract):
    c, contrato = my_contract.c_contratista, my_contract.contrato
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


def test_totals_follow_the_states(my_contract):
    from datetime import date

    def pago(estado, valor):
        return SolicitudPago(
            numero_factura="x", fecha_emision=date(2026, 1, 1), valor=valor, estado=estado
        )

    solicitudes = [pago("pagada", 1_000), pago("pagada", 500), pago("aprobada", 300), pago("enviada", 200),
                   pago("rechazada", 9_999), pago("borrador", 50)]  # fmt: skip
    my_contract.contrato.valor = 5_000
    result = totals(my_contract.contrato, solicitudes)
    assert (result.pagado, result.en_tramite, result.comprometido) == (1_500, 500, 2_000)
    assert (result.por_pagar, result.disponible) == (3_500, 3_000)
    my_contract.contrato.valor = None
    assert totals(my_contract.contrato, solicitudes).por_pagar is None
