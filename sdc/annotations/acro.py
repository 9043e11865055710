"""An ACRO output folder (results.json): the researcher's comments and exception requests travel
with each output, and a file changed after ACRO recorded its checksum is not trusted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdc.outputs import Output
from sdc.readers.acro_input import load_acro_folder
from sdc.readers.acro_records import apply_acro_record


@dataclass
class AcroResults:
    """Per output path, what ACRO's results.json recorded (none: not an ACRO folder)."""

    entries: dict[str, dict[str, Any]] | None = None

    @classmethod
    def load(cls, folder: Path | None) -> AcroResults:
        return cls(load_acro_folder(folder) if folder is not None else None)

    def annotate(self, output: Output) -> None:
        """Keep the researcher's comments and exception request (request.toml, annotated
        before, still wins), and distrust a file changed after ACRO recorded its checksum."""
        if not self.entries or output.path not in self.entries:
            return
        entry = self.entries[output.path]
        if entry.get("comments"):
            output.request.setdefault("description", "; ".join(entry["comments"]))
        if entry.get("exception"):
            output.request.setdefault("justification", entry["exception"])
        if entry.get("checksum_valid") is False:
            output.unreadable = ("the file no longer matches the checksum ACRO recorded for it; "
                                 "it was changed after the analysis")
            return
        apply_acro_record(output, entry)  # ACRO's record informs roles and dof, never exempts

    def finish(self, outputs: list[Output]) -> None:
        return None
