"""A table's lines (``Table.line_parts``) are made once in ``sdc check``'s serial path: its
coverage makes them, the per-output rules read them, and its audit systems, built right after
its rules (``sdc.audit_prebuild``), read the same lines before its model goes. They were let
go between the two and made again (~0.02-0.05 s of a 1 MiB long table's check: docs/
decisions.md, "Round 28 (speed28)"). The findings are those of a check keeping the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc.table as table_module
from sdc.engine import run
from sdc.policy import build_policy
from sdc.table import Role
from tests.test_let_models_go import _report

ROWS = ["region,sex,age,n"] + [f"{r},{s},{a},{(7 * k) % 40 + 3}"
                               for k, (r, s, a) in enumerate(
                                   (r, s, a) for r in ("North", "South", "East")
                                   for s in ("F", "M") for a in ("0-17", "18-64", "65+"))]
ROWS[4] = ROWS[4].rsplit(",", 1)[0] + ",[c]"  # one hidden count: the audit builds a system


def test_a_tables_lines_are_made_once_when_its_model_is_let_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "long.csv").write_text("\n".join(ROWS) + "\n")
    made: list[Role] = []
    of = table_module._Lines.of

    def counted(table: Any, role: Role) -> Any:
        made.append(role)
        return of(table, role)

    monkeypatch.setattr(table_module._Lines, "of", counted)
    policy = build_policy({})
    let_go = run([folder], policy, keep_models=False).result
    assert made.count(Role.COUNT) == 1
    made.clear()
    kept = run([folder], policy).result  # the Python API's way: the models kept
    assert made.count(Role.COUNT) >= 1
    assert _report(let_go) == _report(kept)
    assert any(f.rule.startswith("SDC") for f in let_go.findings)
