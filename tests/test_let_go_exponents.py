"""A lone table let go (``sdc check``) has its exponent-notation cells read off its model's
cells before they go, as a compact system's are (``TableSystem.exponents``): the audit's
widening (``sdc.exponent_bounds``) then remakes no cell from the compact form. Round 26's
stand-ins made every cell of a 1 MiB long table again for that scan (~0.06 s of its ~0.8 s:
docs/decisions.md, "Round 27 (speed27)"). The findings are the same either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc.exponent_bounds as exponent_bounds
import sdc.table_standin as standin
from sdc.engine import run
from sdc.exponent_bounds import exponent_cells
from sdc.policy import build_policy
from sdc.table_standin import FormCells
from tests.conftest import found_with_status
from tests.test_exponent_totals import ROWS
from tests.test_let_models_go import _report


def _write(folder: Path, total: str) -> Path:
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(ROWS).format(n1="[c]", total=total) + "\n")
    return folder


@pytest.mark.parametrize("total", ["2.17e+03", "2168"])  # widened; no exponent
def test_a_lone_tables_exponents_are_read_before_its_model_goes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, total: str) -> None:
    folder = _write(tmp_path / "r", total)
    seen: list[tuple[Any, Any]] = []
    let_go = standin.let_models_go

    def watched(outputs: Any, systems: Any) -> None:
        systems = list(systems)
        before = [exponent_cells(ts) for ts in systems]  # on the model's own cells
        let_go(outputs, systems)
        seen.extend(zip(before, [ts.exponents for ts in systems], strict=True))

    widening = [False]
    remade: list[int] = []  # cells made from the form while the widening ran
    form_cell, widen = FormCells.__getitem__, exponent_bounds.widen_contradicted_exponents

    def counted(self: FormCells, i: Any) -> Any:
        if widening[0]:
            remade.append(i)
        return form_cell(self, i)

    def widened(ts: Any) -> list[int]:
        widening[0] = True
        try:
            return widen(ts)
        finally:
            widening[0] = False

    monkeypatch.setattr(standin, "let_models_go", watched)
    monkeypatch.setattr(FormCells, "__getitem__", counted)
    monkeypatch.setattr(exponent_bounds, "widen_contradicted_exponents", widened)
    policy = build_policy({})
    let_go_result = run([folder], policy, keep_models=False).result
    assert seen and all(after == before for before, after in seen)
    assert any(before for before, _ in seen) == ("e" in total)
    assert remade == []
    # North's line gives N1 back (2.17e+03 read as [2,165, 2,175]: tests/test_exponent_totals)
    assert ("SDC501", "C2", "fail") in found_with_status(let_go_result)
    assert _report(let_go_result) == _report(run([folder], policy).result)
