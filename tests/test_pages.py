"""Public pages of the foundation: home, process detail and contract detail."""

import pytest


def test_home_lists_recent_processes_but_not_drafts(client, db, make_proceso):
    make_proceso(nombre="Suministro de kits escolares")
    make_proceso(nombre="Borrador secreto", estado="borrador")
    db.session.commit()
    page = client.get("/").text
    assert "Suministro de kits escolares" in page
    assert "Borrador secreto" not in page
    assert 'role="search"' in page


def test_process_detail_shows_master_data(client, db, make_proceso, make_contrato):
    proceso = make_proceso(precio_base=180_000_000, url_secop="https://community.secop.gov.co/x")
    contrato = make_contrato(proceso=proceso)
    db.session.commit()
    page = client.get(f"/procesos/{proceso.id_del_proceso}").text
    assert "$ 180.000.000" in page
    assert proceso.referencia in page
    assert "02/03/2026" in page  # 15:30 UTC is 10:30 in Bogotá, same day
    assert contrato.referencia in page
    assert "Ver el proceso en SECOP II" in page


def test_contract_detail_links_back_to_its_process(client, db, make_contrato):
    contrato = make_contrato(valor_pagado=1_500_000)
    db.session.commit()
    page = client.get(f"/contratos/{contrato.id_contrato}").text
    assert "$ 1.500.000" in page
    assert f"/procesos/{contrato.proceso.id_del_proceso}" in page


@pytest.mark.parametrize("url", ["/procesos/CO1.REQ.0", "/contratos/CO1.PCCNTR.0"])
def test_unknown_ids_are_404(client, url):
    assert client.get(url).status_code == 404


def test_draft_process_is_not_public(client, db, make_proceso):
    proceso = make_proceso(estado="borrador")
    db.session.commit()
    assert client.get(f"/procesos/{proceso.id_del_proceso}").status_code == 404
