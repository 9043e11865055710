"""``sdc check A B`` over two folders ACRO 1.0.2 wrote (two sessions, each with its own
``results.json``, ``checksums/``, ``session_summary.*`` and ``config.json``, and the same file
names: ``output_0_0.csv`` ...).

Each folder's bookkeeping describes its own files only: checked together, every output gets
exactly the findings it gets when its folder is checked alone (ACRO's records of one session
are not laid over the other's tables, and a file changed after ACRO recorded its checksum is
caught in either folder), each path starts with its folder, so no two outputs share a path.
ACRO's bookkeeping is listed for both, never fails the request and gives no table finding,
but it is still read: an edited config.json is read like any output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import sdc
from tests.parity.test_acro_parity import POLICY

BOOKKEEPING = ("results.json", "config.json", "session_summary.csv", "session_summary.json")
TABLE_RULES = ("SDC1", "SDC2", "SDC3", "SDC5")  # counts, magnitudes, statistics, differencing


@pytest.fixture(scope="module")
def folders(acro_folder: Any) -> tuple[Path, Path]:
    """The parity sessions of seeds 1 and 7 (each test changes only its own copies)."""
    return acro_folder(1, "json")[0], acro_folder(7, "json")[0]


def _copy(folders: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    return tuple(Path(shutil.copytree(f, tmp_path / f.name)) for f in folders)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def read_together(folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Path, Path, Any]:
    """Copies of both folders and ``sdc check A B`` over them, once for the tests that only
    read the result (a check of the two sessions is seconds of CI)."""
    a, b = _copy(folders, tmp_path_factory.mktemp("together"))
    return a, b, sdc.check([a, b], POLICY)


def _findings(output: Any) -> list[tuple[str, str, str, str]]:
    return sorted((f.rule, f.status.value, f.location.sheet or "", f.location.cell or "")
                  for f in output.findings)


def _bookkeeping(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in BOOKKEEPING or "/checksums/" in f"/{path}"


def test_two_acro_folders_are_each_read_with_their_own_records(read_together) -> None:
    a, b, both = read_together
    paths = [o.path for o in both.outputs]
    assert len(paths) == len(set(paths))
    by_path = {(o.path, o.sheet): o for o in both.outputs}
    differing = alone_outputs = 0
    for folder in (a, b):
        alone = sdc.check(folder, POLICY)
        prefix = folder.as_posix() + "/"
        for output in alone.outputs:
            together = by_path[(prefix + output.path, output.sheet)]
            assert _findings(together) == _findings(output), output.path
        differing += sum(1 for o in alone.outputs if o.status.value == "fail")
        alone_outputs += len(alone.outputs)
    assert len(both.outputs) == alone_outputs
    assert differing > 0  # the sessions flag cells, so records laid on the wrong file show


def test_acro_bookkeeping_is_listed_never_fails_and_is_no_table(read_together) -> None:
    a, b, both = read_together
    listed = [o for o in both.outputs if _bookkeeping(o.path)]
    for folder in (a, b):
        names = {o.path.removeprefix(folder.as_posix() + "/") for o in listed
                 if o.path.startswith(folder.as_posix() + "/")}
        assert set(BOOKKEEPING) <= names
        assert any(n.startswith("checksums/") for n in names)
    for output in listed:
        assert output.status.value != "fail", output.path
        assert not [f for f in output.findings if f.rule.startswith(TABLE_RULES)], output.path


def test_a_file_changed_after_acro_is_caught_in_the_second_folder(folders, tmp_path) -> None:
    """The checksum of B's file is B's: A's record of a file with the same name (valid for
    A's bytes) does not vouch for B's."""
    a, b = _copy(folders, tmp_path)
    target = b / "output_0_0.csv"
    target.write_text(target.read_text(encoding="utf-8").replace("\n", "\n", 1) + "\n",
                      encoding="utf-8")
    both = sdc.check([a, b], POLICY)
    status = {o.path: o for o in both.outputs}
    changed = status[f"{b.as_posix()}/output_0_0.csv"]
    assert changed.status.value != "pass"
    assert any("checksum" in f.message for f in changed.findings)
    kept = status[f"{a.as_posix()}/output_0_0.csv"]
    assert not any("checksum" in f.message for f in kept.findings)


def test_bookkeeping_edited_in_the_second_folder_is_read_as_data(folders, tmp_path) -> None:
    """ACRO's config.json is recognised only in ACRO's shape; with a field added (carrying an
    NHS number) it is read like any output and the identifier is found."""
    a, b = _copy(folders, tmp_path)
    config = b / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data["note"] = "patient 943 476 5919"
    config.write_text(json.dumps(data), encoding="utf-8")
    both = sdc.check([a, b], POLICY)
    edited = {o.path: o for o in both.outputs}[f"{b.as_posix()}/config.json"]
    assert "SDC604" in {f.rule for f in edited.findings}
    assert edited.status.value == "fail"
