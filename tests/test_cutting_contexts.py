"""SDC503's cuttings keep each context once for the release and share their split's list of
bands (``output_cuttings(output, interned)``): the same cuttings as made alone, the contexts
of two tables of the same labels one object (issue 14 §3)."""

from __future__ import annotations

from pathlib import Path

from sdc.engine import read_release
from sdc.policy import build_policy
from sdc.rules.differencing import _PerOutput, output_cuttings


def test_tables_of_the_same_labels_share_their_cuttings_contexts(tmp_path: Path) -> None:
    for name, shift in (("a.csv", 0), ("b.csv", 3)):
        rows = [f"{region},{age},{10 + shift + k}" for k, (region, age) in enumerate(
            (r, a) for r in ("North", "South") for a in ("0-17", "18-64", "65+", "18-65"))]
        (tmp_path / name).write_text("region,age,n\n" + "\n".join(rows) + "\n")
    outputs, *_ = read_release([tmp_path], build_policy({}))
    ahead = _PerOutput(outputs, 1)
    first, second = (ahead.cuttings(o) for o in outputs)
    alone = [output_cuttings(o) for o in outputs]
    for shared, own in zip((first, second), alone, strict=True):
        assert [(c.dimension, c.context, c.bands, list(c.cells)) for c in shared] == [
            (c.dimension, c.context, c.bands, list(c.cells)) for c in own]
        assert all(a.cells[k] == b.cells[k] for a, b in zip(shared, own, strict=True)
                   for k in a.cells)
    # 18-64 and 18-65 overlap: two splits per region, each its own cutting
    assert [(c.context[1], [b.label for b in c.bands]) for c in first] == [
        (("North",), ["0-17", "18-64", "65+"]), (("North",), ["18-65"]),
        (("South",), ["0-17", "18-64", "65+"]), (("South",), ["18-65"])]
    assert all(a.context is b.context for a, b in zip(first, second, strict=True))
    assert not any(a.context is b.context for a, b in zip(*alone, strict=True))
