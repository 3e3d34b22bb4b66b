"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py wsgi:app` (see README).

Every value can be changed with a PORTAL_GUNICORN_* environment variable.
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    return os.environ.get(f"PORTAL_GUNICORN_{name}", default)


bind = _env("BIND", "127.0.0.1:8000")

# Threads in each worker overlap waiting on the database, the disk and slow clients; the
# searches themselves are CPU-bound, so processes give parallelism: one per core. A spare one
# only adds context switches and colder per-worker caches. bench/load.sh on 2 cores, 100k
# processes, ~3,800 different searches (requests/s, p99): 2 workers x 2 threads 601, 0.19 s;
# 2 x 1 453, 0.26 s. The second thread keeps a worker busy while the other one waits on the
# database, the disk or a slow client.
worker_class = "gthread"
workers = int(_env("WORKERS", str(multiprocessing.cpu_count())))
threads = int(_env("THREADS", "2"))

# No preloading: each worker builds its own app, so each opens its own Whoosh searcher (reused and
# refreshed between requests) and its own database connections. Sharing them across fork() would
# share file offsets and sockets between processes. The cost is a slower start, not memory
# at run time (the index is memory-mapped by the operating system, shared anyway).
preload_app = False

# A request that takes longer than this is stuck: kill the worker and start a fresh one.
# Large uploads are chunked (tus, 8 MB per request) and downloads are streamed by nginx-facing
# sendfile, so no legitimate request needs longer.
timeout = int(_env("TIMEOUT", "60"))
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "30"))
keepalive = int(_env("KEEPALIVE", "5"))

# No recycling by default: a worker that restarts drops its keep-alive connections (clients see
# read errors: 7 in a 60 s bench/load.sh run at 5000) and must rebuild its searcher and caches.
# Set PORTAL_GUNICORN_MAX_REQUESTS (e.g. 50000) only if a leak is ever seen; the jitter staggers it.
max_requests = int(_env("MAX_REQUESTS", "0"))
max_requests_jitter = int(_env("MAX_REQUESTS_JITTER", "500"))

# Request line and header limits stay at gunicorn's defaults (nginx already bounds them).
limit_request_line = 8190

# Logs go to stdout/stderr (journald or the container runtime rotates them) unless a file is set.
accesslog = _env("ACCESS_LOG", "-")
errorlog = _env("ERROR_LOG", "-")
loglevel = _env("LOG_LEVEL", "info")
# Client address (from nginx), request, status, bytes sent, time in microseconds, user agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
# Trust X-Forwarded-* only from nginx on this host; the app's ProxyFix reads them (README).
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
