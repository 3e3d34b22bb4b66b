"""End-to-end flows of the entity's contract management, through the HTTP client, role by role."""

import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from support import FUTURO, queries_of

from portal.contracts import breaches
from portal.models import (
    Contrato,
    Documento,
    Evento,
    Incumplimiento,
    Modificacion,
    SolicitudPago,
    User,
)

MULTIPART = "multipart/form-data"
PDF = b"%PDF-1.4 documento de prueba\n%%EOF"

# Minimum documents of a "Selección Abreviada de Menor Cuantía" (the make_proceso default).
DOCS_PROCESO = ("estudios_previos", "aviso_convocatoria", "pliego_definitivo", "oferta",
                "informe_evaluacion")  # fmt: skip
DOCS_CONTRATO = ("contrato", "garantia", "acta_inicio", "informe_supervision", "factura")


def pdf(nombre: str = "documento.pdf") -> tuple:
    return (io.BytesIO(PDF), nombre)


def publish_minimum_documents(make_documento, contrato, *, con_liquidacion=False):
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


def url(partes, suffix: str = "") -> str:
    return f"/entidad/contratos/{partes.contrato.id_contrato}{suffix}"


def create_modification(client, partes, **data):
    response = client.post(url(partes, "/modificaciones/nueva"), data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return Modificacion.query.order_by(Modificacion.id.desc()).first()


def attach_document(client, partes, modificacion, nombre="otrosi.pdf"):
    response = client.post(
        "/subidas/formulario",
        data={
            "proposito": "documento_modificacion",
            "contrato_id": str(partes.contrato.id),
            "modificacion_id": str(modificacion.id),
            "archivo": pdf(nombre),
        },
        content_type=MULTIPART,
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def mod_url(partes, modificacion, accion: str = "") -> str:
    return url(partes, f"/modificaciones/{modificacion.id}{accion}")


def contractor_url(partes, modificacion, accion: str = "") -> str:
    base = f"/mis-contratos/{partes.contrato.id_contrato}/modificaciones/{modificacion.id}"
    return base + accion


def run_modification(app, db, partes, **data) -> Modificacion:
    """Entity drafts and sends; contractor approves; entity publishes."""
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    contratista = partes.sign_in(app.test_client(), partes.contratista)
    modificacion = create_modification(entidad, partes, **data)
    attach_document(entidad, partes, modificacion)
    assert entidad.post(mod_url(partes, modificacion, "/enviar")).status_code == 303
    assert contratista.post(contractor_url(partes, modificacion, "/aprobar")).status_code == 303
    assert entidad.post(mod_url(partes, modificacion, "/publicar")).status_code == 303
    db.session.expire_all()
    return db.session.get(Modificacion, modificacion.id)


def public_page(client, partes) -> str:
    return client.get(f"/contratos/{partes.contrato.id_contrato}").get_data(as_text=True)


def process_history(client, partes) -> str:
    proceso = partes.contrato.proceso.id_del_proceso
    return client.get(f"/procesos/{proceso}/historial").get_data(as_text=True)


def test_partes_have_the_roles_the_other_tests_rely_on(app, partes):
    from portal import access

    assert access.contract_roles(partes.comprador, partes.contrato) == {"entidad.comprador"}
    assert access.contract_roles(partes.contratista, partes.contrato) == {"proveedor.proveedor"}
    assert access.contract_roles(partes.supervisor, partes.contrato) == {"supervisor"}


# --- modifications --------------------------------------------------------------------------


def test_addition_changes_value_after_approval_and_publication(app, db, client, partes, outbox):
    partes.contrato.fecha_fin = FUTURO
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    contratista = partes.sign_in(app.test_client(), partes.contratista)

    modificacion = create_modification(
        entidad, partes, tipo="adicion", descripcion="Adición para obras complementarias",
        valor_adicion="25.000.000",
    )  # fmt: skip
    assert (modificacion.estado, modificacion.valor_despues) == ("borrador", 200_000_000)
    # Sending without its document is refused, with the reason.
    entidad.post(mod_url(partes, modificacion, "/enviar"))
    assert "Adjunte el documento" in entidad.get(mod_url(partes, modificacion)).get_data(
        as_text=True
    )
    # A draft does not exist for the contractor.
    assert contratista.get(contractor_url(partes, modificacion)).status_code == 404

    attach_document(entidad, partes, modificacion)
    documento = db.session.get(Modificacion, modificacion.id).documento
    assert documento.estado == "borrador" and not documento.es_publico
    assert client.get(f"/documentos/{documento.id}").status_code == 404

    assert entidad.post(mod_url(partes, modificacion, "/enviar")).status_code == 303
    aviso = outbox.last(partes.contratista.email)
    assert "por aprobar" in aviso["Subject"]
    assert contractor_url(partes, modificacion) in outbox.text(aviso)

    # The contractor reads it (section 8 links to it) and downloads the private document.
    seccion = contratista.get(f"/mis-contratos/{partes.contrato.id_contrato}/modificaciones")
    assert "Revisar y aprobar" in seccion.get_data(as_text=True)
    pagina = contratista.get(contractor_url(partes, modificacion)).get_data(as_text=True)
    assert "$ 175.000.000 → $ 200.000.000" in pagina
    with contratista.get(contractor_url(partes, modificacion, "/documento")) as descarga:
        assert descarga.status_code == 200 and descarga.data.startswith(b"%PDF")
        assert descarga.headers["X-Content-Type-Options"] == "nosniff"

    # Publishing before the approval is refused; the contract stays as it was.
    entidad.post(mod_url(partes, modificacion, "/publicar"))
    db.session.expire_all()
    assert partes.contrato.valor == 175_000_000

    assert contratista.post(contractor_url(partes, modificacion, "/aprobar")).status_code == 303
    assert "aprobó" in outbox.last(partes.comprador.email)["Subject"]
    assert entidad.post(mod_url(partes, modificacion, "/publicar")).status_code == 303

    db.session.expire_all()
    contrato = partes.contrato
    assert (contrato.valor, contrato.estado, contrato.estado_publicado) == (
        200_000_000, "modificado", "Modificado",
    )  # fmt: skip
    modificacion = db.session.get(Modificacion, modificacion.id)
    assert modificacion.estado == "publicada" and modificacion.documento.estado == "publicado"
    evento = db.session.scalar(select(Evento).where(Evento.accion == "modificacion.publicada"))
    assert evento.publico and evento.proceso_id == contrato.proceso_id
    assert evento.cambios["valor"] == [175_000_000, 200_000_000]
    assert evento.cambios["estado"] == ["en_ejecucion", "modificado"]
    assert "$ 175.000.000 a $ 200.000.000" in process_history(client, partes)
    publica = public_page(client, partes)
    assert "Adición de valor" in publica and modificacion.documento.nombre_archivo in publica
    assert client.get(f"/documentos/{modificacion.documento.id}").status_code == 200


def test_additions_stop_at_half_the_initial_value(app, db, partes):
    contrato = partes.contrato
    contrato.fecha_fin, contrato.modalidad, contrato.tipo_contrato = (
        FUTURO,
        "Licitación pública",
        "Obra",
    )
    db.session.commit()
    run_modification(app, db, partes, tipo="adicion", descripcion="Primera adición de obra",
                     valor_adicion="80.000.000")  # fmt: skip
    assert partes.contrato.valor == 255_000_000
    # The cap is half of the initial 175 million, 87.5 million: 7.5 million are left.
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    refused = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "adicion", "descripcion": "Segunda adición de obra", "valor_adicion": "10.000.000"},
    )  # fmt: skip
    page = refused.get_data(as_text=True)
    assert "supera el tope legal" in page and "puede adicionar hasta $ 7.500.000" in page
    assert db.session.scalar(select(Modificacion.id).where(Modificacion.numero == 2)) is None
    run_modification(app, db, partes, tipo="adicion", descripcion="Segunda adición de obra",
                     valor_adicion="7.500.000")  # fmt: skip
    assert partes.contrato.valor == 262_500_000


