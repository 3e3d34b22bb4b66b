"""The synthetic demo: deterministic, complete across states, usable logins, real PDF files."""

import hashlib
import re
from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from support import sign_in
from werkzeug.security import check_password_hash

from portal import access, storage
from portal.contracts import closure
from portal.contracts.modifications import addition_cap, exempt_from_cap
from portal.contracts.queries import totals
from portal.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoAlreadyLoaded, generate
from portal.demo.processes import SALIDAS, state_path
from portal.demo.vocabulary import EN_CURSO, FINALIZADOS
from portal.models import (
    Contrato,
    Cuenta,
    Documento,
    Entidad,
    Evento,
    Incumplimiento,
    Membresia,
    Modificacion,
    Proceso,
    Proveedor,
    SolicitudPago,
    User,
)
from portal.models.contract_changes import (
    ESTADOS_INCUMPLIMIENTO,
    ESTADOS_MODIFICACION,
    MODIFICACION_ABIERTA,
    TIPOS_INCUMPLIMIENTO,
    TIPOS_MODIFICACION,
)
from portal.models.payments import ESTADOS_COMPROMETIDOS, ESTADOS_SOLICITUD_PAGO
from portal.models.vocab import ESTADOS_PROCESO, TIPOS_DOCUMENTO_EXPEDIENTE
from portal.processes import award
from portal.processes.states import TRANSICIONES
from portal.users.passwords import password_problems

SMALL = 36
REFERENCE = date(2026, 11, 15)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot(db) -> dict:
    """Every generated value that must not change between two runs with the same seed."""
    return {
        "procesos": db.session.execute(
            select(
                Proceso.id, Proceso.id_del_proceso, Proceso.referencia, Proceso.nombre,
                Proceso.estado, Proceso.modalidad, Proceso.precio_base, Proceso.fecha_publicacion,
                Proceso.adjudicatario_nombre, Proceso.valor_adjudicacion,
            ).order_by(Proceso.id)
        ).all(),
        "contratos": db.session.execute(
            select(
                Contrato.id, Contrato.id_contrato, Contrato.proveedor_id, Contrato.supervisor_id,
                Contrato.valor, Contrato.valor_pagado, Contrato.fecha_inicio, Contrato.estado,
                Contrato.liquidado_en, Contrato.cerrado_en,
            ).order_by(Contrato.id)
        ).all(),
        "cuentas": db.session.execute(select(Cuenta.id, Cuenta.nombre).order_by(Cuenta.id)).all(),
        "usuarios": db.session.execute(select(User.id, User.usuario, User.nombres).order_by(User.id)).all(),
        "documentos": db.session.execute(
            select(Documento.id, Documento.nombre_archivo, Documento.sha256, Documento.estado)
            .order_by(Documento.id)
        ).all(),
        "eventos": db.session.execute(
            select(Evento.accion, Evento.objeto_id, Evento.creado_en).order_by(Evento.id)
        ).all(),
        "pagos": db.session.execute(
            select(
                SolicitudPago.id, SolicitudPago.contrato_id, SolicitudPago.numero_factura,
                SolicitudPago.valor, SolicitudPago.estado, SolicitudPago.enviado_en,
            ).order_by(SolicitudPago.id)
        ).all(),
        "modificaciones": db.session.execute(
            select(
                Modificacion.id, Modificacion.contrato_id, Modificacion.tipo, Modificacion.estado,
                Modificacion.valor_adicion, Modificacion.fecha_fin_despues,
            ).order_by(Modificacion.id)
        ).all(),
        "incumplimientos": db.session.execute(
            select(Incumplimiento.id, Incumplimiento.contrato_id, Incumplimiento.estado)
        ).all(),
    }  # fmt: skip


def recreate(db) -> None:
    db.session.remove()  # end the reading transaction, or PostgreSQL's DROP waits on it
    db.drop_all()
    db.create_all()


def test_same_seed_gives_the_same_data_and_another_seed_does_not(app, db):
    generate(SMALL, seed=7)
    first = snapshot(db)
    assert first["pagos"] and first["modificaciones"] and first["incumplimientos"]
    recreate(db)
    generate(SMALL, seed=7)
    assert snapshot(db) == first
    recreate(db)
    generate(SMALL, seed=8, documents=False)
    other = snapshot(db)
    assert other["procesos"] != first["procesos"]


def test_summary_matches_the_rows_and_every_state_appears(app, db):
    summary = generate(SMALL, detailed=0)
    assert summary.procesos == count(db, Proceso) == SMALL
    assert summary.contratos == count(db, Contrato) > 0
    assert summary.documentos == count(db, Documento) > SMALL
    assert summary.eventos == count(db, Evento) > SMALL
    assert summary.entidades == count(db, Entidad) == 12
    assert summary.proveedores == count(db, Proveedor) >= 60
    estados = set(db.session.scalars(select(Proceso.estado).distinct()))
    assert estados == set(ESTADOS_PROCESO) - {"otro"}
    assert len(set(db.session.scalars(select(Proceso.modalidad).distinct()))) >= 5
    contratos = set(db.session.scalars(select(Contrato.estado).distinct()))
    assert {"borrador", "en_ejecucion", "terminado", "liquidado", "cerrado"} <= contratos
    assert "otro" not in contratos


