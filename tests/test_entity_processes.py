"""The buyer's workspace end to end: create, document, publish, evaluate, award, contract."""

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal import search
from portal.models import Contrato, Documento, Evento, Membresia, Proceso, Unspsc


def pdf(text: str) -> bytes:
    return b"%PDF-1.7\n" + text.encode() * 50


def campos(**cambios) -> dict:
    """The process form as a buyer fills it (dates after the test clock's 2 March 2026)."""
    valores = {
        "referencia": "MC-007-2026",
        "nombre": "Suministro de kits escolares para las sedes rurales",
        "descripcion": "Kits escolares para 1.200 estudiantes de las sedes rurales",
        "modalidad": "Mínima cuantía",
        "tipo_contrato": "Suministros",
        "precio_base": "$ 180.000.000",
        "fecha_recepcion_ofertas": "2026-03-20T17:00",
        "fecha_adjudicacion": "2026-03-27",
        "duracion": "3",
        "unidad_duracion": "Mes(es)",
        "departamento": "Bolívar",
        "ciudad": "Turbaco",
        "unspsc_principal": "44121500",
        "unspsc_adicionales": "44111500, 60121100",
    }
    return valores | cambios


@pytest.fixture
def entidad(make_entidad):
    return make_entidad(nombre="ALCALDIA MUNICIPAL DE TURBACO", departamento="Bolívar")


@pytest.fixture
def comprador(login_as, entidad, clock, db):
    user = login_as("comprador", cuenta=entidad, nombres="Carla Compradora")
    db.session.commit()
    return user


def crear(client, **cambios) -> Proceso:
    response = client.post("/entidad/procesos/nuevo", data=campos(**cambios))
    assert response.status_code == 303, response.get_data(as_text=True)
    proceso_id = int(re.search(r"/entidad/procesos/(\d+)$", response.location).group(1))
    from portal.extensions import db

    return db.session.get(Proceso, proceso_id)


def cargar(client, proceso: Proceso, tipo: str, nombre: str, **extra):
    data = {
        "proposito": "documento_proceso",
        "proceso_id": str(proceso.id),
        "tipo": tipo,
        "archivo": (io.BytesIO(pdf(nombre)), nombre),
    } | extra
    return client.post("/subidas/formulario", data=data, content_type="multipart/form-data")


def accion(client, proceso: Proceso, clave: str, motivo: str = ""):
    return client.post(
        f"/entidad/procesos/{proceso.id}/estado", data={"accion": clave, "motivo": motivo}
    )


def publicado(client, **cambios) -> Proceso:
    proceso = crear(client, **cambios)
    assert cargar(client, proceso, "estudios_previos", "estudios.pdf").status_code == 303
    assert cargar(client, proceso, "pliego_definitivo", "invitacion.pdf").status_code == 303
    assert accion(client, proceso, "publicar").status_code == 303
    return proceso


