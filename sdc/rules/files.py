"""Rules about the files themselves: type, readability, hidden content, size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pydantic import Field, SerializerFunctionWrapHandler, field_validator, model_serializer

from sdc.cell_roles import effective_role
from sdc.classification_counts import REPORT
from sdc.results import Finding, Location
from sdc.rules.base import Rule, RuleParams, StatusSetting
from sdc.rules.counts import SmallCount
from sdc.table import Role

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output

DEFAULT_ALLOWED = ["csv", "tsv", "xlsx", "txt", "log", "md", "json", "png", "jpg", "svg", "html",
                   "htm", "pdf", "docx", "tex"]
MAX_CELL_FINDINGS = 20
# Formats sdc cannot read whose tables a researcher can save in one it can.
_SAVE_AS = {ext: "; save it as .docx (or .html, .md) so its tables can be checked"
            for ext in ("doc", "rtf", "odt", "wpd", "pages")}
# Places an SDC602 "not understood" finding lists (message, related, evidence): a huge file can
# have hundreds of thousands; the count stays exact, the rest are "and N more"
MAX_NAMED_REFS = 50


_CELL_REF = re.compile(r"[A-Z]{1,3}[1-9]\d*")


class DisallowedFileType(Rule["DisallowedFileType.Params"]):
    """Flags a file whose extension is not in the policy's allow-list, or whose content is
    not the type its extension claims.

    Why: TREs release only formats their checkers can open and inspect. Statistical
    software files (``.dta``, ``.sav``, ``.rds``, ``.parquet``), archives and executables can
    hold row-level data that nobody sees in a quick review. A renamed file (a table saved as
    ``.png``) is read by its content, but a reviewer opening it by its name would not see it.

    Example: ``model.rds`` under the default allow-list (csv, xlsx, txt, md, json, png, jpg,
    svg, html, pdf) is a ``fail``; so is ``figure.png`` that holds a CSV table.
    """

    code = "SDC601"
    name = "disallowed-file-type"
    summary = "file extension is not in the policy's allow-list"

    class Params(RuleParams):
        allowed: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOWED),
                                   description="file extensions that may be released")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        if output.outside_link:  # whatever it is called, sdc did not see what it points at
            yield self.finding(output, output.outside_link,
                               public="a symbolic link that leaves the folder or leads nowhere "
                                      "is never followed")
            return
        allowed = {e.lower().lstrip(".") for e in self.params.allowed}
        if output.extension not in allowed:
            shown = f".{output.extension}" if output.extension else "no extension"
            hint = _SAVE_AS.get(output.extension, "")
            yield self.finding(output, f"file type {shown} is not allowed by the policy "
                               f"(accepted: {', '.join('.' + e for e in sorted(allowed))}){hint}",
                               evidence={"extension": output.extension})
        if output.type_mismatch:
            yield self.finding(output, f"the file is not what its name says: "
                               f"{output.type_mismatch}",
                               evidence={"extension": output.extension, "content": output.format})


class UnreadableOutput(Rule["UnreadableOutput.Params"]):
    """Flags an output whose content sdc could not parse or whose layout it did not understand.

    Why: fail closed. A checker that cannot read a file must not call it safe; a person has to
    look. This covers empty, binary or corrupt files, encrypted workbooks, tables whose
    structure could not be inferred, measure cells that are neither numbers nor known
    suppression markers, columns whose meaning is unknown, and documents (text, PDF, HTML)
    whose content sdc does not check automatically. This rule cannot be switched off.

    It also names an output whose file or folder name states a count: a number before the
    people it counts (``North_3_deaths.csv``), a name set equal to a number (``West=3/``) or
    a sex or a place and a number, the whole name (``West 3.csv``, ``female_3.xlsx``). A name
    leaves the TRE with its file, and tools' and people's numbered names (``output_0.csv``,
    ``Table 2.xlsx``, ``Copy 2``, ``West (2).csv``, ``year=2020/``) are not read so.

    Example: ``results.csv`` that is really a renamed Stata file is ``review`` with the reason
    "the file holds binary data, not a text table".
    """

    code = "SDC602"
    name = "unreadable-output"
    summary = "the file cannot be parsed or its layout understood (review, never pass)"

    class Params(RuleParams):
        status: StatusSetting = "review"
        # names of series numbered from 1 that the TRE adds to sdc's own (``Wave``, ``Site``:
        # sdc.readers.numbered_names.ORDINAL_NAMES): a run ``Pod 1, Pod 2, Pod 3`` under one
        # of them is read as names; under any other name its small numbers are reviewed.
        # The policy's alone: nothing in a release can add to it
        ordinal_names: list[str] = Field(
            default_factory=list, description="series names numbered from 1 (added to sdc's)")

        @field_validator("ordinal_names")
        @classmethod
        def _one_word_each(cls, value: list[str]) -> list[str]:
            for name in value:
                if not re.fullmatch(r"[a-z]+", name):
                    raise ValueError(f"{name!r}: one lower-case word of letters, singular "
                                     "(the last word of a series' name)")
            return value

        # shapes of the code systems the TRE's outputs use, added to sdc's (ICD-10, GSS, ODS,
        # quarters: sdc.readers.code_systems): a column of codes all of one such shape has
        # its codes' digits read as labels; any other code's digits are reviewed. The
        # policy's alone, as ``ordinal_names``
        code_shapes: list[str] = Field(
            default_factory=list,
            description="regular expressions of code systems' codes (added to sdc's)")

        @field_validator("code_shapes")
        @classmethod
        def _regular_expressions(cls, value: list[str]) -> list[str]:
            for shape in value:
                try:
                    re.compile(shape)
                except re.error as exc:
                    raise ValueError(f"{shape!r} is no regular expression: {exc}") from exc
                if not shape or re.fullmatch(shape, "") is not None:
                    raise ValueError(f"{shape!r} matches an empty label")
            return value

        @model_serializer(mode="wrap")
        def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
            """The dump without ``code_shapes`` when it adds none: a policy's sha256 is a hash
            of its dump, so the built-in policy (and every policy written before round 21's
            key) keeps its hash, as ``WorkflowConfig.cli_votes``."""
            data: dict[str, Any] = handler(self)
            if not data.get("code_shapes"):
                data.pop("code_shapes", None)
            return data

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        from sdc.readers.name_counts import count_in_name  # first use (``sdc rules``' startup)

        for claim in output.invalid_claims:  # sdc.claims: a declaration that did not hold
            yield self.finding(output, claim, public="a claim about this output in "
                               "request.toml was rejected")
        if any(map(count_in_name, PurePosixPath(output.path).parts)):
            # a count the file's name states leaves with it (``North_3_deaths.csv``, hunt52)
            yield self.finding(output, "its file or folder name states a count (a number "
                               "before the people it counts, a name set equal to a number, "
                               "or a sex or a place and a number), which no rule checks: a "
                               "person must read it",
                               evidence={"place": "file name"})
        if output.unreadable:
            yield self.finding(output, output.unreadable)
            return
        if (screened := output.screened) is not None:  # sdc.readers.row_screen
            columns = ", ".join(f"'{h}'" for h in screened.headers)
            yield self.finding(output, f"not read cell by cell: found to be row-level data "
                               f"from whole columns, so its {screened.values:,} values "
                               f"({screened.numbers:,} of them numbers) in {screened.rows:,} "
                               f"rows of the columns {columns} were not checked one by one"
                               + (f" (only its first {screened.rows + 1:,} rows were read: "
                                  "it is over the row limit)" if screened.too_large else "")
                               + "; it must not leave as it is",
                               evidence={"values": screened.values,
                                         "numbers": screened.numbers,
                                         "columns": len(screened.headers)})
        if output.not_understood:
            yield self._not_understood(output)
        if output.kind == "document" and not output.text_checked:
            yield self.finding(output, f"a .{output.extension} document: its content is not "
                               "checked automatically and must be read by a person")
            return
        if output.kind == "unknown" and output.table is None:
            yield self.finding(output, "sdc does not know how to check this type of file")
            return
        table = output.table
        if table is None:
            return
        for problem in table.problems:
            yield self.finding(output, f"table not fully understood: {problem}")
        for measure in table.measures:
            if measure.role_from == REPORT and ctx.policy.is_enabled(SmallCount):
                continue  # a classification report's shares: SDC101 checks their counts
            # a tidy table's labels may name every cell's role (``statistic: min, mean``)
            if measure.role is Role.UNKNOWN and any(
                    effective_role(table, c) is Role.UNKNOWN
                    for c in table.cells if c.measure is measure):
                yield self.finding(output, f"could not tell what the values in "
                                   f"'{measure.name}' are (counts, sums, statistics?)",
                                   evidence={"measure": measure.name})
        for cell in table.unparsed[:MAX_CELL_FINDINGS]:
            yield self.finding(output, "cell is neither a number nor a known suppression "
                               "marker", cell=cell, evidence={"text": cell.raw})
        extra = len(table.unparsed) - MAX_CELL_FINDINGS
        if extra > 0:
            yield self.finding(output, f"{extra} more cells are neither numbers nor markers")
        yield from self._signed_percentages(output)

    def _signed_percentages(self, output: Output) -> Iterator[Finding]:
        """A percentage among counts with no count beside it to be its base (or no share's
        value): neither a count nor a share sdc can check (sdc.derived_counts)."""
        from sdc.derived_counts import signed_percentages_unread  # first use (startup)

        assert output.table is not None
        unread = signed_percentages_unread(output.table)
        for cell in unread[:MAX_CELL_FINDINGS]:
            yield self.finding(output, f"a percentage ({cell.source.raw.strip()}) in the count "
                               f"column '{cell.measure.name}': a count is never printed with "
                               "a percent sign, and no count beside it is its base",
                               cell=cell, public="a percentage in a count column, with no "
                               "count beside it as its base")
        if len(unread) > MAX_CELL_FINDINGS:
            yield self.finding(output, f"{len(unread) - MAX_CELL_FINDINGS} more percentages "
                               "in count columns")

    def _not_understood(self, output: Output) -> Finding:
        """The coverage invariant's finding (sdc.coverage): numbers no rule checks, named by
        cell in a table, or by place (paragraph, line, JSON path) in a document's text."""
        refs = output.not_understood
        listed = refs[:MAX_NAMED_REFS]
        more = len(refs) - len(listed)
        shown = ", ".join(listed) + (f" and {more:,} more" if more else "")
        counts = {"count": len(refs), "more": more}
        if not all(_CELL_REF.fullmatch(ref) for ref in listed):
            return self.finding(
                output, f"numbers not understood (no rule checks them) in {len(refs):,} "
                f"place{'s' if len(refs) != 1 else ''} of the text, to be read by a person: "
                f"{shown}", evidence={"places": list(listed), **counts})
        return self.finding(
            output, f"{len(refs):,} number{'s' if len(refs) != 1 else ''} not understood "
            f"(no rule checks them): {shown}",
            related=[Location(path=output.path, sheet=output.sheet, cell=ref) for ref in listed],
            evidence={"cells": list(listed), **counts})