def test_processes_and_contracts_look_like_secop(app, db):
    generate(SMALL, documents=False)
    for proceso in db.session.scalars(select(Proceso)):
        assert proceso.id_del_proceso.startswith("CO1.REQ.")
        assert proceso.id_del_portafolio.startswith("CO1.BDOS.")
        assert re.fullmatch(r"[A-Z-]+-\d{3,}-20\d\d", proceso.referencia)
        assert isinstance(proceso.precio_base, int) and proceso.precio_base > 0
        assert len(proceso.unspsc_principal) == 8 and proceso.unspsc_principal.isdigit()
        assert proceso.departamento and proceso.ciudad and proceso.entidad.nit
        if proceso.estado in ("adjudicado", "celebrado"):
            assert proceso.adjudicado and proceso.adjudicatario_id and proceso.valor_adjudicacion
            assert proceso.contratos, "an awarded process has its contract"
        if proceso.estado == "borrador":
            assert proceso.fecha_publicacion is None
        assert "{" not in proceso.nombre + proceso.descripcion
        if "vigencia" in proceso.descripcion:  # the budget year of its publication
            anio = (proceso.fecha_publicacion or proceso.creado_en).year
            assert f"vigencia {anio}" in proceso.descripcion
    for contrato in db.session.scalars(select(Contrato)):
        assert contrato.id_contrato.startswith("CO1.PCCNTR.")
        assert contrato.proceso_de_compra == contrato.proceso.id_del_portafolio
        assert contrato.supervisor is not None
        assert 0 <= contrato.valor_pagado <= contrato.valor
        if contrato.estado in ("liquidado", "cerrado"):
            assert contrato.valor_pagado == contrato.valor


def test_dates_are_aware_and_laid_out_around_the_reference_date(app, db):
    generate(SMALL, reference_date=REFERENCE, detailed=0)
    anchor = datetime(2026, 11, 15, 5, tzinfo=UTC)  # midnight in Bogotá
    for proceso in db.session.scalars(
        select(Proceso).where(Proceso.fecha_publicacion.is_not(None))
    ):
        assert proceso.fecha_publicacion.tzinfo is not None
        assert proceso.fecha_publicacion < anchor
        if proceso.estado in ("publicado", "abierto"):
            assert proceso.fecha_recepcion_ofertas > anchor
    for contrato in db.session.scalars(select(Contrato).where(Contrato.estado == "en_ejecucion")):
        assert contrato.fecha_inicio < anchor < contrato.fecha_fin
    latest = db.session.scalar(select(func.max(Documento.cargado_en)))
    assert latest < anchor


def test_demo_users_can_log_in_and_act_for_their_accounts(app, db):
    generate(SMALL, documents=False)
    users = {u.usuario: u for u in db.session.scalars(select(User))}
    for login in DEMO_LOGINS:
        user = users[login.usuario]
        assert check_password_hash(user.password_hash, DEMO_PASSWORD)
        assert not password_problems(DEMO_PASSWORD, usuario=user.usuario, email=user.email)
        assert user.estado == "activo" and user.is_active
        assert user.email == f"{login.usuario}@demo.portal.local"
        assert user.email_confirmado_en and user.terminos_aceptados_en
        [membresia] = user.membresias
        assert (membresia.rol, membresia.estado) == (login.rol, "aceptado")
    entidad = users["comprador"].membresias[0].cuenta
    assert isinstance(entidad, Entidad)
    for usuario in ("supervisor", "admin.entidad"):
        assert users[usuario].membresias[0].cuenta_id == entidad.id
    proveedor = users["contratista"].membresias[0].cuenta
    assert isinstance(proveedor, Proveedor)
    own = db.session.scalars(select(Contrato).where(Contrato.proveedor_id == proveedor.id)).all()
    assert len(own) >= 5
    assert {c.supervisor.usuario for c in own} == {"supervisor"}
    assert {c.entidad_id for c in own} == {entidad.id}
    assert "en_ejecucion" in {c.estado for c in own}


def test_documents_are_stored_pdfs_with_the_hash_of_their_row(app, db):
    generate(SMALL)
    documentos = db.session.scalars(select(Documento)).all()
    for documento in documentos:
        data = storage.path_of(documento.sha256).read_bytes()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == documento.sha256
        assert len(data) == documento.tamano
        assert documento.tipo in TIPOS_DOCUMENTO_EXPEDIENTE
        assert documento.proceso_id is not None
    assert {d.estado for d in documentos} >= {"publicado", "aprobado", "pendiente", "rechazado"}
    assert {d.etapa for d in documentos} == {
        "preparatoria", "precontractual", "contractual", "ejecucion", "liquidacion",
    }  # fmt: skip
    rechazado = next(d for d in documentos if d.estado == "rechazado")
    assert rechazado.observacion and rechazado.revisado_por_id
    corregido = [d for d in documentos if d.serie == rechazado.serie and d.version == 2]
    assert corregido, "a rejected report is followed by a corrected version"


