"""SDC502's insider audits on a τ-ARGUS table: turnover by region > district (10 districts and
a ``Total`` row per region, a grand total) with ``freq``, ``top1``, ``top2`` columns and two
districts hidden in every region; each hidden district may be sensitive (its total is not
given), so each is an insider of the other. Prints the CPU of the insider audits and of the
whole check.

Run on demand: ``python benchmarks/bench_insiders.py REGIONS [REGIONS ...]``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = {"rules": {"small-count": {"threshold": 3}, "p-percent": {"p": 0.1},
                    "nk-dominance": {"rules": [{"n": 2, "k": 0.9}]}}}


def write(folder: Path, regions: int, districts: int = 10, seed: int = 0) -> None:
    rnd = random.Random(seed)
    text = ["region,district,turnover,freq,top1,top2"]
    grand: list[float] = []
    for r in range(regions):
        region: list[float] = []
        hidden = set(rnd.sample(range(districts), 2))
        for d in range(districts):
            n = rnd.randint(3, 9)
            values = sorted((float(rnd.randint(5, 400)) for _ in range(n)), reverse=True)
            if d in hidden and rnd.random() < 0.5:
                values[0] *= 8
            region += values
            shown = "[c]" if d in hidden else f"{int(sum(values))}"
            text.append(f"R{r},D{r}_{d},{shown},{n},{values[0]:g},{values[1]:g}")
        top = sorted(region, reverse=True)
        text.append(f"R{r},Total,{int(sum(region))},{len(region)},{top[0]:g},{top[1]:g}")
        grand += region
    top = sorted(grand, reverse=True)
    text.append(f"Total,Total,{int(sum(grand))},{len(grand)},{top[0]:g},{top[1]:g}")
    (folder / "turnover.csv").write_text("\n".join(text) + "\n")


def main() -> None:
    import sdc.rules.suppression as suppression

    spent = {"insiders": 0.0}
    insiders = suppression._ComponentBlock.insiders

    def timed(self, links, levels):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return insiders(self, links, levels)
        finally:
            spent["insiders"] += time.process_time() - start

    suppression._ComponentBlock.insiders = timed  # type: ignore[method-assign]
    for regions in [int(a) for a in sys.argv[1:]] or [20, 100]:
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp), regions)
            spent["insiders"] = 0.0
            start = time.process_time()
            result = sdc.check(Path(tmp), build_policy(POLICY))
            whole = time.process_time() - start
            found = sum(f.rule == "SDC502" for f in result.findings)
            print(f"{regions} regions ({regions * 11 + 1} rows, {2 * regions} hidden): "
                  f"insider audits {spent['insiders']:.2f} s CPU, check {whole:.2f} s CPU, "
                  f"SDC502 {found}")


if __name__ == "__main__":
    main()
