"""CPU of one ``sdc check --format json -j 1`` and of its phases, with the report's digest
(issue 14 §3, rounds 25 and 29).

Run in a fresh process per measurement, alternating trees, e.g.
``PYTHONPATH=<tree> python benchmarks/bench_release_phases.py <folder> [--all]``; a folder of
long tables is made by ``bench_large.py``'s ``make_long`` (seeds 100-119 for the 20 × 1 MiB
release). One line: total, table_systems and SDC503 CPU seconds, digest of the JSON. With
``--all`` (round 29) the line also splits the check into the read (``read_release``, of
which ``release_blobs``: the release-wide search for smuggled pieces), the per-output rules
(``_output_findings``, of which the audit's prebuild), the audit made by the first rule that
reads it (``_Audit``), each release rule (the audit's time counted in the rule that made it)
and SDC503's ``overlapping_pairs``: which of them grows faster than the tables. A phase the
tree does not have is left out.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import sys
import time
from collections import defaultdict
from typing import Any


def _timed(owner: Any, name: str, spent: dict[str, float], key: str,
           whole: bool = False) -> None:
    """``owner.name`` replaced by itself timed into ``spent[key]`` (``whole``: a generator
    drained inside the time), when the tree has it."""
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            found = original(*args, **kwargs)
            return iter(list(found)) if whole else found
        finally:
            spent[key] += time.process_time() - start

    setattr(owner, name, timed)


def main(folder: str, every: bool = False) -> str:
    import sdc.linking as linking
    from sdc.cli import app
    from sdc.rules import differencing

    spent: dict[str, float] = defaultdict(float)
    _timed(linking, "table_systems", spent, "table_systems")
    _timed(differencing.Differencing, "check_release", spent, "SDC503", whole=True)
    if every:
        from sdc import audit_prebuild, engine
        from sdc.rules import suppression

        for name in ("read_release", "release_blobs", "_output_findings"):
            _timed(engine, name, spent, name)
        _timed(audit_prebuild.AuditPrebuild, "add", spent, "prebuild")
        _timed(suppression._Audit, "__init__", spent, "audit")
        _timed(differencing, "overlapping_pairs", spent, "overlapping_pairs")
        guarded = engine._guarded

        def timed_rule(rule, output, run):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return guarded(rule, output, run)
            finally:
                if output is None:  # a release rule (SDC503's own time: ``SDC503``)
                    spent[f"rule_{rule.code}"] += time.process_time() - start

        engine._guarded = timed_rule  # type: ignore[assignment]
    out = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        app(["check", folder, "--format", "json", "-j", "1"])
    total = time.process_time() - start
    digest = hashlib.sha256(out.getvalue().encode()).hexdigest()[:16]
    line = (f"total {total:.2f} table_systems {spent['table_systems']:.2f} "
            f"SDC503 {spent['SDC503']:.2f}")
    if every:
        line += "".join(f" {key} {spent[key]:.2f}" for key in sorted(spent)
                        if key not in ("table_systems", "SDC503"))
    return f"{line} digest {digest}"


if __name__ == "__main__":
    print(main(sys.argv[1], "--all" in sys.argv[2:]))
