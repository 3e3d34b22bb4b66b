"""Benchmark resumable uploads through a slow, flaky link and on plain loopback.

    .venv/bin/python bench/upload.py                    # 20 MB at 400 kbit/s, cut every 10 s (~7 min)
    .venv/bin/python bench/upload.py --slow-mb 2        # a quick look
    .venv/bin/python bench/upload.py --skip-slow --big-mb 500

The portal runs under gunicorn (1 gthread worker) on 127.0.0.1 with its own temporary
instance (database, upload folder), nothing else touched. The slow link is a small TCP proxy
in this process: it forwards client->server bytes at the given rate (token bucket, small
socket buffers so little data hides in kernel queues) and closes every open connection every
N seconds. The client is a minimal tus client: after each cut it asks HEAD for the offset and
resumes with one PATCH for the rest of the file. Bytes "sent twice" are counted where the link
is: everything the proxy carried upstream (headers included) minus the file size.
Worker memory: VmHWM (peak RSS) of the gunicorn worker from /proc, read before and after.
"""

import argparse
import base64
import contextlib
import hashlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UA = "bench-tus/1.0"
BLOCK = 1024 * 1024


# --- the app under test -------------------------------------------------------------------


def bench_config(folder: Path, max_bytes: int) -> dict:
    from portal.config import self_contained  # the repository root is put on sys.path first

    return self_contained(folder, SECRET_KEY="bench-secret", MAX_UPLOAD_BYTES=max_bytes)


def server_app():
    """gunicorn entry point: the portal on the benchmark's temporary instance."""
    sys.path.insert(0, str(ROOT))
    from portal import create_app

    return create_app(json.loads(os.environ["BENCH_CONFIG"]))


def prepare(config: dict) -> tuple[str, int]:
    """Create the tables, a contract, its contractor; return (session cookie, contract id)."""
    sys.path.insert(0, str(ROOT))
    from flask import session

    from portal import create_app
    from portal.extensions import db
    from portal.models import Contrato, Entidad, Membresia, Proveedor, User

    app = create_app(config)
    with app.app_context():
        db.create_all()
        entidad = Entidad(nombre="ALCALDÍA DE PRUEBA", nit="890000001")
        proveedor = Proveedor(nombre="CONTRATISTA PRUEBA S.A.S.", numero_documento="901000001")
        user = User(
            usuario="bench",
            email="bench@ejemplo.co",
            nombres="Bench",
            password_hash="-",
            estado="activo",
        )
        contrato = Contrato(id_contrato="CO1.PCCNTR.1", entidad=entidad, proveedor=proveedor)
        db.session.add_all([entidad, proveedor, user, contrato])
        db.session.add(
            Membresia(usuario=user, cuenta=proveedor, rol="proveedor", estado="aceptado")
        )
        db.session.commit()
        environ = {"REMOTE_ADDR": "127.0.0.1"}
        with app.test_request_context(environ_base=environ, headers={"User-Agent": UA}):
            sign_in(user)
            data = dict(session)
            db.session.commit()
        cookie = app.session_interface.get_signing_serializer(app).dumps(data)
        return f"{app.config['SESSION_COOKIE_NAME']}={cookie}", contrato.id