def test_comprador_crea_publica_adjudica_y_celebra(
    app, db, client, comprador, entidad, make_user, make_proveedor, outbox
):
    assert "Crear proceso" in client.get("/entidad/procesos").get_data(as_text=True)
    proceso = crear(client)
    assert re.fullmatch(r"PC\.REQ\.\d+", proceso.id_del_proceso)
    assert proceso.id_del_portafolio == f"PC.BDOS.{proceso.id}"
    assert (proceso.estado, proceso.origen, proceso.precio_base) == (
        "borrador",
        "portal",
        180_000_000,
    )
    assert proceso.unspsc_adicionales == ["44111500", "60121100"]
    assert proceso.fecha_recepcion_ofertas == datetime(2026, 3, 20, 22, 0, tzinfo=UTC)
    # A draft is the entity's only.
    assert client.get(f"/procesos/{proceso.id_del_proceso}").status_code == 404

    response = cargar(client, proceso, "estudios_previos", "Estudios previos.pdf")
    assert response.status_code == 303
    pagina = client.get(response.location).get_data(as_text=True)
    assert "Acuse de recibo" in pagina and "Se publicará al publicar el proceso" in pagina
    estudios = db.session.scalar(select(Documento).where(Documento.proceso_id == proceso.id))
    assert (estudios.estado, estudios.etapa) == ("borrador", "preparatoria")
    assert client.get(f"/documentos/{estudios.id}").status_code == 404
    with client.get(f"/entidad/procesos/{proceso.id}/documentos/{estudios.id}/archivo") as privado:
        assert privado.data == pdf("Estudios previos.pdf")

    # Mínima cuantía publishes its invitación with the estudios previos.
    pagina = accion(client, proceso, "publicar").get_data(as_text=True)
    assert (
        "Para publicar el proceso falta" in pagina
        and "Pliego de condiciones o invitación" in pagina
    )
    assert db.session.get(Proceso, proceso.id).estado == "borrador"
    cargar(client, proceso, "pliego_definitivo", "Invitación pública.pdf")
    assert accion(client, proceso, "publicar").status_code == 303

    db.session.expire_all()
    assert proceso.estado == "publicado"
    assert proceso.fecha_publicacion == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert {d.estado for d in proceso_documentos(db, proceso)} == {"publicado"}
    expediente = client.get(f"/procesos/{proceso.id_del_proceso}").get_data(as_text=True)
    assert "estudios-previos.pdf" in expediente.lower() or "Estudios previos.pdf" in expediente
    assert "Publicó el proceso" in expediente
    assert client.get(f"/documentos/{estudios.id}").status_code == 200
    encontrados = search.search(search.parse({"q": "kits escolares rurales"}))
    assert [r.proceso.id for r in encontrados.resultados] == [proceso.id]
    assert proceso.id_del_proceso in client.get("/procesos?q=kits+escolares").get_data(as_text=True)

    panel = client.get(f"/entidad/procesos/{proceso.id}/estado").get_data(as_text=True)
    assert "Pasar a evaluación" in panel and "Motivo para «cancelar»" in panel
    assert accion(client, proceso, "evaluar").status_code == 303
    proveedor = make_proveedor(
        nombre="PAPELERIA EL ESTUDIANTE S.A.S.", numero_documento="900123456"
    )
    contratista = make_user(nombres="Pedro Proveedor")
    db.session.add(
        Membresia(usuario=contratista, cuenta=proveedor, rol="proveedor", estado="aceptado")
    )
    supervisor = make_user(nombres="Sara Supervisora")
    db.session.add(
        Membresia(usuario=supervisor, cuenta=entidad, rol="comprador", estado="aceptado")
    )
    db.session.commit()

    url = f"/entidad/procesos/{proceso.id}/adjudicar"
    assert "PAPELERIA EL ESTUDIANTE" in client.get(url, query_string={"buscar": "900123"}).get_data(
        as_text=True
    )
    datos = {"proveedor_id": str(proveedor.id), "valor": "175.000.000"}
    assert "Informe de evaluación" in client.post(url, data=datos).get_data(as_text=True)
    cargar(client, proceso, "informe_evaluacion", "Informe de evaluación.pdf")
    assert client.post(url, data=datos).status_code == 303
    db.session.expire_all()
    assert (proceso.estado, proceso.adjudicado, proceso.adjudicatario_id) == (
        "adjudicado",
        True,
        proveedor.id,
    )
    assert (proceso.valor_adjudicacion, proceso.adjudicatario_nit) == (175_000_000, "900123456")

    response = client.post(
        f"/entidad/procesos/{proceso.id}/contrato",
        data={
            "referencia": "CTO-045-2026",
            "valor": "$ 175.000.000",
            "fecha_firma": "2026-03-30",
            "fecha_inicio": "01/04/2026",
            "fecha_fin": "2026-06-30",
            "supervisor_id": str(supervisor.id),
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    [contrato] = proceso.contratos
    assert contrato.id_contrato == f"PC.PCCNTR.{contrato.id}"
    assert (contrato.proceso_de_compra, contrato.estado) == (
        proceso.id_del_portafolio,
        "en_ejecucion",
    )
    assert (contrato.proveedor_id, contrato.supervisor_id, contrato.valor) == (
        proveedor.id,
        supervisor.id,
        175_000_000,
    )
    assert proceso.estado == "celebrado"
    assert "CTO-045-2026" in outbox.text(outbox.last(supervisor.email))
    assert "Mis contratos" in outbox.text(outbox.last(contratista.email))
    celebrados = search.search(search.parse({"estado": "celebrado"}))
    assert [r.proceso.id for r in celebrados.resultados] == [proceso.id]
    expediente = client.get(f"/procesos/{proceso.id_del_proceso}").get_data(as_text=True)
    assert contrato.id_contrato in expediente and "Celebró el contrato CTO-045-2026" in expediente

    publicos = db.session.scalars(
        select(Evento.accion).where(Evento.proceso_id == proceso.id, Evento.publico.is_(True))
    ).all()
    for esperado in ("proceso.publicado", "proceso.evaluacion", "proceso.adjudicado",
                     "contrato.creado", "proceso.celebrado", "documento.publicado"):  # fmt: skip
        assert esperado in publicos
    assert "proceso.creado" not in publicos  # the draft's history stays internal


def proceso_documentos(db, proceso) -> list[Documento]:
    return list(db.session.scalars(select(Documento).where(Documento.proceso_id == proceso.id)))


def test_adendas_se_numeran_y_sus_versiones_anteriores_siguen_publicas(db, client, comprador):
    proceso = publicado(client)
    assert cargar(client, proceso, "adenda", "adenda-1.pdf").status_code == 303
    assert cargar(client, proceso, "adenda", "adenda-2.pdf").status_code == 303
    primera = db.session.scalar(
        select(Documento).where(
            Documento.tipo == "adenda", Documento.nombre_archivo == "adenda-1.pdf"
        )
    )
    assert (primera.descripcion, primera.version, primera.estado) == ("Adenda N° 1", 1, "publicado")
    assert (
        cargar(client, proceso, "adenda", "adenda-1-corregida.pdf", serie=primera.serie).status_code
        == 303
    )

    pagina = client.get(f"/entidad/procesos/{proceso.id}/documentos?serie={primera.serie}")
    assert "Nueva versión de «Adenda N° 1»" in pagina.get_data(as_text=True)
    adendas = db.session.scalars(
        select(Documento).where(Documento.tipo == "adenda").order_by(Documento.id)
    ).all()
    assert [(d.descripcion, d.version) for d in adendas] == [
        ("Adenda N° 1", 1), ("Adenda N° 2", 1), ("Adenda N° 1", 2),
    ]  # fmt: skip
    assert adendas[2].serie == primera.serie != adendas[1].serie
    expediente = client.get(f"/procesos/{proceso.id_del_proceso}").get_data(as_text=True)
    assert "Versiones anteriores (1)" in expediente
    # The earlier version is still downloadable from its permalink.
    with client.get(f"/documentos/{primera.id}/adenda-1.pdf") as descarga:
        assert descarga.status_code == 200 and descarga.data == pdf("adenda-1.pdf")
    evento = db.session.scalar(
        select(Evento).where(
            Evento.objeto_id == adendas[2].id, Evento.accion == "documento.cargado"
        )
    )
    assert evento.publico and evento.cambios["version"] == 2


def test_adenda_solo_con_el_proceso_publicado(db, client, comprador):
    proceso = crear(client)
    response = cargar(client, proceso, "adenda", "adenda.pdf")
    assert response.status_code == 403
    pagina = client.get(f"/entidad/procesos/{proceso.id}/documentos?tipo=adenda").get_data(
        as_text=True
    )
    assert "Las adendas solo se expiden con el proceso publicado" in pagina
    assert proceso_documentos(db, proceso) == []


def test_no_se_publica_un_proceso_incompleto(db, client, comprador):
    proceso = crear(client, unspsc_principal="", fecha_recepcion_ofertas="")
    pagina = accion(client, proceso, "publicar").get_data(as_text=True)
    for falta in ("código UNSPSC principal", "fecha límite de recepción de ofertas",
                  "Estudios y documentos previos", "Pliego de condiciones o invitación"):  # fmt: skip
        assert falta in pagina
    db.session.expire_all()
    assert (proceso.estado, proceso.fecha_publicacion) == ("borrador", None)


def test_licitacion_exige_aviso_de_convocatoria_y_plazo_futuro(db, client, comprador):
    # The test clock reads 2 March 2026: a 1 March deadline is already past.
    proceso = crear(
        client, modalidad="Licitación pública", fecha_recepcion_ofertas="2026-03-01T10:00"
    )
    cargar(client, proceso, "estudios_previos", "estudios.pdf")
    cargar(client, proceso, "proyecto_pliego", "proyecto.pdf")
    pagina = accion(client, proceso, "publicar").get_data(as_text=True)
    assert "Aviso de convocatoria" in pagina and "la actual ya pasó" in pagina
    assert db.session.get(Proceso, proceso.id).estado == "borrador"


@pytest.mark.parametrize("clave", ["cancelar", "suspender", "declarar_desierto"])
def test_cancelar_suspender_y_desierto_exigen_motivo(db, client, comprador, clave):
    proceso = publicado(client)
    pagina = accion(client, proceso, clave, "  ").get_data(as_text=True)
    assert "Escriba el motivo" in pagina
    db.session.expire_all()
    assert proceso.estado == "publicado"
    motivo = "Se agotó la disponibilidad presupuestal del rubro"
    assert accion(client, proceso, clave, motivo).status_code == 303
    db.session.expire_all()
    assert proceso.estado_motivo == motivo
    evento = db.session.scalar(
        select(Evento).where(Evento.proceso_id == proceso.id).order_by(Evento.id.desc())
    )
    assert evento.publico and evento.cambios["estado"] == ["publicado", proceso.estado]
    assert motivo in client.get(f"/procesos/{proceso.id_del_proceso}").get_data(as_text=True)


def test_reanudar_vuelve_al_estado_previo(db, client, comprador):
    proceso = publicado(client)
    accion(client, proceso, "evaluar")
    accion(client, proceso, "suspender", "Orden judicial de suspensión provisional")
    assert "No se puede «pasar a evaluación»" in accion(client, proceso, "evaluar").get_data(
        as_text=True
    )
    assert accion(client, proceso, "reanudar", "Se levantó la medida cautelar").status_code == 303
    db.session.expire_all()
    assert proceso.estado == "evaluacion"


def test_no_hay_contrato_de_un_proceso_cancelado_ni_sin_adjudicar(db, client, comprador):
    proceso = publicado(client)
    datos = {"referencia": "CTO-1", "valor": "100", "fecha_firma": "2026-04-01",
             "fecha_inicio": "2026-04-02", "fecha_fin": "2026-05-01", "supervisor_id": str(comprador.id)}  # fmt: skip
    url = f"/entidad/procesos/{proceso.id}/contrato"
    assert "porque está publicado" in client.post(url, data=datos).get_data(as_text=True)
    accion(client, proceso, "cancelar", "El objeto ya no se requiere por cambio de necesidad")
    pagina = client.post(url, data=datos).get_data(as_text=True)
    assert "porque fue cancelado" in pagina
    assert db.session.scalars(select(Contrato)).all() == []
    assert "porque fue cancelado" in accion(client, proceso, "evaluar").get_data(as_text=True)


def test_adjudicacion_y_contrato_respetan_los_valores(db, client, comprador, make_proveedor):
    proceso = publicado(client)
    accion(client, proceso, "evaluar")
    cargar(client, proceso, "informe_evaluacion", "informe.pdf")
    proveedor = make_proveedor()
    db.session.commit()
    url = f"/entidad/procesos/{proceso.id}/adjudicar"
    pagina = client.post(url, data={"proveedor_id": str(proveedor.id), "valor": "$ 190.000.000"})
    assert "supera el precio base" in pagina.get_data(as_text=True)
    assert "Elija el proveedor" in client.post(url, data={"valor": "1000"}).get_data(as_text=True)
    assert (
        client.post(url, data={"proveedor_id": str(proveedor.id), "valor": "150000000"}).status_code
        == 303
    )

    url = f"/entidad/procesos/{proceso.id}/contrato"
    datos = {"referencia": "CTO-9", "valor": "$ 150.000.001", "fecha_firma": "2026-04-01",
             "fecha_inicio": "2026-04-02", "fecha_fin": "2026-05-01", "supervisor_id": str(comprador.id)}  # fmt: skip
    assert "supera el valor adjudicado" in client.post(url, data=datos).get_data(as_text=True)
    datos |= {"valor": "0"}
    assert "mayor que cero" in client.post(url, data=datos).get_data(as_text=True)
    datos |= {"valor": "150000000", "fecha_fin": "2026-03-01"}
    pagina = client.post(url, data=datos).get_data(as_text=True)
    assert "posterior a la de inicio" in pagina and 'value="CTO-9"' in pagina
    datos |= {"fecha_fin": "2026-05-01", "supervisor_id": "999999"}
    assert "Opción inválida" in client.post(url, data=datos).get_data(as_text=True)
    assert db.session.scalars(select(Contrato)).all() == []


@pytest.mark.parametrize(
    ("campo", "valor", "mensaje"),
    [
        ("precio_base", "ciento ochenta millones", "Escriba el valor en pesos"),
        ("precio_base", "180.000.000,50", "sin centavos"),
        ("precio_base", "0", "mayor que cero"),
        ("precio_base", "", "Escriba el precio base"),
        ("fecha_recepcion_ofertas", "30/02/2026 17:00", "fecha y la hora"),
        ("fecha_adjudicacion", "2026-03-10", "antes de la fecha límite de recepción"),
        ("unspsc_principal", "4412150", "8 dígitos"),
        ("unspsc_adicionales", "44111500, 6012-1100", "revise: 6012-1100"),
        ("duracion", "tres", "entero"),
        ("modalidad", "Compra directa sin pliego", "Opción inválida"),
    ],
)
def test_datos_malos_se_explican_y_nada_se_pierde(db, client, comprador, campo, valor, mensaje):
    response = client.post("/entidad/procesos/nuevo", data=campos(**{campo: valor}))
    pagina = response.get_data(as_text=True)
    assert response.status_code == 200
    assert mensaje in pagina
    assert "Suministro de kits escolares para las sedes rurales" in pagina
    assert 'value="MC-007-2026"' in pagina
    if valor and campo != "modalidad":  # a select cannot show an option it does not have
        assert valor in pagina  # what was typed comes back to be corrected
    assert db.session.scalars(select(Proceso)).all() == []


def test_precio_base_en_varios_formatos(db, client, comprador):
    for texto, pesos in (("180000000", 180_000_000), ("$ 1.250.000", 1_250_000),
                         ("2,500,000", 2_500_000), ("$3.000.000,00", 3_000_000)):  # fmt: skip
        assert crear(client, precio_base=texto).precio_base == pesos


def test_unspsc_con_clasificador_cargado(db, client, comprador):
    db.session.add(
        Unspsc(codigo="44121500", nivel="clase", nombre="Sobres de correo", padre="44120000")
    )
    db.session.commit()
    pagina = client.post(
        "/entidad/procesos/nuevo", data=campos(unspsc_adicionales="99999999")
    ).get_data(as_text=True)
    assert "no está en el Clasificador" in pagina
    proceso = crear(client, unspsc_adicionales="")
    assert "Sobres de correo" in client.get(f"/entidad/procesos/{proceso.id}").get_data(
        as_text=True
    )


def test_editar_un_proceso_publicado_deja_rastro_publico(db, client, comprador):
    proceso = publicado(client)
    formulario = client.get(f"/entidad/procesos/{proceso.id}/editar").get_data(as_text=True)
    assert 'value="$ 180.000.000"' in formulario and 'value="2026-03-20T17:00"' in formulario
    response = client.post(
        f"/entidad/procesos/{proceso.id}/editar", data=campos(precio_base="200000000")
    )
    assert response.status_code == 303
    evento = db.session.scalar(
        select(Evento).where(Evento.accion == "proceso.editado", Evento.proceso_id == proceso.id)
    )
    assert evento.publico and evento.cambios == {"precio_base": [180_000_000, 200_000_000]}
    # Saving the same values again changes nothing and logs nothing.
    client.post(f"/entidad/procesos/{proceso.id}/editar", data=campos(precio_base="200000000"))
    assert (
        len(db.session.scalars(select(Evento).where(Evento.accion == "proceso.editado")).all()) == 1
    )


def test_lista_de_procesos_filtra_busca_y_pagina(app, db, client, comprador, entidad, make_proceso):
    app.config["PAGE_SIZE"] = 2
    otro = make_proceso(referencia="AJENO-1")  # another entity's
    for n in range(3):
        make_proceso(entidad=entidad, referencia=f"SAMC-{n}-2026", estado="borrador")
    make_proceso(
        entidad=entidad, referencia="LP-9-2026", estado="publicado", nombre="Pavimentación"
    )
    db.session.commit()
    pagina = client.get("/entidad/procesos").get_data(as_text=True)
    assert "4 procesos" in pagina and "Página 1 de 2" in pagina and otro.referencia not in pagina
    borradores = client.get("/entidad/procesos?estado=borrador").get_data(as_text=True)
    assert "3 procesos" in borradores and "LP-9-2026" not in borradores
    fragmento = client.get("/entidad/procesos?q=paviment", headers={"HX-Request": "true"})
    texto = fragmento.get_data(as_text=True)
    assert "<html" not in texto and "LP-9-2026" in texto and "1 proceso" in texto
    assert "HX-Request" in fragmento.headers["Vary"]