@pytest.mark.parametrize(
    ("modalidad", "tipo_contrato"),
    [("Contratación régimen especial", "Prestación de servicios"), ("Concurso de méritos abierto", "Interventoría")],
)  # fmt: skip
def test_special_regime_and_interventoria_have_no_addition_cap(
    app, db, partes, modalidad, tipo_contrato
):
    contrato = partes.contrato
    contrato.fecha_fin, contrato.modalidad, contrato.tipo_contrato = (
        FUTURO,
        modalidad,
        tipo_contrato,
    )
    db.session.commit()
    run_modification(app, db, partes, tipo="adicion", descripcion="Adición mayor que la mitad",
                     valor_adicion="100.000.000")  # fmt: skip
    assert partes.contrato.valor == 275_000_000


def test_extension_moves_the_end_date(app, db, client, partes):
    partes.contrato.fecha_fin = datetime(2098, 6, 30, 5, 0, tzinfo=UTC)
    db.session.commit()
    modificacion = run_modification(
        app, db, partes, tipo="prorroga", descripcion="Prórroga por lluvias de temporada",
        nueva_fecha_fin="2098-09-30",
    )  # fmt: skip
    assert modificacion.estado == "publicada"
    assert partes.contrato.fecha_fin == datetime(2098, 9, 30, 5, 0, tzinfo=UTC)
    evento = db.session.scalar(select(Evento).where(Evento.accion == "modificacion.publicada"))
    assert evento.cambios["fecha_fin"] == ["2098-06-30", "2098-09-30"]
    assert "de 30/06/2098 a 30/09/2098" in process_history(client, partes)