def sign_in(user) -> None:
    """Open a real signed-in session, as the login view would (no e-mailed code)."""
    try:
        from portal.users.sessions import start_session
    except ImportError:  # before the accounts feature: Flask-Login's own session keys
        from flask_login import login_user as start_session
    start_session(user)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(config: dict, port: int) -> subprocess.Popen:
    env = os.environ | {"BENCH_CONFIG": json.dumps(config)}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "gthread",
        "--threads", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "300",
        "--pythonpath", str(ROOT / "bench"), "--log-level", "error", "upload:server_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_peak_rss_kb(server: subprocess.Popen) -> int:
    """VmHWM of the gunicorn worker (the master's child)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    for line in Path(f"/proc/{children[0]}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


# --- the flaky link ----------------------------------------------------------------------


class FlakyProxy:
    """Forward 127.0.0.1:listen -> upstream, throttling uploads and cutting every connection."""

    def __init__(self, upstream: int, rate_bytes: float, cut_every: float) -> None:
        self.upstream, self.rate, self.cut_every = upstream, rate_bytes, cut_every
        self.carried = 0
        self.cuts = 0
        self.live: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]

    def start(self) -> None:
        threading.Thread(target=self._accept, daemon=True).start()
        threading.Thread(target=self._cutter, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.live |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, throttled: bool) -> None:
        allowance, last = 0.0, time.monotonic()
        try:
            while True:
                if throttled:
                    now = time.monotonic()
                    allowance = min(allowance + (now - last) * self.rate, 4096)
                    last = now
                    if allowance < 1024:
                        time.sleep((1024 - allowance) / self.rate)
                        continue
                data = source.recv(int(allowance) if throttled else 65536)
                if not data:
                    break
                if throttled:
                    allowance -= len(data)
                    with self.lock:
                        self.carried += len(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(source, target)

    def _drop(self, *socks: socket.socket) -> None:
        for sock in socks:
            with self.lock:
                self.live.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _cutter(self) -> None:
        while not self.stop.wait(self.cut_every):
            with self.lock:
                victims = list(self.live)
                if victims:
                    self.cuts += 1
            self._drop(*victims)


# --- a minimal tus client -------------------------------------------------------------------


class TusClient:
    def __init__(self, port: int, cookie: str, timeout: float = 60, slow: bool = False) -> None:
        self.port, self.cookie, self.timeout, self.slow = port, cookie, timeout, slow
        self.block = 16384 if slow else BLOCK

    def _conn(self) -> http.client.HTTPConnection:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        conn.connect()
        if self.slow:  # as on a real slow link, little data waits in the sender's queue
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        return conn

    def _headers(self, extra: dict) -> dict:
        return {"Tus-Resumable": "1.0.0", "Cookie": self.cookie, "User-Agent": UA} | extra

    def create(self, path: Path, size: int, digest: str, contrato_id: int) -> str:
        meta = {"filename": path.name, "sha256": digest, "proposito": "documento_contrato",
                "contrato_id": str(contrato_id)}  # fmt: skip
        encoded = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())
        status, headers = self._request(
            "POST", "/subidas/tus", {"Upload-Length": str(size), "Upload-Metadata": encoded}
        )
        if status != 201:
            raise SystemExit(f"creation refused: {status}")
        return headers["Location"]

    def _request(self, method: str, url: str, extra: dict):
        conn = self._conn()
        try:
            conn.request(method, url, headers=self._headers(extra))
            response = conn.getresponse()
            response.read()
            return response.status, dict(response.getheaders())
        finally:
            conn.close()

    def offset(self, url: str) -> tuple[int, str]:
        """HEAD until the server answers: (offset, receipt URL when complete)."""
        while True:
            try:
                status, headers = self._request("HEAD", url, {})
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return int(headers["Upload-Offset"]), headers.get("Portal-Resultado", "")
            if status != 423:
                raise SystemExit(f"HEAD answered {status}")
            time.sleep(0.2)

    def patch(self, url: str, path: Path, offset: int, size: int) -> None:
        """Send the rest of the file in one PATCH; a cut raises OSError."""
        conn = self._conn()
        try:
            headers = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
                       "Content-Length": str(size - offset)}  # fmt: skip
            conn.putrequest("PATCH", url, skip_accept_encoding=True)
            for name, value in self._headers(headers).items():
                conn.putheader(name, value)
            conn.endheaders()
            with open(path, "rb") as source:
                source.seek(offset)
                while block := source.read(self.block):
                    conn.send(block)
            conn.getresponse().read()
        finally:
            conn.close()

    def upload(self, path: Path, contrato_id: int) -> tuple[str, int]:
        size, digest = path.stat().st_size, sha256_of(path)
        url = self.create(path, size, digest, contrato_id)
        offset, receipt, attempts = 0, "", 0
        while not receipt:
            attempts += 1
            with contextlib.suppress(OSError, http.client.HTTPException):
                self.patch(url, path, offset, size)
            offset, receipt = self.offset(url)
        return receipt, attempts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def make_file(path: Path, size: int) -> None:
    """A PDF-looking file of pseudo-random blocks (cheap to make, not compressible)."""
    seed = os.urandom(BLOCK)
    with open(path, "wb") as out:
        out.write(b"%PDF-1.7\n")
        written = 9
        n = 0
        while written < size:
            block = hashlib.sha256(n.to_bytes(8, "big")).digest() + seed
            block = block[: min(BLOCK, size - written)]
            out.write(block)
            written += len(block)
            n += 1


def stored_sha_matches(config: dict, original: Path) -> bool:
    digest = sha256_of(original)
    return (Path(config["UPLOAD_DIR"]) / digest[:2] / digest[2:4] / digest).is_file()


# --- runs ---------------------------------------------------------------------------------


def run_slow(folder: Path, port: int, cookie: str, contrato_id: int, config: dict, args) -> None:
    source = folder / "informe-lento.pdf"
    make_file(source, int(args.slow_mb * 1024 * 1024))
    size = source.stat().st_size
    proxy = FlakyProxy(port, args.rate_kbit * 1000 / 8, args.cut_seconds)
    proxy.start()
    client = TusClient(proxy.port, cookie, timeout=30, slow=True)
    started = time.monotonic()
    _receipt, attempts = client.upload(source, contrato_id)
    elapsed = time.monotonic() - started
    proxy.close()
    resent = proxy.carried - size
    print(
        f"\n## {args.slow_mb:g} MB at {args.rate_kbit} kbit/s, link cut every {args.cut_seconds:g} s\n"
    )
    print(
        "| file bytes | bytes over the link | sent twice (incl. headers) | cuts | PATCHes | time | stored SHA-256 = original |"
    )
    print("|---|---|---|---|---|---|---|")
    print(f"| {size:,} | {proxy.carried:,} | {resent:,} ({100 * resent / size:.2f} %) "
          f"| {proxy.cuts} | {attempts} | {elapsed:.0f} s | {stored_sha_matches(config, source)} |")  # fmt: skip
    source.unlink()


def run_fast(
    folder: Path, port: int, cookie: str, contrato_id: int, config: dict, server, args
) -> None:
    print("\n## Loopback, no throttle (gunicorn, 1 gthread worker)\n")
    print(
        "| file | time | MB/s (end to end, incl. final SHA-256) | worker peak RSS before | after | stored SHA-256 = original |"
    )
    print("|---|---|---|---|---|---|")
    for mb in (args.warm_mb, args.big_mb):
        source = folder / f"grande-{mb}.pdf"
        make_file(source, mb * 1024 * 1024)
        before = worker_peak_rss_kb(server)
        client = TusClient(port, cookie, timeout=600)
        started = time.monotonic()
        client.upload(source, contrato_id)
        elapsed = time.monotonic() - started
        after = worker_peak_rss_kb(server)
        print(f"| {mb} MB | {elapsed:.1f} s | {mb / elapsed:.0f} | {before / 1024:.0f} MB | {after / 1024:.0f} MB "
              f"| {stored_sha_matches(config, source)} |")  # fmt: skip
        source.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow-mb", type=float, default=20)
    parser.add_argument("--rate-kbit", type=float, default=400)
    parser.add_argument("--cut-seconds", type=float, default=10)
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--warm-mb", type=int, default=20)
    parser.add_argument("--skip-slow", action="store_true")
    parser.add_argument("--skip-fast", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        folder = Path(tmp)
        config = bench_config(folder, max_bytes=(max(args.big_mb, args.slow_mb) + 10) * 1024 * 1024)
        cookie, contrato_id = prepare(config)
        port = free_port()
        server = start_server(config, port)
        try:
            if not args.skip_fast:
                run_fast(folder, port, cookie, contrato_id, config, server, args)
            if not args.skip_slow:
                run_slow(folder, port, cookie, contrato_id, config, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
