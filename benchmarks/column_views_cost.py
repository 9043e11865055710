"""CPU of ``sdc.column_split.column_unions`` against a baseline tree's, on the same inputs.

``python benchmarks/column_views_cost.py RELEASE BASE_TREE [REPS]`` checks ``RELEASE`` as ``sdc
check`` does (models let go, ``-j 1``); at each call of ``column_unions`` it runs this tree's
and ``BASE_TREE``'s (``sdc/column_split.py`` loaded from there beside this tree's ``sdc``)
``REPS`` times, alternating which goes first, timing each by ``time.process_time`` (CPU of this
process: a loaded machine's wall clock is noise), and says whether they found the same
unions. Round 43 (cols43): the first run of each is cold (its caches empty), as in a check.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    release, base_tree = Path(sys.argv[1]), Path(sys.argv[2])
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    import sdc
    import sdc.column_split as mine
    from sdc.policy import build_policy

    spec = importlib.util.spec_from_file_location("base_column_split",
                                                  base_tree / "sdc" / "column_split.py")
    assert spec is not None and spec.loader is not None
    base = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(base)
    own = mine.column_unions
    times: dict[str, list[float]] = {"base": [], "this": []}
    state: dict[str, Any] = {"calls": 0, "equal": True, "unions": 0}

    def both(systems: Any, combos: Any, pops: Any) -> Any:
        state["calls"] += 1
        got: dict[str, Any] = {}
        for r in range(reps):
            order = [("base", base.column_unions), ("this", own)]
            for name, run in (order if r % 2 == 0 else order[::-1]):
                start = time.process_time()
                got[name] = run(systems, combos, pops)
                times[name].append(time.process_time() - start)
        state["equal"] &= got["this"] == got["base"]
        state["unions"] += len(got["this"])
        return got["this"]

    mine.column_unions = both  # type: ignore[assignment]
    sdc.check(release, build_policy({}), in_release=True, keep_models=False, jobs=1)
    print(json.dumps({**state, **{f"{k}_cpu_s": [round(t, 3) for t in v]
                                  for k, v in times.items()}}))


if __name__ == "__main__":
    main()