def test_extension_must_move_the_date_forward(app, db, partes):
    partes.contrato.fecha_fin = FUTURO
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={
            "tipo": "prorroga",
            "descripcion": "Prórroga mal pedida",
            "nueva_fecha_fin": "2030-01-01",
        },
    )
    assert response.status_code == 422
    assert "posterior a la actual (31/12/2099)" in response.get_data(as_text=True)
    assert "Prórroga mal pedida" in response.get_data(as_text=True)  # nothing typed is lost
    assert Modificacion.query.count() == 0


def test_suspension_then_resumption(app, db, client, partes):
    partes.contrato.fecha_fin = datetime(2098, 6, 30, 5, 0, tzinfo=UTC)
    db.session.commit()
    run_modification(
        app, db, partes, tipo="suspension", descripcion="Suspensión por orden judicial"
    )
    assert partes.contrato.estado == "suspendido"

    # An addition while suspended keeps the contract suspended.
    run_modification(
        app,
        db,
        partes,
        tipo="adicion",
        descripcion="Adición durante la suspensión",
        valor_adicion="1000",
    )
    assert (partes.contrato.estado, partes.contrato.valor) == ("suspendido", 175_001_000)

    # A second suspension is refused while suspended.
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "suspension", "descripcion": "Otra suspensión más"},
    )
    assert "ya está suspendido" in response.get_data(as_text=True)

    run_modification(
        app, db, partes, tipo="reanudacion", descripcion="Reanudación tras la orden",
        nueva_fecha_fin="2098-08-15",
    )  # fmt: skip
    contrato = partes.contrato
    assert contrato.estado == "en_ejecucion"
    assert contrato.fecha_fin == datetime(2098, 8, 15, 5, 0, tzinfo=UTC)
    assert "Suspensión" in public_page(client, partes) and "Reanudación" in public_page(
        client, partes
    )


def test_resumption_only_of_a_suspended_contract(app, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "reanudacion", "descripcion": "Reanudar algo que corre"},
    )
    assert response.status_code == 422
    assert "Solo se reanuda un contrato suspendido" in response.get_data(as_text=True)


