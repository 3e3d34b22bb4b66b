"""Benchmark the SECOP II importer on the real processes and contracts files.

    .venv/bin/python bench/import.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_db]

Creates a temporary SQLite database (and uses the given PostgreSQL database, whose tables are
dropped and re-created), imports every real p6dx-8zbt and jbjy-vk9h file of ../shared, then
imports them again (the idempotent re-run), and prints rows per second into the database.
"""

import argparse
import tempfile
from pathlib import Path

from portal import create_app
from portal.extensions import db
from portal.importer import import_file

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "secop-raw"


def real_files() -> list[Path]:
    files = sorted(SHARED.glob("p6dx-8zbt_*.csv")) + sorted(SHARED.glob("jbjy-vk9h_*.csv"))
    return [path for path in files if "star_dim" not in path.name]


def run(database_uri: str, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": "bench", "INSTANCE_PATH": tmp}
        )
        with app.app_context():
            db.drop_all()
            db.create_all()
            print(f"\n{label}")
            print(f"{'archivo':<58} {'pasada':>6} {'filas':>7} {'segundos':>8} {'filas/s':>8}")
            for attempt in ("1ª", "2ª"):
                for path in real_files():
                    r = import_file(path)
                    if r.error:
                        continue  # files without ids are explained, not timed
                    print(
                        f"{path.name[:58]:<58} {attempt:>6} {r.leidas:>7} "
                        f"{r.segundos:>8.2f} {r.filas_por_segundo:>8.0f}"
                    )
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="URL of a PostgreSQL database to benchmark too")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"No están los datos reales en {SHARED}")
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite")
    if args.pg:
        run(args.pg, "PostgreSQL")


if __name__ == "__main__":
    main()
