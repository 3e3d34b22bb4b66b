"""Prepare the load test: a 100,000-process portal in a work folder and the URLs wrk requests.

Usage: python bench/load_prepare.py WORK_DIR [--processes 100000]. Reuses the search benchmark's
cached corpus (/tmp/portal-bench/<n>/, copied, never changed) or generates one. Adds public
documents with real files when the corpus has none, then writes WORK_DIR/urls.txt: one
"<kind> <path>" line per URL, 70 % searches, 20 % expedientes, 10 % document downloads.
The searches are mostly different from each other (see `search_args`), so the answer cache
that each worker keeps per index version does not flatter the numbers.
"""

import argparse
import random
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from search import CACHE, bring_schema_up  # bench/search.py: the corpus both benchmarks share
from sqlalchemy import select

from portal import create_app, search, storage
from portal.config import self_contained
from portal.demo import generate
from portal.extensions import db
from portal.models import Documento, Entidad, Proceso
from portal.urls import safe_file_name

URL_LINES = 10_000  # wrk picks lines at random: ~7,000 searches, mostly different ones
# The few searches everybody makes (the plain list, the best-known words) come back often; the
# rest is a long tail of words from objects and entity names, identifiers and filter mixes, so
# most searches in a run are answered from the index, not from the per-worker answer cache.
POPULAR = (
    "", "mantenimiento", "vias", "servicios", "obra", "suministro", "transporte escolar",
    "alimentacion", "consultoria", "interventoria", "salud", "educacion", "computadores",
    "agua potable", "alcaldia", "hospital", "prestacion de servicios profesionales",
)  # fmt: skip
ORDENES = ("", "", "", "&orden=fecha", "&orden=precio")
MIN_WORD = 4


def build_app(work: Path):
    return create_app(self_contained(work, SECRET_KEY="carga"))


def copy_cached_corpus(work: Path, processes: int) -> bool:
    cached = CACHE / str(processes)
    if not (cached / "portal.sqlite3").is_file() or not (cached / "index").is_dir():
        return False
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached / "portal.sqlite3", work / "portal.sqlite3")
    shutil.copytree(cached / "index", work / "index", dirs_exist_ok=True)
    (work / "index" / "MAIN_WRITELOCK").unlink(missing_ok=True)
    return True


def add_documents(count: int) -> None:
    """Public documents with real PDF bytes on `count` processes (the cached corpus has none)."""
    ids = db.session.scalars(select(Proceso.id).where(Proceso.estado != "borrador").limit(count))
    for n, proceso_id in enumerate(ids):
        body = b"%PDF-1.4\n" + f"Pliego de condiciones {n}\n".encode() * (2000 + 50 * n)
        stored = storage.save_bytes(body)
        db.session.add(
            Documento(
                proceso_id=proceso_id, etapa="precontractual", tipo="pliego_definitivo",
                nombre_archivo=f"pliego-{n}.pdf", content_type="application/pdf",
                tamano=stored.size, sha256=stored.sha256, estado="publicado",
                cargado_en=datetime(2026, 3, 2, tzinfo=UTC),
            )
        )  # fmt: skip
    db.session.commit()


def url_lines(rng: random.Random) -> list[str]:
    rows = db.session.execute(
        select(
            Proceso.id_del_proceso, Proceso.nombre, Proceso.estado, Proceso.modalidad,
            Proceso.departamento, Entidad.nombre,
        )
        .join(Entidad, Proceso.entidad_id == Entidad.id)
        .where(Proceso.estado != "borrador")
        .order_by(Proceso.id)
        .limit(20_000)
    ).all()  # fmt: skip
    documentos = db.session.execute(
        select(Documento.id, Documento.nombre_archivo)
        .where(Documento.estado == "publicado")
        .limit(500)
    ).all()
    searches = [
        f"busqueda /procesos?{search_args(rng, rng.choice(rows))}"
        for _ in range(7 * URL_LINES // 10)
    ]
    lines = list(searches)
    lines += [f"expediente /procesos/{rng.choice(rows)[0]}" for _ in range(2 * URL_LINES // 10)]
    lines += [
        f"descarga /documentos/{d.id}/{safe_file_name(d.nombre_archivo)}"
        for d in rng.choices(documentos, k=URL_LINES // 10)
    ]
    rng.shuffle(lines)
    print(f"{len(set(searches)):,} búsquedas distintas de {len(searches):,}", file=sys.stderr)
    return lines


def search_args(rng: random.Random, row) -> str:
    """What one visitor searches for, modelled on a process they could be looking for."""
    id_del_proceso, nombre, estado, modalidad, departamento, entidad = row
    pick = rng.random()
    if pick < 0.15:
        args = {"q": rng.choice(POPULAR)}
    elif pick < 0.55:
        args = {"q": " ".join(some_words(rng, nombre, rng.choice((1, 1, 2, 2, 3))))}
    elif pick < 0.65:
        args = {"entidad": " ".join(some_words(rng, entidad, 2))}
    elif pick < 0.75:
        return urlencode({"q": id_del_proceso})  # a process number: one result, no paging
    else:  # browsing the list by its filters
        args = {"q": ""}
        for name, value in (
            ("estado", estado),
            ("modalidad", modalidad),
            ("departamento", departamento),
        ):
            if rng.random() < 0.5:
                args[name] = value
    if args.get("q") and rng.random() < 0.2:
        args["estado"] = estado
    query = urlencode({k: v for k, v in args.items() if v}) + rng.choice(ORDENES)
    if rng.random() < 0.15:
        query += f"&pagina={rng.randint(2, 5)}"
    return query.lstrip("&")


def some_words(rng: random.Random, text: str, count: int) -> list[str]:
    """`count` consecutive words of `text` (no short ones), as someone would retype them."""
    found = [w.strip('.,;:()"').lower() for w in text.split()]
    found = [w for w in found if len(w) >= MIN_WORD and w.isalpha()]
    if not found:
        return []
    start = rng.randrange(max(1, len(found) - count + 1))
    return found[start : start + count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--processes", type=int, default=100_000)
    args = parser.parse_args()
    fresh = not (args.work / "portal.sqlite3").is_file()
    if fresh and copy_cached_corpus(args.work, args.processes):
        print(f"corpus copiado de {CACHE / str(args.processes)}", file=sys.stderr)
    args.work.mkdir(parents=True, exist_ok=True)
    app = build_app(args.work)
    with app.app_context():
        bring_schema_up()
        if db.session.scalar(select(Proceso.id).limit(1)) is None:
            print(f"generando {args.processes:,} procesos (una sola vez)…", file=sys.stderr)
            generate(args.processes, documents=False)
            search.reindex()
        if (
            db.session.scalar(select(Documento.id).where(Documento.estado == "publicado").limit(1))
            is None
        ):
            add_documents(200)
        lines = url_lines(random.Random(2026))
    (args.work / "urls.txt").write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} URL en {args.work / 'urls.txt'}", file=sys.stderr)


if __name__ == "__main__":
    main()
