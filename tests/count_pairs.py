"""One builder for the tables of a count beside a part of it (tests/test_nested_count_headers.py,
tests/test_derived_counts.py): per region, everyone and those with an attribute, written by
pandas ``groupby().agg().to_csv()`` as a researcher would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

REGIONS = ["East", "North", "South"]


def whole_and_part(folder: Path, whole: str, part: str, left_over: list[int], *,
                   seed: int = 19, with_it: tuple[int, int] = (40, 90)) -> sdc.RunResult:
    """Per region (East, North, South), everyone (``whole``) and those with the attribute
    (``part``), checked in-process; ``left_over`` are the people without it, printed nowhere,
    and each region has ``with_it`` (low, high) people with it, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    rows = []
    for region, without in zip(REGIONS, left_over, strict=True):
        rows += [(region, True)] * int(rng.integers(*with_it)) + [(region, False)] * without
    df = pd.DataFrame(rows, columns=["region", "event"])
    df.groupby("region").event.agg(**{whole: "size", part: "sum"}).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))
