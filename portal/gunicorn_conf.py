"""gunicorn's settings for the portal, in one place: README's production command and the served
benchmark (bench/public.py) both start `gunicorn -c portal/gunicorn_conf.py portal.wsgi`.

A page is Python work under one interpreter lock per process, so processes, not threads, share
the cores: WEB_WORKERS processes (default: one per core and one more, to keep the cores busy
while another waits for PostgreSQL), each serving one request at a time. Measured on 2 cores
with 4 reviewers' clients (docs/PERFORMANCE.md): see the figures there before changing it.
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Uploads of 25 MB on a slow line, and the export of the whole queue as a workbook.
timeout = 120