def test_public_history_has_creation_publication_award_and_documents(app, db):
    generate(SMALL)
    acciones = dict(
        db.session.execute(
            select(Evento.accion, func.count()).where(Evento.publico).group_by(Evento.accion)
        ).all()
    )
    publicados = db.session.scalar(
        select(func.count()).where(Proceso.fecha_publicacion.is_not(None))
    )
    assert acciones["proceso.publicado"] == publicados
    assert acciones["proceso.adjudicado"] == count(db, Contrato)
    # The award service logs the signing of a detailed case file's contract (all of them here).
    assert acciones["documento.cargado"] > 0 and "contrato.firmado" not in acciones
    assert acciones["contrato.creado"] == acciones["proceso.celebrado"] > 0
    assert acciones["proceso.creado"] > 0
    assert not db.session.scalar(select(func.count()).where(Evento.proceso_id.is_(None)))


def test_large_runs_share_a_pool_of_pdfs(app, db):
    summary = generate(60, detailed=5)
    distinct = db.session.scalar(select(func.count(Documento.sha256.distinct())))
    assert summary.archivos_pdf == distinct < summary.documentos


def test_without_documents(app, db):
    summary = generate(20, documents=False)
    assert summary.documentos == count(db, Documento) == 0
    assert summary.procesos == 20
    # Payments and modifications come with their documents: the fast bulk path has none.
    assert summary.solicitudes_pago == summary.modificaciones == count(db, SolicitudPago) == 0


def test_generate_refuses_a_database_that_has_processes(app, db, make_proceso):
    make_proceso()
    db.session.commit()
    with pytest.raises(DemoAlreadyLoaded):
        generate(5)


def test_ids_continue_after_existing_rows_and_postgres_sequences_follow(app, db, make_entidad):
    make_entidad()
    db.session.commit()
    generate(10, documents=False)
    extra = Membresia(usuario_id=1, cuenta_id=1, rol="comprador")
    db.session.add(extra)
    entidad = Entidad(nombre="OTRA ENTIDAD", nit="899999999")
    db.session.add(entidad)
    db.session.commit()  # the sequence moved past the generated ids: no duplicate key
    assert entidad.id == count(db, Cuenta)