class HiddenContent(Rule["HiddenContent.Params"]):
    """Flags workbook content a reviewer would not see: hidden sheets, rows and columns, cell
    comments, formulas, external links, macros, pivot caches and embedded objects.

    Why: hidden rows or sheets often keep the unsuppressed figures; a pivot cache stores the
    source records; comments and links carry information off the visible table. Hidden
    cells are still read and checked by every other rule.

    Example: a sheet ``raw`` with state ``hidden`` gives ``review`` on that sheet, and its
    small counts are still reported by SDC101.
    """

    code = "SDC605"
    name = "hidden-content"
    summary = "hidden sheets/rows/columns, comments, formulas, links or embedded objects"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        for item in output.hidden:
            finding = self.finding(output, f"{item.what}: {item.detail}",
                                   evidence={"what": item.what},
                                   public=f"{item.what}: {item.public}" if item.public else None)
            if item.cell:
                finding.location = type(finding.location)(
                    path=output.path, sheet=output.sheet, cell=item.cell)
            yield finding


class FileTooLarge(Rule["FileTooLarge.Params"]):
    """Flags a file above the policy's size, row or column limits, a workbook that would
    unpack to far more than its size (a zip bomb), or one whose sheets hold more cells, or
    whose shared strings or styles are larger, than the policy allows (counted before it is
    loaded).

    Why: aggregate outputs are small. A very large file is usually row-level data or an
    accident, and reading it whole would risk the checker's memory. Such files are not
    parsed (SDC602 says so too).

    Example: a 200 MB CSV with the default limit of 50 MB is a ``fail``.
    """

    code = "SDC606"
    name = "file-too-large"
    summary = "above the policy's size or row limit"

    class Params(RuleParams):
        max_bytes: int = Field(50_000_000, gt=0, description="file size")
        max_rows: int = Field(100_000, gt=0, description="rows of a CSV or sheet")
        max_columns: int = Field(1_000, gt=0, description="columns of a CSV or sheet")
        max_unpacked_bytes: int = Field(200_000_000, gt=0, description="an XLSX's size once "
                                                                       "unzipped (zip-bomb guard)")
        max_compression_ratio: float = Field(100.0, gt=1, description="unzipped/zipped size "
                                             "above which an XLSX is refused")
        max_cells: int = Field(2_000_000, gt=0, description="an XLSX's cells, all sheets "
                               "together (each sheet's rows × highest column), or an HTML "
                               "page's table cells, counted before it is loaded")
        max_part_bytes: int = Field(50_000_000, gt=0, description="an XLSX's shared strings, "
                                    "styles or other part read whole, once unzipped")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        if output.too_large:
            yield self.finding(output, f"too large: {output.too_large}",
                               evidence={"bytes": output.size})
