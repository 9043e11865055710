"""sdc against ACRO 1.0.2 on round 53's sessions (``tests/parity/acro_sweep53.py``): round 52's
options (``crosstab`` of ``values=`` with an ``aggfunc`` list, counts with ``margins=True`` and
``normalize=``, ``pivot_table`` over several index levels, ``hist``, ``surv_func``) made under
``ACRO(suppress=True)`` (``suppress``: its masked cells blank) or ``ACRO()`` (``json``). Each
table is saved alone eight ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement53 \\
        [--variant suppress|json] [--seeds 53001-53004] [--root DIR] [--detail]

Readings as ``benchmarks/acro_agreement51.py``'s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks import acro_agreement51
from benchmarks.acro_agreement27 import _seeds
from benchmarks.acro_agreement32 import print_found, sessions_written
from benchmarks.acro_agreement51 import STYLES
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep53.py"
PREFIX = {"suppress": "s53s", "json": "s53"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", default="suppress", choices=tuple(PREFIX))
    parser.add_argument("--seeds", default="53001-53004")
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    parser.add_argument("--detail", action="store_true", help="every difference, not counts")
    args = parser.parse_args(argv)
    chosen, prefix = _seeds(args.seeds), PREFIX[args.variant]
    root = Path(args.root or tempfile.mkdtemp(prefix="acro53-"))
    missing = [s for s in chosen if not (root / f"{prefix}-{s}.calls.json").is_file()]
    if not sessions_written(root, SWEEP, [args.variant], missing):
        return 2
    found = acro_agreement51.agreement(root, prefix, chosen,
                                       build_policy({}, profile=args.profile), styles=STYLES)
    print(f"{len(chosen)} sessions, {found['outputs']} ACRO outputs, root {root}")
    print_found(found, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
