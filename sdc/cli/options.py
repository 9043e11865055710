"""Options several commands share, typed once so their help reads the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sdc.profiles import PROFILES

RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", metavar="FILE", help="Policy file (rules.toml).")]
ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", metavar="NAME",
    help=f"Policy profile: {', '.join(PROFILES)} (or one the policy file defines).")]


class FailOn(StrEnum):
    fail = "fail"
    review = "review"


FailOnOpt = Annotated[FailOn, typer.Option(
    "--fail-on", help="Lowest status that exits 1: review (default; doubt stops a gate) "
    "or fail.")]
