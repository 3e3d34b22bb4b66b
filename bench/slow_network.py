"""Time to visible results on a slow phone link: 400 kbit/s each way, 400 ms latency (Chromium CDP).

Serves the portal (synthetic demo, in a temporary folder) on a free port, opens /procesos?q=...
in headless Chromium with ``Network.emulateNetworkConditions``, and measures from navigation to
the first result being visible: once with an empty cache (first visit) and again in the same
browser (repeat visit: immutable static files from cache, the page revalidated with its ETag).
Targets: 2.5 s first, 1 s repeat. Prints a table.

    .venv/bin/python bench/slow_network.py [--processes 300] [--runs 3] [--q "mantenimiento vias"]
"""

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app, demo, search
from portal.config import self_contained
from portal.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
KBIT = 1000 / 8  # bytes per second in one kbit/s
CONDITIONS = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * KBIT,
    "uploadThroughput": 400 * KBIT,
}
TARGETS = {"primera": 2.5, "repetida": 1.0}


def serve(folder: Path, processes: int):
    app = create_app(self_contained(folder, SECRET_KEY="lenta"))
    with app.app_context():
        db.create_all()
        demo.generate(processes, documents=False)
        search.reindex()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def visit(page, cdp, url: str) -> tuple[float, int]:
    """Seconds from navigation to the first visible result, and bytes received on the wire."""
    received = []
    cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator("#resultados .lista li").first.wait_for(state="visible")
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("load")
    return elapsed, int(sum(received))


def measure(browser, url: str) -> dict[str, tuple[float, int]]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", CONDITIONS)
    first = visit(page, cdp, url)
    repeat = visit(page, cdp, url)
    context.close()
    return {"primera": first, "repetida": repeat}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--q", default="mantenimiento vias")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = serve(Path(folder), args.processes)
        url = f"http://127.0.0.1:{server.server_port}/procesos?q={quote(args.q)}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            runs = [measure(browser, url) for _ in range(args.runs)]
            browser.close()
        server.shutdown()
    print(
        f"/procesos?q={args.q} · 400 kbit/s, 400 ms · {args.processes} procesos · {args.runs} rondas"
    )
    print(f"{'visita':<10}{'mediana s':>10}{'peor s':>9}{'bytes':>9}{'objetivo s':>12}  ok")
    for kind, target in TARGETS.items():
        times = [run[kind][0] for run in runs]
        size = statistics.median(run[kind][1] for run in runs)
        ok = "sí" if statistics.median(times) <= target else "NO"
        print(
            f"{kind:<10}{statistics.median(times):>10.2f}{max(times):>9.2f}{size:>9,.0f}"
            f"{target:>12.1f}  {ok}"
        )


if __name__ == "__main__":
    main()
