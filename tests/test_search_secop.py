"""Search over real SECOP II processes (../shared/data/secop-raw), imported with the importer."""

import pytest
from sqlalchemy import func, select

from portal import search
from portal.models import Proceso
from portal.search import query
from portal.search.params import parse

PROCESOS_FILE = "p6dx-8zbt_procesos__Danii114_SECOP_I-II__2147rows.csv"

pytestmark = pytest.mark.secop_raw


@pytest.fixture
def real_processes(db, shared_data):
    from portal.importer import import_file

    result = import_file(shared_data / PROCESOS_FILE)
    db.session.commit()
    assert not result.error and result.insertadas > 2000
    search.reindex(procs=1)
    yield
    query.drop_views()


def test_real_processes_are_searchable(db, real_processes):
    assert search.check().ok
    public = db.session.scalar(select(func.count()).where(Proceso.estado != "borrador"))
    assert search.search(parse({})).total == public
    sample = db.session.scalars(select(Proceso).order_by(Proceso.id).offset(100).limit(1)).one()
    first = search.search(parse({"q": sample.id_del_proceso})).resultados[0]
    assert first.exacto and first.proceso.id == sample.id
    if sample.referencia:
        found = search.search(parse({"q": sample.referencia})).resultados
        assert sample.id in [r.proceso.id for r in found[:5]]


def test_real_facets_match_the_database(db, real_processes):
    page = search.search(parse({"q": "servicios"}))
    assert page.total > 0
    by_estado = dict(page.facetas["estado"])
    ids = [r.proceso.id for r in page.resultados]
    assert sum(by_estado.values()) == page.total and ids
    accentless = search.search(parse({"q": "contratacion"})).total
    assert accentless == search.search(parse({"q": "CONTRATACIÓN"})).total
