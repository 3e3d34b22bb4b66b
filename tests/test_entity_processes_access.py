"""Who may act on an entity's processes: a parametrized matrix of routes × roles."""

import io

import pytest
from sqlalchemy import func, select

from portal.models import Documento, Evento, Membresia, Proceso

PERFILES = (
    "anonimo", "sin_membresia", "proveedor", "comprador_de_otra_entidad",
    "solicitud_pendiente", "comprador", "administrador",
)  # fmt: skip
AUTORIZADOS = {"comprador", "administrador"}

# (method, url template, form data): every route of the workspace that reads or acts on a process.
RUTAS = (
    ("GET", "/entidad/procesos/{id}", None),
    ("GET", "/entidad/procesos/{id}/editar", None),
    ("POST", "/entidad/procesos/{id}/editar", {"referencia": "X"}),
    ("GET", "/entidad/procesos/{id}/documentos", None),
    ("GET", "/entidad/procesos/{id}/documentos/{doc}/archivo", None),
    ("GET", "/entidad/procesos/{id}/estado", None),
    ("POST", "/entidad/procesos/{id}/estado", {"accion": "evaluar"}),
    ("GET", "/entidad/procesos/{id}/adjudicar", None),
    ("POST", "/entidad/procesos/{id}/adjudicar", {"proveedor_id": "1", "valor": "10"}),
    ("GET", "/entidad/procesos/{id}/contrato", None),
    ("POST", "/entidad/procesos/{id}/contrato", {"referencia": "C-1"}),
)
RUTAS_DE_CUENTA = (
    ("GET", "/entidad/procesos"),
    ("GET", "/entidad/procesos/nuevo"),
    ("GET", "/entidad/"),
)


@pytest.fixture
def escenario(db, entidad, make_proceso, make_documento):
    proceso = make_proceso(entidad=entidad, origen="portal", id_del_proceso="PC.REQ.900")
    documento = make_documento(proceso=proceso, estado="publicado", tipo="estudios_previos")
    db.session.commit()
    return proceso, documento


@pytest.fixture
def entidad(make_entidad):
    return make_entidad()


@pytest.fixture
def entrar(db, login_as, make_entidad, entidad):
    """Sign the client in with one profile of the matrix."""

    def entrar(perfil: str):
        if perfil == "anonimo":
            return None
        if perfil == "sin_membresia":
            user = login_as()
        elif perfil == "proveedor":
            user = login_as("proveedor")
        elif perfil == "comprador_de_otra_entidad":
            user = login_as("comprador", cuenta=make_entidad())
        elif perfil == "solicitud_pendiente":
            # A pending request to the entity gives no rights, even if it is the active account.
            user = login_as("proveedor")
            db.session.add(
                Membresia(usuario=user, cuenta=entidad, rol="comprador", estado="pendiente")
            )
        else:
            user = login_as(perfil, cuenta=entidad)
        db.session.commit()
        return user

    return entrar


def esperado(perfil: str) -> set[int]:
    if perfil == "anonimo":
        return {302}
    return {200, 303} if perfil in AUTORIZADOS else {403}


# One app per profile keeps the suite fast; every route is still checked and named on failure.
@pytest.mark.parametrize("perfil", PERFILES)
def test_matriz_de_acceso_a_un_proceso(client, escenario, entrar, perfil):
    proceso, documento = escenario
    entrar(perfil)
    for metodo, url, datos in RUTAS:
        url = url.format(id=proceso.id, doc=documento.id)
        with client.open(url, method=metodo, data=datos) as response:
            assert response.status_code in esperado(perfil), f"{metodo} {url}"
            if perfil == "anonimo":
                assert "/ingresar" in response.location, f"{metodo} {url}"


@pytest.mark.parametrize("perfil", PERFILES)
def test_matriz_de_acceso_al_espacio_de_la_entidad(client, escenario, entrar, perfil):
    """The list and the new-process form serve the active entity: any buyer of any entity."""
    proceso, _ = escenario
    entrar(perfil)
    permitidos = AUTORIZADOS | {"comprador_de_otra_entidad"}
    for metodo, url in RUTAS_DE_CUENTA:
        response = client.open(url, method=metodo)
        codigos = {302} if perfil == "anonimo" else {200, 302} if perfil in permitidos else {403}
        assert response.status_code in codigos, f"{metodo} {url}"
    if perfil in permitidos:
        listado = client.get("/entidad/procesos").get_data(as_text=True)
        assert (proceso.id_del_proceso in listado) == (perfil in AUTORIZADOS)


@pytest.mark.parametrize("perfil", PERFILES)
def test_solo_la_entidad_carga_documentos_de_sus_procesos(db, client, escenario, entrar, perfil):
    proceso, _ = escenario
    entrar(perfil)
    data = {
        "proposito": "documento_proceso",
        "proceso_id": str(proceso.id),
        "tipo": "aviso_convocatoria",
        "archivo": (io.BytesIO(b"%PDF-1.7\naviso"), "aviso.pdf"),
    }
    response = client.post("/subidas/formulario", data=data, content_type="multipart/form-data")
    antes = 1
    cuenta = db.session.scalar(select(func.count()).select_from(Documento))
    if perfil in AUTORIZADOS:
        assert response.status_code == 303 and cuenta == antes + 1
    else:
        assert response.status_code in (302, 403) and cuenta == antes


def test_un_proceso_de_otra_entidad_no_se_toca(db, client, escenario, entrar, make_proceso):
    entrar("comprador")
    ajeno = make_proceso(origen="portal", estado="publicado")
    db.session.commit()
    response = client.post(
        f"/entidad/procesos/{ajeno.id}/estado", data={"accion": "cancelar", "motivo": "x" * 20}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Proceso, ajeno.id).estado == "publicado"
    assert db.session.scalar(select(func.count()).select_from(Evento)) == 0


def test_los_procesos_importados_de_secop_no_se_gestionan_aqui(
    db, client, entidad, entrar, make_proceso
):
    entrar("comprador")
    importado = make_proceso(entidad=entidad, origen="secop", estado="publicado")
    db.session.commit()
    pagina = client.post(f"/entidad/procesos/{importado.id}/estado", data={"accion": "evaluar"})
    assert "se gestiona en SECOP II" in pagina.get_data(as_text=True)
    assert "ya no se puede editar" in client.get(
        f"/entidad/procesos/{importado.id}/editar"
    ).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Proceso, importado.id).estado == "publicado"


def test_enlace_mi_entidad_solo_para_quien_gestiona(client, entrar):
    entrar("proveedor")
    assert "Mi entidad" not in client.get("/procesos").get_data(as_text=True)
    entrar("comprador")
    assert "Mi entidad" in client.get("/procesos").get_data(as_text=True)
