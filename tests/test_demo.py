"""The synthetic demo: deterministic, complete across states, usable logins, real PDF files."""

import hashlib
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from portal import storage
from portal.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoAlreadyLoaded, generate
from portal.models import (
    Contrato,
    Cuenta,
    Documento,
    Entidad,
    Evento,
    Membresia,
    Proceso,
    Proveedor,
    User,
)
from portal.models.vocab import ESTADOS_PROCESO, TIPOS_DOCUMENTO_EXPEDIENTE

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
    }  # fmt: skip


def recreate(db) -> None:
    db.session.remove()  # end the reading transaction, or PostgreSQL's DROP waits on it
    db.drop_all()
    db.create_all()


def test_same_seed_gives_the_same_data_and_another_seed_does_not(app, db):
    generate(SMALL, seed=7)
    first = snapshot(db)
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
    assert acciones["documento.cargado"] > 0 and acciones["contrato.firmado"] > 0
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
