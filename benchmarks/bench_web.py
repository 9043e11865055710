"""Latency of ``sdc serve``'s pages with a large ledger (issue 16's figures).

A ledger of ``--requests`` requests and ``--outputs`` outputs (each request 20 outputs): one real
request, submitted through the workflow, holds a 5,000-cell table (500 rows x 10 columns); the
others are copies of a small real request written with bulk inserts (rows, snapshot files,
check results, audit entries), so building the ledger takes seconds, not hours. Pages are
fetched in-process through Starlette's TestClient as a logged-in checker (and a researcher for
their own list): the checker's queue, a request page (20 outputs) and the output page of the
5,000-cell table: its first view (every output's page is drawn when a version is recorded,
by ``sdc request submit`` as by the web app: a lookup), and with the ledger's rendered pages
deleted before every fetch (a page not stored: evicted, or a new sdc version; drawn on view
from the snapshot). The baseline is the same pages on a ledger holding only the two real requests,
in the same process; p50/p95 over ``--repeat`` fetches.

    python benchmarks/bench_web.py [--requests 10000] [--repeat 40] [--postgres URL]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from sdc.ledger import events, lifecycle, schema  # noqa: E402
from sdc.ledger.db import Ledger, open_ledger  # noqa: E402
from sdc.ledger.requests import format_id  # noqa: E402
from sdc.ledger.users import HASHER_PARAMS, add_user  # noqa: E402
from sdc.policy import build_policy  # noqa: E402
from tests.web.conftest import PASSWORD  # noqa: E402

OUTPUTS_PER_REQUEST = 20


def write_folder(root: Path, big: bool) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(OUTPUTS_PER_REQUEST):
        if big and i == 0:
            rows = ["grp," + ",".join(f"c{j}" for j in range(9))]
            rows += [f"g{r}," + ",".join(str(5 + (r * 7 + j * 3) % 90) for j in range(9))
                     for r in range(499)]
            (root / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        else:
            (root / f"t{i:02d}.csv").write_text(f"grp,n\na,{12 + i}\nb,{30 + i}\n",
                                                encoding="utf-8")
    return root


def real_request(ledger: Ledger, folder: Path) -> str:
    policy = build_policy({})
    rid = lifecycle.create(ledger, folder, author="alice", policy=policy,
                           workspace=folder.name).request_id
    lifecycle.set_context(ledger, rid, actor="alice", context="bench", controls="none")
    with ledger.read() as conn:
        paths = [o for o in conn.execute(select(schema.files.c.path).where(
            schema.files.c.request_id == rid)).scalars()]
    for path in paths:
        lifecycle.set_notes(ledger, rid, path, actor="alice", description="",
                            justification="bench", supporting=False)
    lifecycle.submit_for_review(ledger, rid, actor="alice")  # pages drawn at create
    return rid


def copy_requests(ledger: Ledger, template: str, count: int) -> None:
    """``count`` copies of request ``template`` by bulk insert (same blobs, results, files)."""
    req, v, f, life = schema.requests, schema.versions, schema.files, schema.request_lifecycle
    with ledger.write() as conn:
        base = conn.execute(select(req).where(req.c.id == template)).one()
        version = conn.execute(select(v).where(v.c.request_id == template)).one()
        files = list(conn.execute(select(f).where(f.c.request_id == template)))
        start = conn.execute(select(schema.requests.c.number).order_by(
            req.c.number.desc())).scalar() + 1
        head = conn.execute(select(schema.audit_head)).one()
        seq, prev = head.seq, head.hash
        for chunk in range(start, start + count, 500):
            numbers = range(chunk, min(chunk + 500, start + count))
            ids = [format_id(n) for n in numbers]
            entries = []
            for rid in ids:
                seq += 1
                body = {"seq": seq, "at": version.submitted_at, "actor": base.author,
                        "event": events.SUBMIT, "request": rid,
                        "data": {"version": 1, "bench": True}}
                digest = events.entry_hash(prev, body)
                entries.append({"seq": seq, "at": body["at"], "actor": base.author,
                                "event": events.SUBMIT, "request_id": rid,
                                "data": events.canonical(body["data"]), "prev_hash": prev,
                                "hash": digest})
                prev = digest
            conn.execute(schema.audit_log.insert(), entries)
            conn.execute(req.insert(), [{"id": rid, "number": n, "title": f"bench {n}",
                                         "author": base.author, "created_at": base.created_at,
                                         "current_version": 1}
                                        for n, rid in zip(numbers, ids, strict=True)])
            conn.execute(v.insert(), [{**version._asdict(), "request_id": rid,
                                       "audit_seq": e["seq"]}
                                      for rid, e in zip(ids, entries, strict=True)])
            conn.execute(f.insert(), [{**row._asdict(), "request_id": rid}
                                      for rid in ids for row in files])
            conn.execute(life.insert(), [{"request_id": rid, "state": "submitted",
                                          "context": "bench", "controls": "none",
                                          "workspace": None, "audit_seq": e["seq"]}
                                         for rid, e in zip(ids, entries, strict=True)])
        conn.execute(schema.audit_head.update().values(seq=seq, hash=prev))


def measure(app, rid: str, big: str, repeat: int) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    from tests.web.conftest import Browser

    bob, alice = Browser(app, "bob"), Browser(app, "alice")
    pages = {
        "queue (checker)": (bob, "/requests"),
        "my requests (researcher)": (alice, "/requests?state=all"),
        "request page (20 outputs)": (bob, f"/requests/{rid}"),
        "output page (5,000 cells), first and later views": (
            bob, f"/requests/{rid}/output?path={big}"),
    }
    pages["output page, not stored (evicted): drawn on view"] = \
        pages["output page (5,000 cells), first and later views"]
    result = {}
    for label, (who, url) in pages.items():
        assert who.get(url).status_code == 200, url  # warm the caches once
        times = []
        for _ in range(repeat):
            if "not stored" in label:
                with app.state.ledger.write() as conn:
                    conn.execute(schema.rendered_outputs.delete())
            start = time.perf_counter()
            response = who.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        result[label] = (statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)])
    return result


def build(url: str, folder_root: Path, requests: int) -> tuple[Ledger, str, str]:
    ledger = open_ledger(url)
    HASHER_PARAMS.update({"time_cost": 1, "memory_cost": 1024, "parallelism": 1})
    for name, role in (("alice", "researcher"), ("bob", "checker")):
        add_user(ledger, name, role, PASSWORD, actor="bench")
    big = real_request(ledger, write_folder(folder_root / "big", True))
    small = real_request(ledger, write_folder(folder_root / "small", False))
    if requests > 2:
        copy_requests(ledger, small, requests - 2)
    if ledger.dialect == "postgresql":  # statistics, as autovacuum keeps them on a live ledger
        from sqlalchemy import text

        with ledger.write() as conn:
            conn.execute(text("ANALYZE"))
    return ledger, big, "big.csv"


def run(url: str, requests: int, repeat: int, tmp: Path, label: str) -> list[str]:
    from sdc.web.app import Config, create_app

    lines = []
    policy = build_policy({})
    results = {}
    for size in (2, requests):
        where = url if url.startswith("postgresql") else str(tmp / f"{label}-{size}.sqlite")
        if url.startswith("postgresql"):
            where = _fresh_schema(url, f"bench_{size}")
        started = time.perf_counter()
        ledger, rid, big = build(where, tmp / f"{label}-{size}", size)
        built = time.perf_counter() - started
        app = create_app(ledger, Config(policy=policy, releases=tmp / "released"))
        try:
            results[size] = measure(app, rid, big, repeat)
        finally:
            ledger.close()
        print(f"{label}: built {size:,} requests in {built:.1f} s", file=sys.stderr)
    lines.append(f"| page ({label}) | baseline p50 / p95 (2 requests) | p50 / p95 "
                 f"({requests:,} requests, {requests * OUTPUTS_PER_REQUEST:,} outputs) | "
                 "p95 ratio | target p95 < 300 ms |")
    lines.append("|---|---:|---:|---:|:---:|")
    for page, (p50, p95) in results[requests].items():
        b50, b95 = results[2][page]
        lines.append(f"| {page} | {b50:.0f} / {b95:.0f} ms | {p50:.0f} / {p95:.0f} ms | "
                     f"{p95 / b95:.2f}× | {'pass' if p95 < 300 else 'FAIL'} |")
    return lines


def _fresh_schema(url: str, name: str) -> str:
    import psycopg

    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{base}?options=-csearch_path%3D{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--postgres", default=None, help="also measure on this PostgreSQL URL")
    args = parser.parse_args()
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}; "
          f"{time.strftime('%Y-%m-%d', time.gmtime())}; {args.repeat} fetches per page "
          "(TestClient, in process, logged in).\n")
    with tempfile.TemporaryDirectory(prefix="sdc-bench-web-") as tmp:
        for line in run("sqlite", args.requests, args.repeat, Path(tmp), "SQLite"):
            print(line)
        if args.postgres:
            print()
            for line in run(args.postgres, args.requests, args.repeat, Path(tmp),
                            "PostgreSQL"):
                print(line)


if __name__ == "__main__":
    main()
