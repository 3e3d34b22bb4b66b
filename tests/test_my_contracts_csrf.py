"""With CSRF on (as in production): the forms of Mis contratos carry their token and need it."""

import re

import pytest
from support import documento_llamado, seccion_url


@pytest.fixture
def test_config(test_config):
    return test_config | {"WTF_CSRF_ENABLED": True}


def test_removal_needs_the_token_the_page_renders(db, my_contract, make_documento):
    contrato, client = my_contract.contrato, my_contract.c_contratista
    documento = make_documento(contrato=contrato, etapa="ejecucion", estado="pendiente",
                               cargado_por_id=my_contract.contratista.id, nombre_archivo="Informe.pdf")  # fmt: skip
    db.session.commit()
    url = f"/mis-contratos/{contrato.id_contrato}/documentos/{documento.id}/borrar"
    forged = client.post(url, headers={"HX-Request": "true"})
    assert forged.status_code == 400 and documento_llamado(db, "Informe.pdf").estado == "pendiente"
    page = client.get(seccion_url(contrato)).get_data(as_text=True)
    form = page[page.index(f'action="{url}"') :]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(url, data={"csrf_token": token}).status_code == 303
    db.session.expire_all()
    assert documento_llamado(db, "Informe.pdf").estado == "eliminado"