def test_assignment_hands_the_contract_to_the_new_contractor(
    app, db, client, partes, make_proveedor, make_user
):
    from support import sign_in

    from portal import access
    from portal.models import Membresia

    cesionario = make_proveedor(nombre="CESIONARIA DEL CARIBE S.A.S.", numero_documento="900777111")
    db.session.commit()
    anterior = partes.contrato.proveedor_id
    run_modification(
        app, db, partes, tipo="cesion", descripcion="Cesión autorizada por la entidad",
        cesionario="900.777.111",
    )  # fmt: skip
    contrato = partes.contrato
    assert (contrato.proveedor_id, contrato.estado) == (cesionario.id, "cedido")
    evento = db.session.scalar(select(Evento).where(Evento.accion == "modificacion.publicada"))
    assert "CESIONARIA DEL CARIBE" in evento.cambios["contratista"][1]
    # The old contractor no longer acts on it; the new one's members do.
    assert not access.contract_roles(partes.contratista, contrato) & {"proveedor.proveedor"}
    nuevo = make_user()
    membresia = Membresia(usuario=nuevo, cuenta=cesionario, rol="proveedor", estado="aceptado")
    db.session.add(membresia)
    db.session.commit()
    assert contrato.proveedor_id != anterior
    cliente = app.test_client()
    sign_in(cliente, nuevo, membresia)
    modificacion = Modificacion.query.one()
    assert cliente.get(contractor_url(partes, modificacion)).status_code == 200
    assert "CESIONARIA DEL CARIBE" in public_page(client, partes)


def test_assignment_to_an_unknown_provider_is_refused(app, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "cesion", "descripcion": "Cesión a quien no existe", "cesionario": "123"},
    )
    assert response.status_code == 422
    assert "No hay una cuenta de proveedor con el documento 123" in response.get_data(as_text=True)


def test_contractor_rejects_with_a_reason(app, db, partes, outbox):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    contratista = partes.sign_in(app.test_client(), partes.contratista)
    modificacion = create_modification(
        entidad, partes, tipo="otra", descripcion="Cambio del cronograma de entregas"
    )
    attach_document(entidad, partes, modificacion)
    entidad.post(mod_url(partes, modificacion, "/enviar"))

    sin_motivo = contratista.post(
        contractor_url(partes, modificacion, "/rechazar"), data={"motivo": ""}
    )
    assert sin_motivo.status_code == 422
    assert (
        contratista.post(
            contractor_url(partes, modificacion, "/rechazar"),
            data={"motivo": "El cronograma no es viable con el presupuesto"},
        ).status_code
        == 303
    )
    db.session.expire_all()
    modificacion = db.session.get(Modificacion, modificacion.id)
    assert modificacion.estado == "rechazada"
    assert "no es viable" in outbox.text(outbox.last(partes.comprador.email))
    # A rejected one cannot be approved or published any more.
    assert contratista.post(contractor_url(partes, modificacion, "/aprobar")).status_code == 409
    entidad.post(mod_url(partes, modificacion, "/publicar"))
    assert db.session.get(Modificacion, modificacion.id).estado == "rechazada"
    # ...and it no longer blocks a new one.
    assert (
        create_modification(entidad, partes, tipo="otra", descripcion="Nuevo cronograma").numero
        == 2
    )


def test_only_one_modification_in_progress(app, db, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    primera = create_modification(entidad, partes, tipo="otra", descripcion="Primera modificación")
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "otra", "descripcion": "Segunda a la vez"},
    )
    assert response.status_code == 422
    assert "N° 1 sigue en trámite" in response.get_data(as_text=True)
    assert entidad.post(mod_url(partes, primera, "/anular")).status_code == 303
    assert create_modification(entidad, partes, tipo="otra", descripcion="Ahora sí la segunda")


def test_closed_contract_takes_no_modifications(app, db, partes):
    partes.contrato.estado = "cerrado"
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "otra", "descripcion": "Demasiado tarde"},
    )
    assert response.status_code == 422
    assert "ya no admite modificaciones" in response.get_data(as_text=True)


