"""A small load client, run as its own process: threads with keep-alive connections for a bounded time.

Usage: python -m bench.client BASE_URL SECONDS CLIENTS (all|page|staff|queue). Prints JSON figures per kind.
The staff modes send the session cookie in BENCH_COOKIE (a reviewer, logged in by bench.public).
"""

import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def main() -> None:
    base, seconds, clients, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    parts = urlsplit(base)

    headers = {"Accept-Language": "en"}
    if os.environ.get("BENCH_COOKIE"):
        headers["Cookie"] = os.environ["BENCH_COOKIE"]

    def get(conn, path):
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body

    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    _status, home = get(conn, "/")
    papers = re.findall(rb'href="(/papers/BENCH-\d+/)"', get(conn, "/papers/?page=3")[1])
    css = re.search(rb'href="(/static/css/portal\.[0-9a-f]+\.css)"', home)
    static = css.group(1).decode() if css else "/static/css/portal.css"
    papers = [p.decode() for p in papers] or ["/papers/BENCH-1/"]
    words = ["capacity-building", "points of contact", "threat repository", "ransomware", "dialogue cooperation"]
    kinds = {
        "home": lambda r: "/",
        "list": lambda r: f"/papers/?page={r.randint(1, 5)}&sort=newest",
        "paper": lambda r: r.choice(papers),
        "feed": lambda r: "/feeds/papers.atom",
        "search": lambda r: f"/papers/search/?q={r.choice(words).replace(' ', '+')}",
        "api": lambda r: f"/api/v1/papers/?page={r.randint(1, 5)}",
        "static": lambda r: static,
    }
    if mode == "page":
        kinds = {k: kinds[k] for k in ("home", "list", "paper", "feed")}
    elif mode in ("staff", "queue"):
        # The reviewer's pages: the queue (unfiltered, by a sub-item, searched) and the staff search.
        items = [int(pk) for pk in os.environ.get("BENCH_SUB_ITEMS", "0").split(",")]
        kinds = {
            "queue": lambda r: "/review/",
            "queue_filtered": lambda r: f"/review/?sub_item={r.choice(items)}",
            "queue_search": lambda r: "/review/?q=capacity-building",
            "search": lambda r: "/search/?q=capacity-building",
            "static": lambda r: static,
        }
        if mode == "queue":
            kinds = {"queue": kinds["queue"]}
    samples = {k: [] for k in kinds}
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(n):
        rng = random.Random(n)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        names = list(kinds)
        while time.monotonic() < stop:
            kind = names[rng.randrange(len(names))]
            started = time.perf_counter()
            try:
                status, _body = get(connection, kinds[kind](rng))
            except (OSError, http.client.HTTPException):
                status = 0
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status != 200:
                    errors[0] += 1
                else:
                    samples[kind].append(elapsed)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - began
    out = {"errors": errors[0], "rps": sum(len(s) for s in samples.values()) / took, "kinds": {}}
    for kind, values in samples.items():
        out["kinds"][kind] = {
            "count": len(values),
            "rps": len(values) / took,
            "p50": round(statistics.median(values), 1) if values else 0.0,
            "p95": round(percentile(values, 0.95), 1),
            "p99": round(percentile(values, 0.99), 1),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
