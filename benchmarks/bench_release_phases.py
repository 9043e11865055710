"""CPU of one ``sdc check --format json -j 1`` and of two of its phases: the audit's system
build (``linking.table_systems``) and SDC503 (``Differencing.check_release``), with the
report's digest (issue 14 §3, round 25).

Run in a fresh process per measurement, alternating trees, e.g.
``PYTHONPATH=<tree> python benchmarks/bench_release_phases.py <folder>``; a folder of long
tables is made by ``bench_large.py``'s ``make_long`` (seeds 100-119 for the 20 × 1 MiB
release). One line: total, table_systems and SDC503 CPU seconds, digest of the JSON.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import sys
import time


def main(folder: str) -> str:
    import sdc.linking as linking
    from sdc.cli import app
    from sdc.rules import differencing

    spent = {"table_systems": 0.0, "SDC503": 0.0}
    build = linking.table_systems

    @functools.wraps(build)
    def timed_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return build(*args, **kwargs)
        finally:
            spent["table_systems"] += time.process_time() - start

    rule = differencing.Differencing.check_release

    def timed_rule(self, outputs, ctx):  # type: ignore[no-untyped-def]
        start = time.process_time()
        found = list(rule(self, outputs, ctx))
        spent["SDC503"] += time.process_time() - start
        return iter(found)

    linking.table_systems = timed_build  # type: ignore[assignment]
    differencing.Differencing.check_release = timed_rule  # type: ignore[method-assign]
    out = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        app(["check", folder, "--format", "json", "-j", "1"])
    total = time.process_time() - start
    digest = hashlib.sha256(out.getvalue().encode()).hexdigest()[:16]
    return (f"total {total:.2f} table_systems {spent['table_systems']:.2f} "
            f"SDC503 {spent['SDC503']:.2f} digest {digest}")


if __name__ == "__main__":
    print(main(sys.argv[1]))