def test_bad_input_gets_spanish_errors(app, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/modificaciones/nueva"),
        data={"tipo": "adicion", "descripcion": "corta", "valor_adicion": "mucho"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Escriba un valor en pesos" in body and "entre 10 y 5.000 caracteres" in body
    assert (
        entidad.post(url(partes, "/modificaciones/nueva"), data={"tipo": "nada"}).status_code == 422
    )


# --- breaches -------------------------------------------------------------------------------


def test_breach_is_registered_documented_and_public(app, db, client, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/incumplimientos/nuevo"),
        data={
            "tipo": "multa",
            "descripcion": "Retraso de 30 días en la entrega del segundo tramo",
            "fecha": "2026-10-05",
            "acto_administrativo": "Resolución 456 del 5 de octubre de 2026",
            "valor_sancion": "$ 8.750.000",
            "estado": "en_tramite",
        },
    )
    assert response.status_code == 303
    incumplimiento = Incumplimiento.query.one()
    assert (incumplimiento.valor_sancion, incumplimiento.fecha) == (8_750_000, date(2026, 10, 5))

    subida = entidad.post(
        "/subidas/formulario",
        data={
            "proposito": "documento_incumplimiento",
            "contrato_id": str(partes.contrato.id),
            "incumplimiento_id": str(incumplimiento.id),
            "archivo": pdf("resolucion-456.pdf"),
        },
        content_type=MULTIPART,
    )
    assert subida.status_code == 303
    assert (
        entidad.post(
            url(partes, f"/incumplimientos/{incumplimiento.id}/estado"),
            data={"estado": "en_firme", "nota": "Quedó en firme sin recursos"},
        ).status_code
        == 303
    )

    documento = db.session.get(Incumplimiento, incumplimiento.id).documentos[0]
    assert documento.es_publico and documento.tipo == "incumplimiento"
    publica = public_page(client, partes)
    assert "Resolución 456" in publica and "$ 8.750.000" in publica
    assert "resolucion-456.pdf" in publica and "Quedó en firme" in publica
    expediente = client.get(f"/procesos/{partes.contrato.proceso.id_del_proceso}").get_data(
        as_text=True
    )
    assert "resolucion-456.pdf" in expediente
    historial = process_history(client, partes)
    assert (
        "Registró un incumplimiento (Multa)" in historial
        and "Declarado (acto en firme)" in historial
    )
    # The contractor sees it in section 9.
    contratista = partes.sign_in(app.test_client(), partes.contratista)
    seccion = contratista.get(f"/mis-contratos/{partes.contrato.id_contrato}/incumplimientos")
    assert "Resolución 456" in seccion.get_data(as_text=True)


def test_breach_form_errors(app, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/incumplimientos/nuevo"),
        data={
            "tipo": "multa",
            "descripcion": "x",
            "fecha": "31/02/2026",
            "acto_administrativo": "",
        },
    )
    assert response.status_code == 422
    assert Incumplimiento.query.count() == 0


# --- liquidation and closure ----------------------------------------------------------------


def close(cliente, partes):
    return cliente.post(
        url(partes, "/cierre"),
        data={"archivo": pdf("constancia-cierre.pdf")},
        content_type=MULTIPART,
    )


def test_liquidation_publishes_the_act(app, db, client, partes):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/liquidacion"),
        data={"archivo": pdf("acta-liquidacion.pdf")},
        content_type=MULTIPART,
    )
    assert response.status_code == 303
    db.session.expire_all()
    contrato = partes.contrato
    assert contrato.estado == "liquidado" and contrato.liquidado_en is not None
    acta = Documento.query.filter_by(tipo="acta_liquidacion").one()
    assert (acta.etapa, acta.estado) == ("liquidacion", "publicado")
    assert "Liquidó el contrato" in process_history(client, partes)
    # Twice is refused with the reason.
    again = entidad.post(
        url(partes, "/liquidacion"), data={"archivo": pdf()}, content_type=MULTIPART
    )
    assert again.status_code == 422 and "ya fue liquidado" in again.get_data(as_text=True)


def test_liquidation_waits_for_the_end_of_execution(app, db, partes):
    partes.contrato.fecha_fin = FUTURO
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = entidad.post(
        url(partes, "/liquidacion"), data={"archivo": pdf()}, content_type=MULTIPART
    )
    assert response.status_code == 422
    assert "plazo de ejecución terminó" in response.get_data(as_text=True)
    assert Documento.query.count() == 0


def test_closure_refused_until_everything_is_in_order(
    app, db, client, partes, make_documento, outbox
):
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    contratista = partes.sign_in(app.test_client(), partes.contratista)
    # Services contracts are not liquidated: say so, with the reason.
    assert (
        entidad.post(
            url(partes, "/liquidacion/requiere"),
            data={"motivo": "Prestación de servicios profesionales (Decreto 019, art. 217)"},
        ).status_code
        == 303
    )
    db.session.expire_all()
    assert partes.contrato.requiere_liquidacion is False

    # 1. Documents missing.
    response = close(entidad, partes)
    assert response.status_code == 422
    assert "Documentos mínimos publicados" in response.get_data(as_text=True)
    publish_minimum_documents(make_documento, partes.contrato)
    # 2. A payment pending.
    pago = SolicitudPago(
        contrato_id=partes.contrato.id, numero_factura="FE-101", fecha_emision=date(2025, 1, 20),
        valor=5_000_000, estado="aprobada", creado_por_id=partes.contratista.id,
    )  # fmt: skip
    db.session.add(pago)
    db.session.commit()
    response = close(entidad, partes)
    assert response.status_code == 422 and "FE-101 (aprobada)" in response.get_data(as_text=True)
    pago.estado = "pagada"
    db.session.commit()
    # 3. A modification open.
    modificacion = create_modification(
        entidad, partes, tipo="otra", descripcion="Ajuste final de actas"
    )
    response = close(entidad, partes)
    assert response.status_code == 422 and "N° 1 (Otra modificación)" in response.get_data(
        as_text=True
    )
    entidad.post(mod_url(partes, modificacion, "/anular"))
    assert Documento.query.filter_by(tipo="cierre_expediente").count() == 0

    # Complete: the page offers the button and closing works.
    pagina = entidad.get(url(partes, "/cierre")).get_data(as_text=True)
    assert "Cerrar expediente" in pagina and "✗ Falta" not in pagina
    assert close(entidad, partes).status_code == 303
    db.session.expire_all()
    contrato = partes.contrato
    assert (contrato.estado, contrato.estado_publicado) == ("cerrado", "Cerrado")
    assert contrato.cerrado_en is not None
    constancia = Documento.query.filter_by(tipo="cierre_expediente").one()
    assert constancia.es_publico and constancia.etapa == "liquidacion"
    assert "cerró el expediente" in outbox.text(outbox.last(partes.contratista.email))
    assert "Cerró el expediente electrónico" in process_history(client, partes)
    assert "Expediente cerrado" in public_page(client, partes)
    # Closed: no second closure, no new modification.
    assert close(entidad, partes).status_code == 422
    assert contratista.get(url(partes, "/cierre")).status_code == 403


def test_closure_needs_the_liquidation_when_required(app, db, partes, make_documento):
    publish_minimum_documents(make_documento, partes.contrato)
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = close(entidad, partes)
    assert response.status_code == 422
    assert "Falta publicar el acta de liquidación" in response.get_data(as_text=True)
    entidad.post(url(partes, "/liquidacion"), data={"archivo": pdf()}, content_type=MULTIPART)
    assert close(entidad, partes).status_code == 303


def test_closure_refused_while_execution_runs(app, db, partes, make_documento):
    partes.contrato.fecha_fin = FUTURO
    partes.contrato.requiere_liquidacion = False
    publish_minimum_documents(make_documento, partes.contrato)
    db.session.commit()
    entidad = partes.sign_in(app.test_client(), partes.comprador)
    response = close(entidad, partes)
    assert response.status_code == 422
    assert "va hasta el 31/12/2099" in response.get_data(as_text=True)


def test_contracts_to_close_list_says_what_is_missing(
    app, db, partes, make_contrato, make_documento
):
    entidad = partes.contrato.entidad
    en_curso = make_contrato(proceso=partes.contrato.proceso, entidad=entidad, fecha_fin=FUTURO)
    listo = make_contrato(
        proceso=partes.contrato.proceso,
        entidad=entidad,
        estado="terminado",
        requiere_liquidacion=False,
    )
    publish_minimum_documents(make_documento, listo)
    cerrado = make_contrato(proceso=partes.contrato.proceso, entidad=entidad, estado="cerrado")
    db.session.commit()
    cliente = partes.sign_in(app.test_client(), partes.administrador)
    body = cliente.get("/entidad/contratos/por-cerrar").get_data(as_text=True)
    assert partes.contrato.referencia in body and listo.referencia in body
    assert en_curso.referencia not in body and cerrado.referencia not in body
    assert "Falta publicar el acta de liquidación" in body  # partes.contrato
    assert "Cumple todo" in body  # listo
    lista = cliente.get("/entidad/contratos").get_data(as_text=True)
    assert en_curso.referencia in lista and cerrado.referencia in lista
    filtrada = cliente.get("/entidad/contratos?estado=cerrado").get_data(as_text=True)
    assert cerrado.referencia in filtrada and en_curso.referencia not in filtrada


def test_events_carry_before_and_after(app, db, partes):
    run_modification(
        app, db, partes, tipo="adicion", descripcion="Adición de prueba", valor_adicion="5"
    )
    acciones = [e.accion for e in Evento.query.order_by(Evento.id)]
    assert acciones[:5] == [
        "modificacion.creada", "modificacion.documento", "modificacion.enviada",
        "modificacion.aprobada", "modificacion.publicada",
    ]  # fmt: skip
    enviada = Evento.query.filter_by(accion="modificacion.enviada").one()
    assert enviada.cambios["estado"] == ["borrador", "enviada"] and not enviada.publico
    assert (
        Evento.query.filter_by(accion="modificacion.aprobada").one().actor_id
        == partes.contratista.id
    )


def test_execution_ends_after_its_last_colombian_day(app, db, partes, clock):
    from portal.contracts import closure

    # 30 June 2026 in Bogotá; the contract's last day is that same day.
    partes.contrato.fecha_fin = datetime(2026, 6, 30, 5, 0, tzinfo=UTC)
    clock.current = datetime(2026, 7, 1, 4, 59, tzinfo=UTC)  # 23:59 on 30 June in Bogotá
    assert not closure.execution_ended(partes.contrato)

    def ids():
        query = closure.to_close_query(partes.contrato.entidad_id)
        return [c.id for c in db.session.scalars(query)]

    assert ids() == []
    clock.advance(minutes=1)  # midnight in Bogotá: 1 July has begun
    assert closure.execution_ended(partes.contrato)
    assert ids() == [partes.contrato.id]


def test_contract_pages_load_breaches_and_their_histories_in_a_fixed_number_of_queries(
    app, db, client, partes
):
    """A regression guard: the shared partials must not query once per breach."""

    contrato_id, comprador_id = partes.contrato.id, partes.comprador.id
    public_url = f"/contratos/{partes.contrato.id_contrato}"

    def add_breaches(count: int) -> None:
        # queries_of empties the session: load the contract and its buyer again each time.
        contrato, comprador = (
            db.session.get(Contrato, contrato_id),
            db.session.get(User, comprador_id),
        )
        for n in range(count):
            breaches.register(
                contrato,
                comprador,
                tipo="multa",
                descripcion=f"Retraso número {n} en la entrega",
                fecha=date(2026, 10, 5),
                acto_administrativo=f"Resolución {n}",
                valor_sancion=1_000_000,
                estado="en_tramite",
            )
        db.session.commit()

    add_breaches(1)
    with_one = queries_of(db, client, public_url)
    add_breaches(4)
    assert queries_of(db, client, public_url) == with_one
    assert client.get(public_url).get_data(as_text=True).count("Resolución") >= 5
