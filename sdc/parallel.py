"""Read and check outputs in a process pool (``sdc check -j N``).

Outputs are independent until the release rules, so reading a file and running the per-output
rules on it are spread over worker processes (``sdc.pool``). The release rules then run in the
parent, each spreading its independent parts over the pool too (``sdc.pool.ordered_map``).
Results are identical to the serial run and in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from sdc.pool import MIN_ITEMS_FOR_POOL, default_jobs, import_beside, resume_serially, start_context
from sdc.pool import TASK as _TASK
from sdc.pool import map_indices as _map

if TYPE_CHECKING:
    from pathlib import Path

    from sdc.audit_prebuild import AuditPrebuild
    from sdc.context import CheckContext
    from sdc.outputs import Output
    from sdc.policy import Policy
    from sdc.release_form import ReleaseTable
    from sdc.results import Finding
    from sdc.rules import Rule

__all__ = ["BUILD_HERE", "MIN_ITEMS_FOR_POOL", "check_outputs", "default_jobs", "read_outputs"]


def _read_one(i: int) -> list[Output]:
    from sdc.engine import read_file

    file, rel, root = _TASK["files"][i]
    read = read_file(file, rel, root, _TASK["options"])
    if _TASK.get("prepare") is not None:
        _TASK["prepare"](read)
    return read


def read_outputs(files: Sequence[tuple[Path, str, Path]], policy: Policy, jobs: int,
                 prepare: Callable[[list[Output]], None] | None = None
                 ) -> Generator[list[Output], None, None]:
    """``sdc.engine.read_file`` of each ``(file, rel, root)``, in order, by ``jobs``
    processes; ``prepare`` (what only needs the output itself: its annotations, the coverage
    of its numbers) runs on each file's outputs in the process that read them, so forked
    workers do that work too (spawned ones cannot receive a closure: the parent does it): a
    streamed read's too (``sdc.stream_read``: a table's rules, form, systems and stand-in).
    Closed before its end (the read stopped), its pool's workers are let go."""
    from sdc.engine import read_file

    files = list(files)
    options = policy.read_options()
    in_worker = prepare is not None and start_context().get_start_method() == "fork"
    results = _map(_read_one, len(files), jobs, {"files": files, "options": options,
                                                  "prepare": prepare if in_worker else None})

    def here(item: tuple[Path, str, Path]) -> list[Output]:
        read = read_file(item[0], item[1], item[2], options)
        if in_worker and prepare is not None:
            prepare(read)
        return read

    for read in resume_serially(results, files, here):
        if prepare is not None and not in_worker:
            prepare(read)
        yield read


def audit_imports_beside(read: Sequence[Output], asked: Sequence[str]) -> bool:
    """Under ``-j`` > 1, during the read: once a table read hides a cell, the modules the
    audit imports (``suppression.AUDIT_IMPORTS``: ``scipy.sparse``, ``scipy.linalg`` through
    its graphs, the solver) asked beside the read's pool after ``asked`` (what the read asked
    already: ``import_beside`` replaces it), and True; False (nothing asked) otherwise.

    Why: SDC503's process (``engine._EarlyApart``) is forked as the read ends, and its band
    algebra's first QR imports ``sdc.audit.rank``, so ``scipy``: asked beside the per-output
    stage as they were, the parent imported them after that fork and the process again, the
    same ~0.3 s of CPU in each (round 46: 259 modules, 256 of them the parent's too). A table
    that hides a cell makes the parent's audit import them in any case, so importing them
    earlier costs it nothing, beside the read's worker, and the process inherits them. A
    release that hides nothing asks nothing (neither may need them). Only where to import:
    what is found is the same."""
    if not any(_hides(output) for output in read):
        return False
    from sdc.rules.suppression import AUDIT_IMPORTS

    import_beside((*asked, *AUDIT_IMPORTS))
    return True


def _hides(output: Output) -> bool:
    """Whether a table read (a model: a stand-in's is not looked at) has a suppressed cell
    with no value (``sdc.linking._hides``, without importing the linking during the read)."""
    from sdc.table import Table

    table = output.table
    return isinstance(table, Table) and any(
        cell.value is None and cell.suppressed for cell in table.cells)


