"""The researcher's claims about an output (a declared kind, structural zeros, populations, a
chart's declared data file): validated, never trusted to change how an output is checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sdc.charts.declared import apply_declared_data
from sdc.claims import check_populations, validate_claims
from sdc.outputs import Output


@dataclass
class Claims:
    folder: Path | None

    def annotate(self, output: Output) -> None:
        validate_claims(output)  # a declared kind never changes how it is checked
        apply_declared_data(output, self.folder)  # a bad data = "..." claim counts not

    def finish(self, outputs: list[Output]) -> None:
        check_populations(outputs)  # populations declared for several outputs must agree
