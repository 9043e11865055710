"""The corpus's false-positive rate: safe outputs (tests/corpus) that sdc does not pass.

Run on demand: ``python -m benchmarks.corpus_false_positives [--write]``. An entry of the corpus
is safe when a person would release it (``disclosive`` is False); sdc then should say ``pass``.
Means without contribution evidence are ``review`` by design (SDC203: dominance cannot be
checked); they are counted as false positives all the same, and listed. The outputs of the safe
ACRO folder are counted one by one (ACRO's bookkeeping files are not outputs for release and
are counted apart), and so is the safe count pivot of the ACRO ``counts`` folder. ``--write``
replaces this section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.corpus.outputs import ENTRIES
from tests.corpus.test_corpus import ACRO

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]

BOOKKEEPING = {"config.json", "session_summary.csv", "session_summary.json", "results.json"}
# (folder, output): a safe output in a folder that holds disclosive ones too
SAFE_ACRO_OUTPUTS = [("counts", "output_1_0.csv"),  # pivot_table(values="income", "count")
                     ("suppressed_safe", "output_0_0.csv"),  # a crosstab after suppression
                     ("coded", "output_0_0.csv"),  # crosstab(region, died): region,0,1
                     ("counts_age", "output_0_0.csv"),  # pivot_table(values="age", "count")
                     # logit on one exposure, every cell 14 or more: header and coefficients
                     ("logit_exposure_safe", "output_0_0.csv"),
                     ("logit_exposure_safe", "output_0_1.csv")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    policy = build_policy({})
    safe: list[tuple[str, str]] = []  # (name, status)
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, entry in enumerate(ENTRIES):
            root = Path(tmp) / f"e{i}"
            root.mkdir()
            entry.write(root)
            status = sdc.check(root, policy).status.value
            if entry.disclosive and status == "pass":
                missed.append(entry.name)
            if not entry.disclosive:
                safe.append((entry.name, status))
        folder = Path(tmp) / "acro-safe"
        shutil.copytree(ACRO / "safe", folder)
        result = sdc.check(folder, policy)
        for out in result.outputs:
            name = out.path
            if name in BOOKKEEPING or name.startswith("checksums/"):
                continue
            safe.append((f"ACRO safe folder: {name}", out.status.value))
        for session, name in SAFE_ACRO_OUTPUTS:  # the safe outputs of the other folders
            folder = Path(tmp) / f"acro-{session}-{name}"  # one folder may give two outputs
            shutil.copytree(ACRO / session, folder)
            out = next(o for o in sdc.check(folder, policy).outputs if o.path == name)
            safe.append((f"ACRO {session} folder: {name}", out.status.value))
    flagged = [(n, s) for n, s in safe if s != "pass"]
    disclosive = sum(e.disclosive for e in ENTRIES)
    lines = [
        f"- Safe outputs: {len(safe)}; not `pass`: {len(flagged)} "
        f"(**false-positive rate {len(flagged) / len(safe):.0%}**): "
        + "; ".join(f"{n} ({s})" for n, s in flagged) + ".",
        f"- Disclosive outputs: {disclosive}; ending in `pass`: {len(missed)}"
        + (f" ({'; '.join(missed)})" if missed else "") + ".",
        f"- {machine_line()}",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("False positives on the corpus (issue 11)", "\n".join(lines))


if __name__ == "__main__":
    main()
