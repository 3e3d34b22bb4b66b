"""The bitmask engine answers exactly what Whoosh itself would, on an index of our schema."""

import random

import pytest
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import TF_IDF
from whoosh.writing import NO_MERGE

from portal.search import engine, whoosh_fix  # noqa: F401  (the writer fixes, as in the app)
from portal.search.schema import bigrams, build_schema, spanish_terms

WORDS = [
    "obra",
    "vía",
    "mantenimiento",
    "servicio",
    "profesional",
    "apoyo",
    "gestión",
    "colegio",
    "aula",
    "puente",
]


def _text(rng: random.Random) -> str:
    # Repeated words give terms several frequencies, hence several score groups.
    return " de ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    """600 documents in three segments, some deleted: several posting blocks per term."""
    rng = random.Random(4)
    ix = FileStorage(str(tmp_path_factory.mktemp("ix"))).create_index(build_schema())
    for batch in range(3):
        writer = ix.writer()
        for n in range(200):
            text = _text(rng)
            writer.add_document(
                pk=f"{batch}-{n}", texto=text, pares=text, palabras=text, estado=f"e{n % 3}"
            )
        for n in range(0, 200, 7):
            writer.delete_by_term("pk", f"{max(0, batch - 1)}-{n}")
        writer.commit(merge=False, mergetype=NO_MERGE)
    searcher = ix.searcher(weighting=TF_IDF())
    yield engine.View(searcher)
    searcher.close()


def _whoosh_docs(view, query) -> set[int]:
    return set(view.searcher.docs_for_query(query))


QUERIES = [
    wq.Term("texto", spanish_terms("servicios")[0]),
    wq.And([wq.Term("texto", s) for s in spanish_terms("obra profesional")]),
    wq.Or([wq.Term("texto", s) for s in spanish_terms("puente aula")]),
    wq.And([wq.Term("texto", spanish_terms("colegio")[0]), wq.Term("estado", "e1")]),
    wq.Prefix("palabras", "mant"),
    wq.Term("pares", bigrams(spanish_terms("apoyo de gestión"))[0]),
    wq.Term("texto", "palabraquenoexiste"),
]


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_matches_equal_whoosh(view, query):
    mask = engine.evaluate(view, query)
    assert set(engine.docnums(mask, view.size)) == _whoosh_docs(view, query)
    assert set(engine.docnums(mask, view.size, few=True)) == _whoosh_docs(view, query)


def test_deleted_documents_never_match(view):
    deleted = {leaf.offset + d for leaf in view.leaves for d in leaf.reader.deleted_docs_set}
    assert deleted
    assert not set(engine.docnums(engine.evaluate(view, wq.Every()), view.size)) & deleted


@pytest.mark.parametrize("q", ["servicio", "obra profesional", "mantenimiento puente vía"])
def test_relevance_order_equals_whoosh_tf_idf(view, q):
    stems = spanish_terms(q)
    query = wq.And([wq.Term("texto", s) for s in stems])
    expected = [hit.docnum for hit in view.searcher.search(query, limit=30)]
    assert expected != sorted(expected)  # frequencies, not document order, decide
    mask = engine.evaluate(view, query)
    assert engine.by_relevance(view, mask, stems, 30) == expected


def test_facet_masks_count_like_whoosh(view):
    for value, mask in view.facet_masks("estado").items():
        live = mask & view.live
        assert live.bit_count() == len(_whoosh_docs(view, wq.Term("estado", value)))


# --- through the public API, on the database --------------------------------------------------


def _ids(**args) -> list[str]:
    from portal import search

    return [r.proceso.id_del_proceso for r in search.search(search.parse(args)).resultados]


@pytest.fixture
def close_searchers():
    from portal.search import query

    yield
    query.drop_views()


def test_ranges_leave_out_processes_without_a_value(db, make_proceso, close_searchers):
    priced = make_proceso(precio_base=50_000_000)
    unpriced = make_proceso(precio_base=None, fecha_publicacion=None)
    db.session.commit()
    assert _ids(precio_max="60000000") == [priced.id_del_proceso]
    assert _ids(hasta="2026-12-31") == [priced.id_del_proceso]
    # Sorted by price or date, a process without a value comes last.
    assert _ids(orden="precio") == [priced.id_del_proceso, unpriced.id_del_proceso]
    assert _ids(orden="fecha") == [priced.id_del_proceso, unpriced.id_del_proceso]


def test_quoted_phrases_are_pairs_of_consecutive_words(db, make_proceso, close_searchers):
    exact = make_proceso(nombre="Prestación de servicios profesionales de apoyo")
    swapped = make_proceso(nombre="Servicios profesionales para la prestación")
    # Every adjacent pair must occur, though not necessarily in one run (documented trade-off).
    pairs = make_proceso(nombre="Prestación de servicios y servicios profesionales")
    db.session.commit()
    assert set(_ids(q='"prestación de servicios"')) == {exact.id_del_proceso, pairs.id_del_proceso}
    assert set(_ids(q='"servicios profesionales"')) == {
        exact.id_del_proceso,
        swapped.id_del_proceso,
        pairs.id_del_proceso,
    }
    assert set(_ids(q='"prestacion de servicios profesionales"')) == {
        exact.id_del_proceso,
        pairs.id_del_proceso,
    }
    assert _ids(q='"apoyo a la prestación"') == []


def test_more_occurrences_rank_first(db, make_proceso, close_searchers):
    once = make_proceso(nombre="Suministro de papelería", descripcion="Para la sede")
    twice = make_proceso(nombre="Suministro de papelería", descripcion="Suministro mensual")
    db.session.commit()
    assert _ids(q="suministros") == [twice.id_del_proceso, once.id_del_proceso]


def test_an_update_reuses_what_was_read_from_unchanged_segments(db, make_proceso, close_searchers):
    from portal.search import index, query

    first = make_proceso(nombre="Puente peatonal")
    other = make_proceso(nombre="Puente vehicular")
    db.session.commit()
    assert set(_ids(q="puente")) == {first.id_del_proceso, other.id_del_proceso}
    before = query.current_view(index.get_index())
    first.nombre = "Andén peatonal"
    db.session.commit()
    assert _ids(q="puente") == [other.id_del_proceso]  # the old version is deleted, not found
    assert _ids(q="anden") == [first.id_del_proceso]
    after = query.current_view(index.get_index())
    assert after is not before
    assert after.leaves[0].segment is before.leaves[0].segment


def test_facets_counted_one_by_one_equal_the_bitmask_counts(
    db, make_proceso, close_searchers, monkeypatch
):
    from portal import search
    from portal.search import query

    for n in range(6):
        estado = ("publicado", "adjudicado", "cerrado")[n % 3]
        make_proceso(estado=estado, departamento=("Bolívar", "Antioquia")[n % 2])
    db.session.commit()
    one_by_one = search.search(search.parse({})).facetas
    monkeypatch.setattr(query, "FEW", 0)
    assert search.search(search.parse({})).facetas == one_by_one
    assert dict(one_by_one["estado"]) == {"publicado": 2, "adjudicado": 2, "cerrado": 2}


def test_an_index_of_an_older_schema_still_answers_and_says_so(app, db, close_searchers):
    from whoosh.analysis import RegexTokenizer
    from whoosh.fields import ID, TEXT, Schema

    from portal import search
    from portal.search import index
    from portal.search.schema import SingularFilter

    old = Schema(pk=ID(stored=True), texto=TEXT(analyzer=RegexTokenizer() | SingularFilter()))
    index.storage().create_index(old)
    index.forget_index()
    page = search.search(search.parse({"q": "obras"}))
    assert page.total == 0
    assert any("reindex" in aviso for aviso in page.avisos)
    assert search.status()["estado"] == "desactualizado"
    search.reindex()
    assert search.status()["estado"] == "ok"