def test_cli_seeds_then_if_empty_only_prints_the_logins(app, db, runner):
    result = runner.invoke(args=["seed-demo", "--processes", "12", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/" in result.output
    for login in DEMO_LOGINS:
        assert login.usuario in result.output
    assert DEMO_PASSWORD in result.output
    assert count(db, Proceso) == 12

    again = runner.invoke(args=["seed-demo", "--if-empty", "--processes", "50"])
    assert again.exit_code == 0, again.output
    assert "no se cargó" in again.output
    assert "contratista" in again.output and DEMO_PASSWORD in again.output
    assert count(db, Proceso) == 12

    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code == 1
    assert "base vacía" in refused.output


def test_cli_if_empty_seeds_an_empty_database(app, db, runner):
    result = runner.invoke(args=["seed-demo", "--if-empty", "--procesos", "8", "--sin-documentos"])
    assert result.exit_code == 0, result.output
    assert count(db, Proceso) == 8
    assert count(db, Documento) == 0


@pytest.mark.parametrize("bad", [["--processes", "0"], ["--fecha-referencia", "15/11/2026"]])
def test_cli_rejects_bad_options(app, db, runner, bad):
    result = runner.invoke(args=["seed-demo", *bad])
    assert result.exit_code == 2
    assert count(db, Proceso) == 0


# --- after signing: payment requests, modifications, breaches --------------------------------

ANCHOR = datetime(2026, 11, 15, 5, tzinfo=UTC)  # REFERENCE at midnight in Bogotá


def all_of(db, model, **where):
    query = select(model).filter_by(**where).order_by(model.id)
    return db.session.scalars(query).all()


def test_payment_requests_follow_the_plan_and_the_timeline(app, db):
    summary = generate(SMALL, reference_date=REFERENCE)
    solicitudes = all_of(db, SolicitudPago)
    assert summary.solicitudes_pago == len(solicitudes) > 0
    assert {s.estado for s in solicitudes} >= {"pagada", "aprobada", "enviada", "rechazada"}
    assert {s.estado for s in solicitudes} <= set(ESTADOS_SOLICITUD_PAGO)
    for contrato in {s.contrato for s in solicitudes}:
        propias = [s for s in solicitudes if s.contrato_id == contrato.id]
        comprometido = sum(s.valor for s in propias if s.estado in ESTADOS_COMPROMETIDOS)
        assert comprometido <= contrato.valor  # rejected ones do not count
        assert contrato.valor_pagado == sum(s.valor for s in propias if s.estado == "pagada")
        if contrato.estado in ("liquidado", "cerrado"):
            assert contrato.valor_pagado == contrato.valor
        assert contrato.estado in EN_CURSO | FINALIZADOS  # started, not cancelled
    for s in solicitudes:
        # The contractor's user created and sent it, with the invoice the app requires.
        assert s.creado_por.membresias[0].cuenta_id == s.contrato.proveedor_id
        assert s.enviado_por_id == s.creado_por_id and s.fecha_recepcion >= s.fecha_emision
        assert s.factura.tipo == "factura" and s.factura.contrato_id == s.contrato_id
        assert s.factura.estado == {"enviada": "pendiente", "rechazada": "rechazado"}.get(
            s.estado, "aprobado"
        )
        momentos = [s.creado_en, s.enviado_en, s.revisado_en, s.pagado_en]
        momentos = [m for m in momentos if m is not None]
        assert momentos == sorted(momentos) and momentos[-1] < ANCHOR
        assert (s.revisado_por_id is not None) == (s.estado != "enviada")
        assert (s.pagado_en is not None) == (s.estado == "pagada")
        assert bool(s.motivo_rechazo) == (s.estado == "rechazada")
    eventos = db.session.execute(
        select(Evento.accion, Evento.publico).where(Evento.objeto_tipo == "solicitud_pago")
    ).all()
    acciones = {accion for accion, _ in eventos}
    assert acciones == {
        f"pago.{e}" for e in ("creado", "factura", "enviada", "aprobada", "rechazada", "pagada")
    }
    # As the app records them: approvals and payments are public, the rest is not.
    assert {accion for accion, publico in eventos if publico} == {"pago.aprobada", "pago.pagada"}
    creados = [accion for accion, _ in eventos if accion == "pago.creado"]
    assert len(creados) == len(solicitudes)


def test_modifications_changed_the_contracts_as_publishing_does(app, db):
    summary = generate(SMALL, reference_date=REFERENCE)
    modificaciones = all_of(db, Modificacion)
    assert summary.modificaciones == len(modificaciones) > 0
    assert {m.tipo for m in modificaciones} <= set(TIPOS_MODIFICACION)
    assert {m.estado for m in modificaciones} <= set(ESTADOS_MODIFICACION)
    assert {"adicion", "prorroga", "suspension"} <= {m.tipo for m in modificaciones}
    assert {"publicada", "enviada", "aprobada"} <= {m.estado for m in modificaciones}
    for contrato in {m.contrato for m in modificaciones}:
        propias = sorted(
            (m for m in modificaciones if m.contrato_id == contrato.id), key=lambda m: m.numero
        )
        assert [m.numero for m in propias] == list(range(1, len(propias) + 1))
        publicadas = [m for m in propias if m.estado == "publicada"]
        adiciones = sum(m.valor_adicion for m in publicadas if m.tipo == "adicion")
        inicial = contrato.proceso.valor_adjudicacion
        assert contrato.valor == inicial + adiciones
        assert adiciones <= inicial * 0.5  # Ley 80 de 1993, art. 40
        fines = [m.fecha_fin_despues for m in publicadas if m.fecha_fin_despues]
        if fines:
            assert contrato.fecha_fin == fines[-1] > contrato.fecha_inicio
        if publicadas:
            ultima = publicadas[-1].tipo
            esperado = {"suspension": "suspendido", "reanudacion": "en_ejecucion"}
            if contrato.estado in ("activo", "en_ejecucion", "modificado", "suspendido"):
                assert contrato.estado == esperado.get(ultima, "modificado")
            assert publicadas[-1].publicada_en <= contrato.actualizado_en
        for antes, despues in pairwise(publicadas):
            assert despues.valor_antes == (antes.valor_despues or antes.valor_antes)
            assert despues.creado_en > antes.publicada_en  # one at a time
        abiertas = [m for m in propias if m.estado in MODIFICACION_ABIERTA]
        assert len(abiertas) <= 1
        if abiertas:
            assert contrato.estado in ("activo", "en_ejecucion", "modificado", "suspendido")
    for m in modificaciones:
        pasos = [m.creado_en, m.enviada_en, m.decidida_en, m.publicada_en]
        pasos = [p for p in pasos if p is not None]
        assert pasos == sorted(pasos) and m.contrato.fecha_inicio < pasos[0] and pasos[-1] < ANCHOR
        if m.estado == "publicada":
            assert m.documento.estado == "publicado" and m.documento.tipo == "modificacion"
            publico = db.session.scalar(
                select(Evento).where(
                    Evento.accion == "modificacion.publicada", Evento.objeto_id == m.id
                )
            )
            assert publico.publico and publico.proceso_id == m.contrato.proceso_id
        elif m.documento is not None:
            assert m.documento.estado == "borrador"  # private until published
        if m.estado in ("enviada", "aprobada", "rechazada"):
            assert m.enviada_en is not None
        if m.estado in ("aprobada", "rechazada"):
            assert m.decidida_por.membresias[0].cuenta_id == m.contrato.proveedor_id
        assert bool(m.motivo_rechazo) == (m.estado == "rechazada")
    privados = db.session.scalars(
        select(Evento.accion).where(Evento.objeto_tipo == "modificacion", Evento.publico)
    ).all()
    assert set(privados) == {"modificacion.publicada"}


def test_new_rows_after_the_demo_get_fresh_ids(app, db):
    """PostgreSQL's sequences of the generated tables moved past the ids the demo assigned."""
    generate(SMALL, reference_date=REFERENCE)
    solicitud = all_of(db, SolicitudPago)[-1]
    contrato, autor = solicitud.contrato, solicitud.creado_por
    nuevas = [
        SolicitudPago(contrato=contrato, numero_factura="FE-NUEVA", fecha_emision=REFERENCE,
                      valor=1_000, creado_por=autor),
        Modificacion(contrato=contrato, numero=99, tipo="otra", creado_por=autor),
        Incumplimiento(contrato=contrato, descripcion="Nuevo registro", fecha=REFERENCE,
                       acto_administrativo="Resolución 1"),
    ]  # fmt: skip
    db.session.add_all(nuevas)
    db.session.commit()  # no duplicate key
    for nueva in nuevas:
        assert nueva.id == count(db, type(nueva))


def test_breaches_are_public_with_their_acts(app, db):
    summary = generate(SMALL, reference_date=REFERENCE)
    incumplimientos = all_of(db, Incumplimiento)
    assert summary.incumplimientos == len(incumplimientos) >= 1
    for incumplimiento in incumplimientos:
        assert incumplimiento.tipo in TIPOS_INCUMPLIMIENTO
        assert incumplimiento.estado in ESTADOS_INCUMPLIMIENTO
        assert incumplimiento.acto_administrativo and len(incumplimiento.descripcion) >= 10
        assert incumplimiento.documentos
        assert {d.estado for d in incumplimiento.documentos} == {"publicado"}
        eventos = db.session.scalars(
            select(Evento).where(
                Evento.objeto_tipo == "incumplimiento", Evento.objeto_id == incumplimiento.id
            )
        ).all()
        assert all(e.publico for e in eventos)
        assert "incumplimiento.registrado" in {e.accion for e in eventos}


def test_liquidated_and_closed_contracts_have_their_dates_in_order(app, db):
    # With this seed, two liquidated or closed contracts get a detailed case file, two do not.
    generate(SMALL, reference_date=REFERENCE, detailed=SMALL - 6)
    finalizados = ("liquidado", "cerrado")
    contratos = all_of(db, Contrato)
    assert {c.estado for c in contratos} >= set(finalizados)
    for c in contratos:
        if c.estado not in finalizados:
            assert c.liquidado_en is None and c.cerrado_en is None, c.estado
            continue
        assert c.requiere_liquidacion  # so a closed contract was liquidated first
        assert c.fecha_fin < c.liquidado_en < ANCHOR
        if c.estado == "cerrado":
            assert c.liquidado_en <= c.cerrado_en < ANCHOR
        else:
            assert c.cerrado_en is None
        assert c.actualizado_en == (c.cerrado_en or c.liquidado_en)
        actas = all_of(db, Documento, contrato_id=c.id, tipo="acta_liquidacion")
        assert [a.cargado_en for a in actas] == [c.liquidado_en]
        pagos = all_of(db, SolicitudPago, contrato_id=c.id)
        assert all(p.pagado_en < c.liquidado_en for p in pagos)  # paid, then liquidated
    # Detailed case files record the public events of liquidating and closing, as the app does.
    eventos = all_of(db, Evento, objeto_tipo="contrato")
    momentos = {
        (e.accion, e.objeto_id): e.creado_en
        for e in eventos
        if e.accion not in ("contrato.firmado", "contrato.creado")
    }
    assert {e.accion for e in eventos} == {
        "contrato.firmado",
        "contrato.creado",
        "contrato.liquidado",
        "contrato.cerrado",
    }
    assert all(e.publico for e in eventos)
    con_eventos = {objeto_id for _, objeto_id in momentos}
    detallados = [c for c in contratos if c.id in con_eventos]
    assert detallados and len(detallados) < len([c for c in contratos if c.liquidado_en])
    for c in detallados:
        assert momentos[("contrato.liquidado", c.id)] == c.liquidado_en
        assert momentos.get(("contrato.cerrado", c.id)) == c.cerrado_en
        cierre = all_of(db, Documento, contrato_id=c.id, tipo="cierre_expediente")
        assert [d.cargado_en for d in cierre] == ([c.cerrado_en] if c.cerrado_en else [])


def demo_client(app, db, usuario: str):
    """A test client signed in as a demo user, acting for their account."""
    user = db.session.scalar(select(User).where(User.usuario == usuario))
    client = app.test_client()
    sign_in(client, user, user.membresias[0])
    return client


def demo_provider_id(db) -> int:
    user = db.session.scalar(select(User).where(User.usuario == "contratista"))
    return user.membresias[0].cuenta_id


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_demo_login_lists_contracts_with_payments_and_modifications(app, db):
    generate(SMALL, reference_date=REFERENCE)
    con_pagos = {s.contrato.id_contrato for s in all_of(db, SolicitudPago)}
    # Sent modifications: what the contractor and the supervisor see too (drafts stay in-house).
    con_modificacion = {m.contrato.id_contrato for m in all_of(db, Modificacion) if m.enviada_en}
    listas = {
        "contratista": "/mis-contratos",
        "supervisor": "/supervision",
        "comprador": "/entidad/contratos",
        "admin.entidad": "/entidad/contratos",
    }
    for usuario, lista in listas.items():
        text = text_of(demo_client(app, db, usuario), lista)
        assert any(id_contrato in text for id_contrato in con_pagos), usuario
        assert any(id_contrato in text for id_contrato in con_modificacion), usuario


def test_the_payment_plan_shows_the_requests_to_each_party(app, db):
    generate(SMALL, reference_date=REFERENCE)
    propias = [
        s for s in all_of(db, SolicitudPago) if s.contrato.proveedor_id == demo_provider_id(db)
    ]
    contrato = propias[0].contrato
    solicitudes = [s for s in propias if s.contrato_id == contrato.id]
    for usuario in ("contratista", "supervisor", "comprador"):
        text = text_of(
            demo_client(app, db, usuario), f"/mis-contratos/{contrato.id_contrato}/ejecucion"
        )
        assert "Plan de pagos" in text and "No hay solicitudes de pago" not in text
        assert all(s.numero_factura in text for s in solicitudes)
    ultima = solicitudes[-1]
    detalle = text_of(
        demo_client(app, db, "supervisor"),
        f"/mis-contratos/{contrato.id_contrato}/pagos/{ultima.id}",
    )
    assert ultima.numero_factura in detalle and ultima.estado_label in detalle
    rechazada = next(s for s in propias if s.estado == "rechazada")
    seccion = text_of(
        demo_client(app, db, "contratista"),
        f"/mis-contratos/{rechazada.contrato.id_contrato}/ejecucion",
    )
    assert rechazada.motivo_rechazo in seccion  # the contractor reads what to correct


def test_the_contractor_reviews_a_modification_sent_to_them(app, db):
    generate(SMALL, reference_date=REFERENCE)
    enviada = next(
        m
        for m in all_of(db, Modificacion, estado="enviada")
        if m.contrato.proveedor_id == demo_provider_id(db)
    )
    contratista = demo_client(app, db, "contratista")
    base = f"/mis-contratos/{enviada.contrato.id_contrato}/modificaciones"
    assert "Revisar y aprobar o rechazar" in text_of(contratista, base)
    assert enviada.descripcion[:40] in text_of(contratista, f"{base}/{enviada.id}")


def test_the_entity_manages_its_modifications_and_breaches(app, db):
    generate(SMALL, reference_date=REFERENCE)
    entidad_id = db.session.scalar(
        select(Contrato.entidad_id).where(Contrato.proveedor_id == demo_provider_id(db))
    )
    comprador = demo_client(app, db, "comprador")
    propias = [m for m in all_of(db, Modificacion) if m.contrato.entidad_id == entidad_id]
    assert {"publicada", "aprobada"} <= {m.estado for m in propias}
    for m in propias:
        base = f"/entidad/contratos/{m.contrato.id_contrato}"
        assert m.tipo_label in text_of(comprador, base)
        assert m.descripcion[:40] in text_of(comprador, f"{base}/modificaciones/{m.id}")
    incumplimiento = next(
        i for i in all_of(db, Incumplimiento) if i.contrato.entidad_id == entidad_id
    )
    contrato = incumplimiento.contrato.id_contrato
    pagina = text_of(
        comprador, f"/entidad/contratos/{contrato}/incumplimientos/{incumplimiento.id}"
    )
    assert (
        incumplimiento.tipo_label in pagina
        and incumplimiento.documentos[0].nombre_archivo in pagina
    )


def test_the_portal_takes_the_next_steps_from_the_demo_rows(app, db):
    """What the README promises a visitor: each demo login has something to do next."""
    generate(SMALL, reference_date=REFERENCE)
    proveedor_id = demo_provider_id(db)
    pagos = [s for s in all_of(db, SolicitudPago) if s.contrato.proveedor_id == proveedor_id]
    mods = [m for m in all_of(db, Modificacion) if m.contrato.proveedor_id == proveedor_id]

    por_revisar = next(s for s in pagos if s.estado == "enviada")
    url = f"/mis-contratos/{por_revisar.contrato.id_contrato}/pagos/{por_revisar.id}/revisar"
    response = demo_client(app, db, "supervisor").post(url, data={"decision": "aprobar"})
    assert response.status_code == 303

    por_pagar = next(s for s in pagos if s.estado == "aprobada")
    contrato = por_pagar.contrato
    pagado = contrato.valor_pagado
    url = f"/mis-contratos/{contrato.id_contrato}/pagos/{por_pagar.id}/pagar"
    assert demo_client(app, db, "comprador").post(url).status_code == 303
    db.session.refresh(contrato)
    assert contrato.valor_pagado == pagado + por_pagar.valor  # the app adds up the same payments

    por_publicar = next(m for m in mods if m.estado == "aprobada")
    contrato = por_publicar.contrato
    valor = contrato.valor
    url = f"/entidad/contratos/{contrato.id_contrato}/modificaciones/{por_publicar.id}/publicar"
    assert demo_client(app, db, "admin.entidad").post(url).status_code == 303
    db.session.refresh(por_publicar), db.session.refresh(contrato)
    assert por_publicar.estado == "publicada"
    assert contrato.valor == valor + por_publicar.valor_adicion

    por_aprobar = next(m for m in mods if m.estado == "enviada")
    url = (
        f"/mis-contratos/{por_aprobar.contrato.id_contrato}/modificaciones/{por_aprobar.id}/aprobar"
    )
    assert demo_client(app, db, "contratista").post(url).status_code == 303
    db.session.refresh(por_aprobar)
    assert por_aprobar.estado == "aprobada"


def test_the_public_contract_page_shows_published_modifications_and_breaches(app, db, client):
    generate(SMALL, reference_date=REFERENCE)
    publicada = all_of(db, Modificacion, estado="publicada")[0]
    text = text_of(client, f"/contratos/{publicada.contrato.id_contrato}")
    assert "No se han publicado modificaciones" not in text
    assert publicada.documento.nombre_archivo in text
    pendiente = next(m for m in all_of(db, Modificacion) if m.estado != "publicada")
    publico = text_of(client, f"/contratos/{pendiente.contrato.id_contrato}")
    assert pendiente.descripcion[:40] not in publico  # only published modifications are public
    incumplimiento = all_of(db, Incumplimiento)[0]
    page = text_of(client, f"/contratos/{incumplimiento.contrato.id_contrato}")
    assert incumplimiento.acto_administrativo in page


def test_demo_additions_follow_the_cap_of_the_modifications_service(app, db):
    """The demo plans additions with the portal's own cap rule, and publishes them through
    the service, which would refuse one beyond it."""
    generate(SMALL, reference_date=REFERENCE)
    publicadas = all_of(db, Modificacion, tipo="adicion", estado="publicada")
    assert publicadas
    for contrato in {m.contrato for m in publicadas}:
        adiciones = sum(m.valor_adicion for m in publicadas if m.contrato_id == contrato.id)
        inicial = contrato.valor - adiciones
        if not exempt_from_cap(contrato.modalidad, contrato.tipo_contrato):
            assert adiciones <= addition_cap(inicial)
    # The service logged every step, with the people who took it.
    for m in all_of(db, Modificacion):
        creada = db.session.scalar(
            select(Evento).where(Evento.accion == "modificacion.creada", Evento.objeto_id == m.id)
        )
        assert creada.actor_id == m.creado_por_id and creada.creado_en == m.creado_en


def test_every_demo_process_state_is_reached_by_the_portal_transitions(app, db):
    generate(SMALL, reference_date=REFERENCE, documents=False)
    for estado in set(db.session.scalars(select(Proceso.estado).distinct())):
        actual = "borrador"
        for antes, despues in state_path(estado):
            assert antes == actual
            clave = next(c for c, t in TRANSICIONES.items() if t.hacia == despues)
            assert actual in TRANSICIONES[clave].desde
            actual = despues
        assert actual == {"abierto": "publicado"}.get(estado, estado)
    for evento in all_of(db, Evento, accion="proceso.estado_cambiado"):
        antes, despues = evento.cambios["estado"]
        assert antes in TRANSICIONES[SALIDAS[despues]].desde


def test_demo_payments_pass_the_checks_of_the_payments_service(app, db, outbox):
    """portal.contracts.payments created, sent, reviewed and paid every request, signed in as
    the person who took each step; the e-mails it queues about the demo's past are not sent."""
    generate(SMALL, reference_date=REFERENCE)
    solicitudes = all_of(db, SolicitudPago)
    for contrato in {s.contrato for s in solicitudes}:
        suma = totals(contrato, [s for s in solicitudes if s.contrato_id == contrato.id])
        assert suma.comprometido <= contrato.valor  # enviar refuses more than what is left
        assert contrato.valor_pagado == suma.pagado  # pagar adds it up
    eventos = all_of(db, Evento, objeto_tipo="solicitud_pago")
    assert eventos
    for evento in eventos:
        s = db.session.get(SolicitudPago, evento.objeto_id)
        quien = {
            "pago.aprobada": s.contrato.supervisor_id,
            "pago.rechazada": s.contrato.supervisor_id,
            "pago.pagada": s.pagado_por_id,
        }.get(evento.accion, s.creado_por_id)
        assert (evento.actor_id, evento.ip) == (quien, ""), evento.accion
    assert len(outbox) == 0


def test_demo_liquidations_and_closures_pass_the_closure_rules(app, db):
    """portal.contracts.closure liquidated and closed every detailed case file it ends with."""
    generate(SMALL, reference_date=REFERENCE, detailed=SMALL - 6)
    liquidados = {e.objeto_id: e for e in all_of(db, Evento, accion="contrato.liquidado")}
    cerrados = {e.objeto_id for e in all_of(db, Evento, accion="contrato.cerrado")}
    assert liquidados and cerrados and cerrados <= set(liquidados)
    for contrato_id, evento in liquidados.items():
        contrato = db.session.get(Contrato, contrato_id)
        assert contrato.estado == ("cerrado" if contrato_id in cerrados else "liquidado")
        assert (evento.creado_en, evento.actor_rol) == (contrato.liquidado_en, "entidad")
        estado = closure.evaluate(contrato)
        assert estado.completo, [r.detalle for r in estado.faltantes]


def test_demo_document_reviews_come_from_the_execution_service(app, db, outbox):
    """portal.contracts.execution reviewed every detailed document, signed in as the contract's
    supervisor at the planned moment; the lighter case files keep their reviewed rows."""
    generate(SMALL, reference_date=REFERENCE, detailed=SMALL - 6)
    detallados = {e.objeto_id for e in all_of(db, Evento, accion="documento.cargado")}
    revisados = [d for d in all_of(db, Documento) if d.estado in ("aprobado", "rechazado")]
    decisiones = {
        e.objeto_id: e
        for e in all_of(db, Evento, objeto_tipo="documento")
        if e.accion in ("documento.aprobado", "documento.rechazado")
    }
    assert decisiones
    for documento in revisados:
        if documento.revisado_por_id is None:  # approved with its payment request
            assert documento.tipo in ("factura", "cuenta_cobro")
            continue
        assert documento.revisado_por_id == documento.contrato.supervisor_id
        assert bool(documento.observacion) == (documento.estado == "rechazado")
        if documento.id not in detallados:
            assert documento.id not in decisiones  # a bulk row, written reviewed
            continue
        evento = decisiones[documento.id]
        assert evento.accion == f"documento.{documento.estado}"
        assert (evento.actor_id, evento.actor_rol) == (documento.revisado_por_id, access.SUPERVISOR)
        assert (evento.creado_en, evento.publico) == (
            documento.revisado_en,
            documento.estado == "aprobado",
        )
    assert any(d.id not in detallados for d in revisados)
    assert len(outbox) == 0


def test_demo_memberships_have_the_roles_their_account_admits(app, db):
    """Every membership has a role of access.ACCOUNT_ROLES, and every contract's supervisor is
    one the award service would accept (an accepted member of the entity)."""
    generate(SMALL, documents=False)
    membresias = all_of(db, Membresia)
    assert membresias
    for membresia in membresias:
        assert membresia.rol in access.ACCOUNT_ROLES[membresia.cuenta.tipo], membresia.rol
    for contrato in all_of(db, Contrato):
        assert contrato.supervisor in award.possible_supervisors(contrato.proceso)


def test_demo_awards_follow_the_award_rules(app, db):
    """What portal.processes.award checks: an active provider wins, for no more than the
    precio base."""
    generate(SMALL, documents=False)
    adjudicados = [p for p in all_of(db, Proceso) if p.adjudicado]
    assert adjudicados
    for proceso in adjudicados:
        assert proceso.adjudicatario.estado == "activa"
        assert 0 < proceso.valor_adjudicacion <= proceso.precio_base


def test_detailed_awards_and_contracts_come_from_the_award_service(app, db):
    """portal.processes.award awards the detailed processes and signs their contracts, at the
    planned moments; the demo's own values (SECOP-style ids, final states) are kept."""
    summary = generate(SMALL, detailed=12)
    assert summary.contratos == count(db, Contrato)
    eventos = {(e.accion, e.objeto_id): e for e in all_of(db, Evento)}
    adjudicados = [p for p in all_of(db, Proceso) if p.adjudicado]
    firmados = [c for c in all_of(db, Contrato) if c.fecha_firma]
    servicio = [c for c in firmados if ("contrato.creado", c.id) in eventos]
    assert servicio and len(servicio) < len(firmados)  # beyond the detailed range: bulk rows
    for proceso in adjudicados:
        assert eventos[("proceso.adjudicado", proceso.id)].creado_en == proceso.fecha_adjudicacion
    for c in servicio:
        assert ("contrato.firmado", c.id) not in eventos
        assert eventos[("contrato.creado", c.id)].creado_en == c.fecha_firma
        celebrado = eventos[("proceso.celebrado", c.proceso_id)]
        assert celebrado.creado_en == c.fecha_firma
        assert celebrado.cambios["estado"] == ["adjudicado", "celebrado"]
        assert c.id_contrato.startswith("CO1.PCCNTR.") and c.proceso.estado == "celebrado"
        assert c.valor_pagado <= c.valor and c.origen_recursos
