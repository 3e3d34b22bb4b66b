"""Search benchmark: warm p50/p95 of whole /procesos requests, with SQLite FTS5 beside it.

    .venv/bin/python bench/search.py                 # 100,000 processes
    .venv/bin/python bench/search.py --processes 1000000
    .venv/bin/python bench/search.py --rebuild-index # measure the index build again

The corpus comes from the demo generator (portal/demo, documents off) and is cached in
/tmp/portal-bench/<n>/ (outside the repository); the first run builds it.
"""

import argparse
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, text

from portal import create_app, search
from portal.config import self_contained
from portal.demo import generate
from portal.extensions import db
from portal.models import Entidad, Proceso

CACHE = Path("/tmp/portal-bench")
FACETS = ("estado", "modalidad", "departamento")


def build_app(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    return create_app(
        self_contained(folder, TESTING=True, SECRET_KEY="bench", SEARCH_INDEX_PROCS=2)
    )


def bring_schema_up() -> None:
    """Bring a cached corpus up to the models: new tables, and (nullable) columns added since."""
    db.create_all()
    existing = sa_inspect(db.engine)
    for table in db.metadata.sorted_tables:
        present = {column["name"] for column in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(db.engine.dialect)
                db.session.execute(
                    text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}')
                )
    db.session.commit()


def ensure_corpus(app, processes: int, rebuild_index: bool) -> str:
    """Generate the demo corpus once, then (re)build the index; return the build line."""
    folder = Path(app.config["SEARCH_INDEX_DIR"])
    bring_schema_up()
    if db.session.scalar(select(Proceso.id).limit(1)) is None:
        started = time.perf_counter()
        generate(processes, documents=False)
        print(f"corpus: {processes:,} procesos generados en {time.perf_counter() - started:.0f} s")
    current = search.index.get_index(create=False)
    if rebuild_index or current is None or search.index.outdated(current):
        shutil.rmtree(folder, ignore_errors=True)
        search.index.forget_index()
        rebuilt = search.reindex(procs=2)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        (folder.parent / "build.txt").write_text(
            f"{rebuilt.documentos} {rebuilt.segundos:.1f} {rebuilt.por_segundo:.0f} {peak_mb}"
        )
    docs, seconds, rate, *peak = (folder.parent / "build.txt").read_text().split()
    line = f"index build: {int(docs):,} docs in {seconds} s = {int(rate):,} docs/s (2 procs"
    return line + (f", peak {int(peak[0]):,} MB per process)" if peak else ")")


def ensure_fts(app) -> None:
    """An FTS5 table over the same rows (unicode61 folds accents), the reference column."""
    exists = db.session.execute(
        text("SELECT name FROM sqlite_master WHERE name = 'proceso_fts'")
    ).first()
    if exists:
        return
    db.session.execute(
        text(
            "CREATE VIRTUAL TABLE proceso_fts USING fts5(objeto, entidad, ids, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
    )
    db.session.execute(
        text(
            "INSERT INTO proceso_fts(rowid, objeto, entidad, ids) "
            "SELECT p.id, p.nombre || ' ' || p.descripcion, c.nombre, "
            "p.id_del_proceso || ' ' || p.referencia || ' ' || e.nit "
            "FROM proceso p JOIN entidad e ON e.id = p.entidad_id JOIN cuenta c ON c.id = e.id "
            "WHERE p.estado != 'borrador'"
        )
    )
    db.session.commit()


def query_classes() -> list[tuple[str, dict, str, str]]:
    """(name, /procesos arguments, FTS5 MATCH, extra SQL filter) from values of the corpus."""
    sample = db.session.execute(
        select(Proceso.id_del_proceso, Entidad.nombre)
        .join(Entidad, Entidad.id == Proceso.entidad_id)
        .where(Proceso.estado != "borrador")
        .order_by(Proceso.id)
        .offset(1234)
        .limit(1)
    ).one()
    entity_word = max(sample.nombre.split(), key=len)
    return [
        ("one word", {"q": "mantenimiento"}, "mantenimiento", ""),
        ("two words", {"q": "servicios profesionales"}, "servicios profesionales", ""),
        ("phrase", {"q": '"prestación de servicios"'}, '"prestacion de servicios"', ""),
        (
            "entity + state",
            {"entidad": entity_word, "estado": "adjudicado"},
            f"entidad:{entity_word}",
            "AND p.estado = 'adjudicado'",
        ),
        ("exact id", {"q": sample.id_del_proceso}, f'ids:"{sample.id_del_proceso}"', ""),
        ("prefix", {"q": "mantenim*"}, "mantenim*", ""),
        ("sorted by date", {"q": "suministro", "orden": "fecha"}, "suministro", ""),
        ("page 1", {"q": "servicios"}, "servicios", ""),
        ("page 50", {"q": "servicios", "pagina": "50"}, "servicios", ""),
    ]


def timed(fn, repeats: int) -> tuple[float, float]:
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def fts_query(match: str, extra: str, args: dict):
    """Count, three facet counts and one page, as the portal does, in SQL over FTS5."""
    page = int(args.get("pagina", 1))
    order = "p.fecha_publicacion DESC" if args.get("orden") == "fecha" else "f.rank"
    base = (
        "FROM proceso_fts f JOIN proceso p ON p.id = f.rowid "
        f"WHERE proceso_fts MATCH :m AND p.estado != 'borrador' {extra}"
    )

    def run():
        db.session.execute(text(f"SELECT count(*) {base}"), {"m": match}).scalar()
        for facet in FACETS:
            db.session.execute(
                text(f"SELECT p.{facet}, count(*) {base} GROUP BY p.{facet}"), {"m": match}
            ).all()
        db.session.execute(
            text(f"SELECT p.id {base} ORDER BY {order} LIMIT 20 OFFSET {(page - 1) * 20}"),
            {"m": match},
        ).all()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--rebuild-index", action="store_true")
    options = parser.parse_args()
    app = build_app(CACHE / str(options.processes))
    with app.app_context():
        build = ensure_corpus(app, options.processes, options.rebuild_index)
        ensure_fts(app)
        client = app.test_client()
        print(f"\n{options.processes:,} procesos · {build}\n")
        print(
            f"{'query class':<16} {'total':>8} {'p50 ms':>8} {'p95 ms':>8} {'FTS5 p50':>9} {'FTS5 p95':>9}"
        )
        for name, args, match, extra in query_classes():
            total = search.search(search.parse(args)).total
            p50, p95 = timed(
                lambda a=args: client.get("/procesos", query_string=a), options.repeats
            )
            f50, f95 = timed(fts_query(match, extra, args), max(5, options.repeats // 4))
            print(f"{name:<16} {total:>8,} {p50:>8.1f} {p95:>8.1f} {f50:>9.1f} {f95:>9.1f}")
        after_update(client, query_classes())


def after_update(client, classes) -> None:
    """Time a one-process update (commit + index) and the first request of each class after it.

    The index gets a new version, so the searcher is renewed: what was read from unchanged
    segments must be reused, or the first searches after every edit would be slow. The
    process is put back as it was afterwards.
    """
    proceso = db.session.scalar(select(Proceso).where(Proceso.estado != "borrador").limit(1))
    original = proceso.nombre
    timings = []
    for nombre in (f"{original} (actualizado)", original):
        proceso.nombre = nombre
        started = time.perf_counter()
        db.session.commit()
        commit_ms = (time.perf_counter() - started) * 1000
        firsts = []
        for _, args, _, _ in classes:
            started = time.perf_counter()
            client.get("/procesos", query_string=args)
            firsts.append((time.perf_counter() - started) * 1000)
        timings.append((commit_ms, max(firsts)))
    commit_ms, first_ms = max(timings)
    print(f"\none-process update: commit + index {commit_ms:.0f} ms; ", end="")
    print(f"slowest first request after it {first_ms:.0f} ms")


if __name__ == "__main__":
    main()
