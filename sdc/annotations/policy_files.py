"""A policy file among the outputs is never the policy: it is an output, and a suspicious one."""

from __future__ import annotations

from pathlib import Path

from sdc.outputs import Output
from sdc.policy import POLICY_FILE_NAMES, _has_tool_sdc


class PolicyFilesAmongOutputs:
    def annotate(self, output: Output) -> None:
        """Someone may have hoped sdc would read it as its policy: a person must look at it."""
        name = Path(output.path).name
        if output.outside_link:
            return
        if name in POLICY_FILE_NAMES or (name == "pyproject.toml"
                                         and _has_tool_sdc(output.file)):
            output.unreadable = (f"a policy file ({name}) among the outputs: sdc never takes "
                                 "its policy from the folder it checks; a person must look at "
                                 "why it is here")

    def finish(self, outputs: list[Output]) -> None:
        return None
