"""Checking single files with the verdict their release gives them (how pre-commit calls sdc).

A file is never checked alone when it belongs to a release: release-level rules (differencing,
suppression audits across tables) and request.toml declarations need the sibling outputs. So
``sdc check folder/t.csv`` finds the file's release — the nearest folder at or above it that
holds ``request.toml``, never looking above the git work tree's top; else the file's own
folder — checks that release as a folder check would, and reports the requested files only.
Their findings are those of the folder check, paths relative to the release root included.

Without ``request.toml`` the release is the folder's own files, not its sub-folders (listed as
skipped), and at most ``MAX_SIBLINGS`` of them: a mistaken path (``sdc check /tmp/x.csv``)
must be cheap. Above that the named files are checked alone and each gets an SDC602 review
saying so — checked without its siblings, a file's verdict could only be weaker, so it is
never a pass.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc.readers import REQUEST_FILE, SIDECAR_SUFFIX
from sdc.results import Finding, Location, OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.engine import ProgressCallback
    from sdc.excludes import Excludes
    from sdc.policy import Policy

MAX_SIBLINGS = 200  # files of a folder read as the release of a file named without request.toml


def release_root(file: Path) -> Path:
    """The release a file belongs to: the nearest ``request.toml`` folder at or above it
    (within the git work tree holding it), else the file's folder."""
    start = file.resolve().parent
    for folder in [start, *start.parents]:
        if (folder / REQUEST_FILE).is_file():
            return _as_given(folder, file)
        if (folder / ".git").exists():
            break
    return _as_given(start, file)


def _as_given(folder: Path, file: Path) -> Path:
    """``folder`` spelled relative to the working directory when it lies under it, so report
    paths and messages read as the user typed them."""
    try:
        cwd = Path.cwd().resolve()
        return Path(os.path.relpath(folder, cwd)) if folder.is_relative_to(cwd) else folder
    except ValueError:  # another drive
        return folder


def check_files(files: Sequence[Path], policy: Policy, *, progress: ProgressCallback | None,
                ledger: Any, excludes: Excludes | None, keep_models: bool = True) -> RunResult:
    """Check each file within its release; one run per release, merged (``keep_models``:
    see ``sdc.engine.check``)."""
    from sdc.engine import check_release

    groups: dict[Path, list[Path]] = {}
    for file in files:
        groups.setdefault(release_root(file), []).append(file)
    runs: list[tuple[Path, RunResult]] = []
    for root, members in groups.items():
        scope = excludes
        if not (root / REQUEST_FILE).is_file():  # the folder's own files, a bounded number
            scope = _own_files(excludes)
            if _count(root, scope) > MAX_SIBLINGS:
                runs.append((root, _too_many(root, members, policy, ledger)))
                continue
        whole = check_release([root], policy, progress=progress, ledger=ledger, excludes=scope,
                              keep_models=keep_models)
        runs.append((root, _only(whole, root, members, policy, ledger)))
    if len(runs) == 1:
        return runs[0][1]
    return _merge(runs)


def _own_files(excludes: Excludes | None) -> Excludes:
    """The checker's excludes (None: none at all) without sub-folders; what it skips is
    recorded where the checker's own skips are, so the command line says so too."""
    from sdc.excludes import Excludes

    if excludes is None:  # the policy forbids excludes: every file of the folder, still
        return Excludes(patterns=(), gitignore=False, repository_files=False, subfolders=False)
    return dataclasses.replace(excludes, subfolders=False)


def _count(root: Path, scope: Excludes) -> int:
    """How many files a check of ``root`` would read (the walk only: nothing is opened)."""
    from sdc.readers import discover

    quiet = dataclasses.replace(scope, skipped=[], reasons={})
    return sum(1 for _ in discover(root, quiet))


