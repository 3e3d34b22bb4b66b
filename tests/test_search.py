"""The search index: analyzer, queries, filters, facets, and how it follows the database."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from portal import search
from portal.models import Proceso, Unspsc
from portal.search import index, query
from portal.search.params import parse


@pytest.fixture(autouse=True)
def close_searchers():
    yield
    query.drop_views()


def find(**args) -> list[str]:
    """Ids of the processes found for these URL arguments, in order."""
    page = search.search(parse(args))
    return [r.proceso.id_del_proceso for r in page.resultados]


@pytest.fixture
def corpus(db, make_entidad, make_proceso):
    """A few processes that differ in every filtered field, committed (hence indexed)."""
    cartagena = make_entidad(nombre="ALCALDÍA DISTRITAL DE CARTAGENA DE INDIAS", nit="890480184")
    cenac = make_entidad(nombre="CENTRO NACIONAL DE AVIACIÓN", nit="899999001")
    rows = {
        "vias": make_proceso(
            id_del_proceso="CO1.REQ.8610154",
            referencia="SAMC-001-2026",
            entidad=cartagena,
            nombre="Mantenimiento de vías terciarias",
            descripcion="Obras de mantenimiento rutinario",
            unspsc_principal="72141100",
            fecha_publicacion=datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
        ),
        "servicios": make_proceso(
            referencia="SASD-191-CENACAVIACION-2025",
            entidad=cenac,
            nombre="Prestación de servicios profesionales de apoyo a la gestión",
            descripcion="Servicio de asesoría jurídica",
            modalidad="Contratación directa",
            tipo_contrato="Prestación de servicios",
            estado="adjudicado",
            precio_base=45_000_000,
            departamento="Distrito Capital de Bogotá",
            ciudad="Bogotá",
            unspsc_principal="80111600",
            fecha_publicacion=datetime(2025, 11, 20, 14, 0, tzinfo=UTC),
        ),
        "obra": make_proceso(
            entidad=cartagena,
            nombre="Obra de construcción del colegio",
            descripcion="Construcción de aulas",
            modalidad="Licitación pública",
            precio_base=2_500_000_000,
            unspsc_principal="72121400",
            unspsc_adicionales=["80111600"],
            fecha_publicacion=datetime(2026, 1, 15, 15, 0, tzinfo=UTC),
        ),
        "borrador": make_proceso(nombre="Mantenimiento secreto en borrador", estado="borrador"),
    }
    db.session.commit()
    return rows


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("alcaldia", {"vias", "obra"}),
        ("ALCALDÍA", {"vias", "obra"}),
        ("Alcaldía cartagena", {"vias", "obra"}),
        ("obra", {"vias", "obra"}),
        ("obras", {"vias", "obra"}),
        ("servicio", {"servicios"}),
        ("SERVICIOS", {"servicios"}),
        ("vias", {"vias"}),
        ("aviacion", {"servicios"}),
        ("contratacion directa", set()),
        ("mantenim*", {"vias"}),
        ('"servicios profesionales"', {"servicios"}),
        ('"profesionales servicios"', set()),
        ("890480184", {"vias", "obra"}),
        ("secreto", set()),
    ],
)
def test_text_matches_accents_plurals_case(corpus, q, expected):
    ids = set(find(q=q))
    assert ids == {corpus[name].id_del_proceso for name in expected}


@pytest.mark.parametrize("q", ["CO1.REQ.8610154", "co1.req.8610154", "SASD-191-CENACAVIACION-2025"])
def test_exact_id_or_reference_comes_first(corpus, make_proceso, db, q):
    target = "vias" if "REQ" in q.upper() else "servicios"
    # Another process that mentions the id in its text must not outrank the exact match.
    make_proceso(nombre=f"Adición al proceso {q} {q} {q}")
    db.session.commit()
    page = search.search(parse({"q": q}))
    assert page.resultados[0].proceso.id_del_proceso == corpus[target].id_del_proceso
    assert page.resultados[0].exacto


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"estado": "adjudicado"}, {"servicios"}),
        ({"estado": "Adjudicado"}, {"servicios"}),
        ({"modalidad": "contratacion directa"}, {"servicios"}),
        ({"entidad": "cartagena"}, {"vias", "obra"}),
        ({"entidad": "890.480.184-4"}, {"vias", "obra"}),
        ({"departamento": "distrito capital de bogota"}, {"servicios"}),
        ({"ciudad": "Bogotá"}, {"servicios"}),
        ({"ciudad": "cartagena"}, {"vias", "obra"}),
        ({"precio_min": "100000000"}, {"vias", "obra"}),
        ({"precio_max": "180000000"}, {"vias", "servicios"}),
        ({"precio_min": "50000000", "precio_max": "200000000"}, {"vias"}),
        ({"desde": "2026-01-01"}, {"vias", "obra"}),
        ({"hasta": "2025-12-31"}, {"servicios"}),
        ({"desde": "2026-01-15", "hasta": "2026-01-15"}, {"obra"}),
        ({"unspsc": "72"}, {"vias", "obra"}),
        ({"unspsc": "72000000"}, {"vias", "obra"}),
        ({"unspsc": "72140000"}, {"vias"}),
        ({"unspsc": "721411"}, {"vias"}),
        ({"unspsc": "80111600"}, {"servicios", "obra"}),
        ({"tipo": "prestacion de servicios"}, {"servicios"}),
        ({"tipo": "Obra", "q": "colegio"}, {"obra"}),
        ({"entidad": "cartagena", "unspsc": "8011", "precio_min": "1000000000"}, {"obra"}),
        ({"q": "mantenimiento", "estado": "adjudicado"}, set()),
    ],
)
def test_filters_and_combinations(corpus, args, expected):
    assert set(find(**args)) == {corpus[name].id_del_proceso for name in expected}


def test_unspsc_by_spanish_name(corpus, db):
    db.session.add_all(
        [
            Unspsc(
                codigo="72000000",
                nivel="segmento",
                nombre="Servicios de Edificación, Construcción de Instalaciones y Mantenimiento",
            ),
            Unspsc(
                codigo="72140000",
                nivel="familia",
                nombre="Servicios de construcción pesada",
                padre="72000000",
            ),
        ]
    )
    db.session.commit()
    assert set(find(unspsc="construccion pesada")) == {corpus["vias"].id_del_proceso}
    page = search.search(parse({"unspsc": "no existe tal categoría"}))
    assert page.total == 3 and any("UNSPSC" in note for note in page.avisos)


def test_orders_by_date_and_price(corpus):
    assert find(orden="fecha") == [corpus[n].id_del_proceso for n in ("vias", "obra", "servicios")]
    assert find(orden="precio") == [corpus[n].id_del_proceso for n in ("obra", "vias", "servicios")]


def test_facet_counts_equal_database_counts(db, make_proceso):
    for n in range(30):
        make_proceso(
            estado=("publicado", "adjudicado", "desierto")[n % 3],
            modalidad=("Mínima cuantía", "Licitación pública")[n % 2],
            departamento=("Bolívar", "Antioquia", "Cauca", "Nariño")[n % 4],
            nombre="Suministro de alimentos" if n % 5 else "Obra civil",
        )
    db.session.commit()
    page = search.search(parse({"q": "suministro"}))
    suministros = Proceso.nombre.like("Suministro%")
    for facet, column in (
        ("estado", Proceso.estado),
        ("modalidad", Proceso.modalidad),
        ("departamento", Proceso.departamento),
    ):
        rows = db.session.execute(select(column, func.count()).where(suministros).group_by(column))
        assert dict(page.facetas[facet]) == dict(rows.all())
    assert page.total == db.session.scalar(select(func.count()).where(suministros))


def test_pagination_total_and_pages(db, make_proceso):
    for n in range(45):
        make_proceso(fecha_publicacion=datetime(2026, 1, 1 + n % 28, tzinfo=UTC))
    db.session.commit()
    pages = [search.search(parse({"pagina": str(p), "orden": "fecha"})) for p in (1, 2, 3)]
    assert [len(p.resultados) for p in pages] == [20, 20, 5]
    assert pages[0].total == 45 and pages[0].paginas == 3
    seen = [r.proceso.id for p in pages for r in p.resultados]
    assert len(set(seen)) == 45


@pytest.mark.parametrize(
    ("args", "note"),
    [
        ({"estado": "inventado"}, "estado"),
        ({"precio_min": "mucho"}, "precio mínimo"),
        ({"desde": "2026-13-45"}, "desde"),
        ({"orden": "aleatorio"}, "orden"),
        ({"pagina": "-3"}, "página"),
        ({"unspsc": "123"}, "UNSPSC"),
    ],
)
def test_bad_values_are_ignored_with_a_note(corpus, args, note):
    page = search.search(parse(args))
    assert page.total == 3
    assert any(note in aviso for aviso in page.avisos)


def test_highlight_marks_matches_and_escapes_the_rest(db, make_proceso):
    make_proceso(nombre="Obras <script>alert(1)</script> & reparación de vías")
    db.session.commit()
    page = search.search(parse({"q": "obra VIAS"}))
    html = str(page.resultados[0].objeto)
    assert "<mark>Obras</mark>" in html and "<mark>vías</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html


def test_index_follows_create_update_delete(db, make_proceso):
    proceso = make_proceso(nombre="Dotación de uniformes escolares")
    assert find(q="uniformes") == []  # flushed, not committed
    db.session.commit()
    assert find(q="uniformes") == [proceso.id_del_proceso]
    proceso.nombre = "Dotación de pupitres"
    db.session.commit()
    assert find(q="uniformes") == [] and find(q="pupitres") == [proceso.id_del_proceso]
    proceso.estado = "borrador"
    db.session.commit()
    assert find(q="pupitres") == []
    proceso.estado = "publicado"
    db.session.commit()
    db.session.delete(proceso)
    db.session.commit()
    assert find(q="pupitres") == []
    assert search.check().ok


def test_rollback_leaves_the_index_alone(db, make_proceso):
    make_proceso(nombre="Compra de ambulancias")
    db.session.rollback()
    db.session.commit()
    assert find(q="ambulancias") == []


def test_entity_rename_reindexes_its_processes(db, make_entidad, make_proceso):
    entidad = make_entidad(nombre="GOBERNACIÓN DEL CAUCA")
    make_proceso(entidad=entidad)
    db.session.commit()
    entidad.nombre = "GOBERNACIÓN DE NARIÑO"
    db.session.commit()
    assert find(q="cauca") == [] and len(find(q="nariño")) == 1


def test_failed_index_write_keeps_the_database_write_and_is_repaired(db, make_proceso, monkeypatch):
    def locked(*args, **kwargs):
        raise index.LockError

    monkeypatch.setattr(index, "open_writer", locked)
    proceso = make_proceso(nombre="Adquisición de computadores")
    db.session.commit()  # the index write fails: no exception reaches the caller
    assert db.session.get(Proceso, proceso.id) is not None
    assert index.read_pending() == {proceso.id}
    assert search.check().faltantes == [proceso.id]
    monkeypatch.undo()
    other = make_proceso(nombre="Adquisición de impresoras")
    db.session.commit()  # the next write replays the pending id
    assert set(find(q="adquisicion")) == {proceso.id_del_proceso, other.id_del_proceso}
    assert index.read_pending() == set()


def test_writer_retries_while_another_process_holds_the_lock(app, db, make_proceso):
    make_proceso(nombre="Primera escritura")
    db.session.commit()
    ix = index.get_index()
    held = ix.writer()
    attempts = []
    original = ix.writer

    def writer_that_frees_the_lock(**kwargs):
        attempts.append(1)
        if len(attempts) == 2:
            held.cancel()
        return original(**kwargs)

    index.FIRST_BACKOFF_S, saved = 0.001, index.FIRST_BACKOFF_S
    ix.writer = writer_that_frees_the_lock
    try:
        make_proceso(nombre="Segunda escritura con reintento")
        db.session.commit()
    finally:
        index.FIRST_BACKOFF_S = saved
        del ix.writer
    assert len(attempts) >= 2
    assert len(find(q="reintento")) == 1


def test_searcher_is_reused_and_refreshed(db, make_proceso):
    make_proceso(nombre="Primer proceso")
    db.session.commit()
    find(q="proceso")
    first = query.current_view(index.get_index())
    assert query.current_view(index.get_index()) is first
    make_proceso(nombre="Segundo proceso")
    db.session.commit()
    assert len(find(q="proceso")) == 2
    assert query.current_view(index.get_index()) is not first


def test_reindex_and_check_match_the_database(db, make_proceso):
    for n in range(12):
        make_proceso(nombre=f"Proceso número {n}", estado="borrador" if n == 0 else "publicado")
    db.session.commit()
    index.forget_index()
    import shutil

    shutil.rmtree(index.index_dir())
    differences = search.check()
    assert len(differences.faltantes) == 11
    rebuilt = search.reindex()
    assert rebuilt.documentos == 11
    assert search.check().ok
    assert search.status()["documentos"] == 11


def test_cli_reindex_and_check(runner, db, make_proceso):
    proceso = make_proceso()
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "1 procesos" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    db.session.execute(
        Proceso.__table__.update().values(
            nombre="Cambio por SQL directo", actualizado_en=datetime(2030, 1, 1, tzinfo=UTC)
        )
    )
    db.session.commit()  # a Core update: the ORM hooks do not see it
    result = runner.invoke(args=["search", "check"])
    assert (
        result.exit_code == 1 and f"Desactualizados en el índice: 1 ({proceso.id})" in result.output
    )
    result = runner.invoke(args=["search", "check", "--repair"])
    assert result.exit_code == 0 and "Reparado" in result.output
    assert find(q="directo") == [proceso.id_del_proceso]