def _checked(i: int) -> tuple[Output, list[Finding], ReleaseTable | None]:
    """Output ``i``, its per-output findings and its table's compact form. Settled and
    sorted in this process: that work is spread over the pool too (``statuses``: each
    process's cache of the policy's status by rule); the form made here too, and sent back
    instead of being made in the parent (``sdc.release_form``)."""
    from sdc.engine import checked_output, kept_form

    output = _TASK["outputs"][i]
    found = checked_output(_TASK["rules"], output, _TASK["ctx"], _TASK["policy"],
                           _TASK.setdefault("statuses", {}))
    return output, found, kept_form(output)


def _check_one(i: int) -> tuple[list[Finding], ReleaseTable | None, Any]:
    from sdc.engine import rules_done
    from sdc.release_form import forget_form

    output, found, form = _checked(i)
    # the audit's systems of it built here too, beside its form (``sdc.audit_prebuild``)
    prebuild = _TASK.get("prebuild")
    sent = prebuild.sent(output) if prebuild is not None else None
    # nothing of it kept here once sent: a worker checks many outputs, and what each left on
    # its copy (its lines ~1.1 MiB, its form ~1.3 MiB on a 1 MiB long table) grew it; the
    # parent keeps the form it is sent (``sdc.engine.keep_sent_form``)
    forget_form(output)
    rules_done(output)
    return found, form, sent


# what ``_check_here`` sends instead of an output's packed systems: its systems are built in
# this process by ``AuditPrebuild.add`` (``engine._output_findings``), as ``-j 1`` builds them
BUILD_HERE = "build here"


def _check_here(i: int) -> tuple[list[Finding], ReleaseTable | None, Any]:
    """``_check_one`` for an output this process checks itself (the first, those checked
    while SDC503's process holds the other core, and its own chunks once a worker shares the
    rest: ``pool._share``, cut from the front, a chunk at most ahead of the outputs taken):
    its audit systems are not built and packed here to be unpacked at once;
    ``AuditPrebuild.add`` builds them in place when the output is taken, in order, before
    the table's lines go (``engine.rules_done`` after it)."""
    _, found, form = _checked(i)
    return found, form, BUILD_HERE


def check_outputs(outputs: Sequence[Output], rules: Sequence[Rule], ctx: CheckContext,
                  policy: Policy, jobs: int
                  ) -> list[tuple[list[Finding], ReleaseTable | None]] | None:
    """Per output, the findings of the per-output ``rules`` computed by ``jobs`` processes,
    settled and in report order (``sdc.engine.checked_output``), and its table's compact form
    made after them (``sdc.engine.kept_form``); ``None`` when the pool is not used or broke
    (the caller then runs them itself)."""
    results = _map(_check_one, len(outputs), jobs,
                   {"outputs": list(outputs), "rules": list(rules), "ctx": ctx,
                    "policy": policy})
    if results is None:
        return None
    try:
        return [(found, form) for found, form, _ in results]
    except BrokenProcessPool:
        return None
    finally:
        _TASK.clear()


def each_checked(outputs: Sequence[Output], rules: Sequence[Rule], ctx: CheckContext,
                 policy: Policy, jobs: int, prebuild: AuditPrebuild
                 ) -> Iterator[tuple[list[Finding], ReleaseTable | None, Any]] | None:
    """As ``check_outputs``, each output's result given as it comes, in order, with what
    ``prebuild`` built of it where its rules ran (``AuditPrebuild.sent``: the parent unpacks
    it and lets the model go before the next result); a broken pool's rest is checked here
    (the audit's systems of those then built by the parent). None when the pool is not
    used. ``prebuild`` goes to forked workers only (a spawned one would get a copy whose
    outputs are not the parent's: nothing is built there). An output this process checks in
    order as it takes it comes with :data:`BUILD_HERE` (``_check_here``)."""
    from sdc.engine import checked_output, kept_form

    fork = start_context().get_start_method() == "fork"
    results = _map(_check_one, len(outputs), jobs,
                   {"outputs": list(outputs), "rules": list(rules), "ctx": ctx,
                    "policy": policy, "prebuild": prebuild if fork else None},
                   here=_check_here if fork else None)
    if results is None:
        return None
    statuses: dict[str, Any] = {}

    def here(output: Output) -> tuple[list[Finding], ReleaseTable | None, Any]:
        return checked_output(list(rules), output, ctx, policy, statuses), kept_form(output), None

    return resume_serially(results, list(outputs), here)