def _too_many(root: Path, members: list[Path], policy: Policy, ledger: Any) -> RunResult:
    """The named files checked alone, each with an SDC602 finding: its release was not read,
    so nothing across tables (differencing, suppression) was checked. Never a pass."""
    from sdc.engine import check_release
    from sdc.rules.isolation import UNREADABLE  # the rules load with it: only when needed

    named = [_table_of(f) or f for f in members]  # a sidecar stands for its table (``_only``)
    result = check_release(list(dict.fromkeys(named)), policy, ledger=ledger)
    code, name = UNREADABLE
    status = Status.worst([Status.REVIEW, Status(policy.params(name).status)])
    for output in result.outputs:
        output.findings.append(Finding(
            rule=code, name=name, location=output.location, status=status,
            message=(f"checked alone: its folder holds more than {MAX_SIBLINGS} files and no "
                     "request.toml, so nothing across tables (differencing, a suppression "
                     "recoverable from another table) was checked; check it in a folder of its "
                     "release's outputs only, or a person must check it")))
    return dataclasses.replace(result, root=str(root), unused_waivers=[])


def _table_of(sidecar: Path) -> Path | None:
    """The table an evidence sidecar describes, when it is one and the table is there."""
    table = Path(str(sidecar)[: -len(SIDECAR_SUFFIX)])
    return table if str(sidecar).endswith(SIDECAR_SUFFIX) and table.is_file() else None


def _only(whole: RunResult, root: Path, members: list[Path], policy: Policy,
          ledger: Any) -> RunResult:
    """The release's result cut down to the requested files. ``request.toml`` (or an ACRO
    control file) stands for the whole release, a sidecar for its output. A requested file the
    folder check skipped (an exclude) is still checked, on its own: naming it asks for it."""
    from sdc.engine import check_release
    from sdc.readers.acro_input import acro_control_files

    wanted: set[str] = set()
    everything = False
    alone: list[Path] = []
    found = {o.path for o in whole.outputs}
    control = acro_control_files(root)  # an ACRO folder's results.json and checksums
    for file in members:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
        if rel.endswith(SIDECAR_SUFFIX):
            rel = rel[: -len(SIDECAR_SUFFIX)]
        if rel in found:
            wanted.add(rel)
        elif rel == REQUEST_FILE or rel in control:
            everything = True  # they may change the verdict of any output of the release
        elif file.is_file():
            alone.append(file)
    outputs = [o for o in whole.outputs if everything or o.path in wanted]
    for file in alone:
        single = check_release([file], policy, ledger=ledger)
        prefix = file.resolve().parent.relative_to(root.resolve()).as_posix()
        outputs += [_moved(o, "" if prefix == "." else prefix + "/") for o in single.outputs]
    return dataclasses.replace(whole, outputs=outputs, unused_waivers=[])


def _merge(runs: list[tuple[Path, RunResult]]) -> RunResult:
    """Several releases in one run: each path is prefixed with its release root as given
    (relative to the working directory when under it), so paths stay unique; the result's
    root is the working directory."""
    outputs: list[OutputResult] = []
    excluded: list[dict[str, str]] = []
    for root, run in runs:
        prefix = "" if root == Path(".") else root.as_posix().rstrip("/") + "/"
        outputs += [_moved(o, prefix) for o in run.outputs]
        excluded += [{**skip, "path": prefix + skip["path"]} for skip in run.excluded]
    first = runs[0][1]
    return dataclasses.replace(first, outputs=outputs, unused_waivers=[], request={},
                               root=".", excluded=excluded)


def _moved(output: OutputResult, prefix: str) -> OutputResult:
    """``output`` with its own and its findings' paths under ``prefix``."""
    if not prefix:
        return output

    def move(loc: Location) -> Location:
        return dataclasses.replace(loc, path=prefix + loc.path)

    findings = [dataclasses.replace(f, location=move(f.location),
                                    related=[move(r) for r in f.related])
                for f in output.findings]
    return dataclasses.replace(output, path=prefix + output.path, findings=findings)
