"""The release request description (``request.toml``) that may sit beside the outputs.

It is researcher-written input, so a broken one becomes a finding on ``request.toml`` and the
outputs are still checked (without its declarations); it never stops the run.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sdc.errors import ConfigError
from sdc.policy import Waiver, _explain


class RequestError(ConfigError):
    """request.toml could not be read; the message names the key."""


class RequestInfo(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str | None = None
    author: str | None = None


class OutputEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    sheet: str | None = None
    kind: str | None = None
    description: str | None = None
    population: dict[str, Any] | None = None
    justification: str | None = None
    # each claim is validated on its own (sdc.claims): a bad one is a finding, not a broken file
    structural_zeros: list[Any] = Field(default_factory=list)
    data: str | None = None  # the data file behind a figure


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request: RequestInfo = Field(default_factory=RequestInfo)
    outputs: list[OutputEntry] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    def entry_for(self, path: str, sheet: str | None) -> dict[str, Any]:
        """The [[outputs]] entry describing ``path`` (exact path first, then globs)."""
        ranked = sorted(self.outputs, key=lambda e: e.path != path)
        for entry in ranked:
            matches = entry.path == path or fnmatch.fnmatch(path, entry.path)
            if matches and (entry.sheet is None or entry.sheet == sheet):
                return entry.model_dump(exclude_none=True)
        return {}


def load_request(path: Path) -> Request:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RequestError(f"request.toml is not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise RequestError("request.toml is nested too deeply to be read") from None
    try:
        return Request.model_validate(raw)
    except ValidationError as exc:
        raise RequestError(f"request.toml: {_explain(exc)}") from None
