"""What the release says about its outputs, added after they are read and before the rules run.

Each ``Annotator`` owns one source: request.toml (``request``), ACRO's results.json (``acro``),
the researcher's claims and declared chart data (``claims``), and policy files found among the
outputs (``policy_files``). The engine only orchestrates: it calls ``annotate`` on every output
as it is read, then ``finish`` on the release. Nothing here decides a verdict; an annotation
can only add to what a person is told, or mark an output unreadable (fail closed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sdc.annotations.acro import AcroResults
from sdc.annotations.claims import Claims
from sdc.annotations.policy_files import PolicyFilesAmongOutputs
from sdc.annotations.request import RequestDeclarations
from sdc.outputs import Output


class Annotator(Protocol):
    def annotate(self, output: Output) -> None:
        """Add what this source says about one output, as it is read."""

    def finish(self, outputs: list[Output]) -> None:
        """Look at the release as read; may add outputs (a declared file that is missing)."""


@dataclass
class ReleaseAnnotations:
    """The annotators of one release, in order. ``annotate`` runs them in order (request.toml
    before ACRO, so request.toml wins; claims after both); ``finish`` runs them in reverse, so
    an annotator's ``finish`` sees the outputs as read, before one listed earlier adds its own
    (the claims compare populations only over outputs that were read)."""

    request: RequestDeclarations
    annotators: list[Annotator]

    def annotate(self, output: Output) -> None:
        for annotator in self.annotators:
            annotator.annotate(output)

    def finish(self, outputs: list[Output]) -> None:
        for annotator in reversed(self.annotators):
            annotator.finish(outputs)


def release_annotations(folder: Path | None, roots: Sequence[Path]) -> ReleaseAnnotations:
    """The annotators for a release read from ``roots``; ``folder`` is its release folder (the
    first folder given; None when only files are checked)."""
    request = RequestDeclarations.load(folder, in_roots=folder is not None and folder in roots)
    annotators: list[Annotator] = [PolicyFilesAmongOutputs(), request, AcroResults.load(folder),
                                   Claims(folder)]
    return ReleaseAnnotations(request=request, annotators=annotators)


__all__ = ["Annotator", "ReleaseAnnotations", "release_annotations"]
