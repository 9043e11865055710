"""The rule catalogue as documents, generated from the code: ``docs/rules.md`` (every rule: what
it checks, why it is a risk, an example, its parameters) and the commented default
``rules.toml``.

``sdc rules --markdown`` and ``sdc rules --toml`` print them; a test fails when the committed
files differ from what this module generates, so a rule cannot change without its documents.
Everything shown comes from the registry (class docstrings, ``summary``, the ``Params`` fields
with their descriptions and defaults), the policy's own defaults and the built-in profiles.
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sdc.policy import ALWAYS_ON, DEFAULT_MARKERS, DEFAULT_TOTAL_LABELS, PolicyModel
from sdc.profiles import PROFILE_INFO, PROFILES
from sdc.rules import REGISTRY, Rule

# The catalogue's sections: rule codes share a family by their first digit.
FAMILIES: dict[str, str] = {
    "SDC1": "Counts and classes",
    "SDC2": "Magnitudes (need contribution evidence: the API's sidecar or Freq/Top1/Top2 "
            "columns)",
    "SDC3": "Statistics and models",
    "SDC4": "Rounding",
    "SDC5": "Differencing and linked outputs (audited together across the whole release)",
    "SDC6": "Files and content",
    "SDC7": "Charts",
}

REGENERATE = "sdc rules --toml > rules.toml && sdc rules --markdown > docs/rules.md"
_COMMENT_COLUMN = 31  # where a value's comment starts (values longer than this push it right)
_WIDTH = 100
_RULE = "# " + "-" * (_WIDTH - 7)


def _families() -> list[tuple[str, list[type[Rule[Any]]]]]:
    """The rules grouped by family, in code order; a code outside ``FAMILIES`` fails loudly
    (a new family needs a title)."""
    grouped: dict[str, list[type[Rule[Any]]]] = {prefix: [] for prefix in FAMILIES}
    for code, rule in REGISTRY.items():
        grouped[code[:4]].append(rule)
    return [(FAMILIES[prefix], rules) for prefix, rules in grouped.items() if rules]


def _params(rule: type[Rule[Any]]) -> list[tuple[str, FieldInfo]]:
    """A rule's own parameters (``status`` is every rule's and is shown apart)."""
    return [(name, info) for name, info in rule.Params.model_fields.items() if name != "status"]


def _default(info: FieldInfo) -> Any:
    value = info.get_default(call_default_factory=True)
    if isinstance(value, list):
        return [v.model_dump() if isinstance(v, BaseModel) else v for v in value]
    return value


def toml_value(value: Any) -> str:
    """A TOML literal for a parameter value (strings as TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no TOML literal for {value}")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML literal for {type(value).__name__}")


def _wrapped(key: str, value: Any) -> list[str]:
    """``key = value``, a long list broken after its items so no line passes the width."""
    line = f"{key} = {toml_value(value)}"
    if len(line) <= _WIDTH or not isinstance(value, list):
        return [line]
    indent = " " * (len(key) + 4)
    lines, current = [], f"{key} = ["
    for i, item in enumerate(value):
        piece = toml_value(item) + ("," if i < len(value) - 1 else "]")
        if len(current) + 1 + len(piece) > _WIDTH and current.strip() not in (f"{key} = [", ""):
            lines.append(current.rstrip())
            current = indent
        current += piece if current.endswith(("[", " ")) else " " + piece
    lines.append(current)
    return lines


def _commented(line: str, comment: str | None) -> str:
    """``line`` with ``comment`` beside it at the comment column, wrapped onto comment lines
    at that column when it would pass the width."""
    if not comment:
        return line
    lead = line.ljust(_COMMENT_COLUMN - 1) + " # "
    room = max(_WIDTH - len(lead), 30)
    pieces = textwrap.wrap(comment, room)
    more = " " * (_COMMENT_COLUMN - 1) + " # "
    return "\n".join([lead + pieces[0], *(more + piece for piece in pieces[1:])])


def _comment_block(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, _WIDTH - 2)]


def _param_lines(name: str, info: FieldInfo) -> list[str]:
    """A parameter with its default, or commented out with an example when it has none."""
    value = _default(info)
    if value is None:
        example = info.examples[0] if info.examples else None
        shown = toml_value(example) if example is not None else '""'
        return [_commented(f"# {name} = {shown}", info.description)]
    lines = _wrapped(name, value)
    if len(lines) > 1:  # a list over several lines: its comment above it
        return _comment_block(info.description or "") + lines
    return [_commented(lines[0], info.description)]


def _section(title: str) -> list[str]:
    return ["", _RULE, f"# {title}", _RULE]


def _status_comment(rule: type[Rule[Any]]) -> str | None:
    return "cannot be \"off\": sdc fails closed" if rule.code in ALWAYS_ON else None


def _rules_toml_rules() -> list[str]:
    lines: list[str] = []
    for title, rules in _families():
        lines += _section(title)
        for rule in rules:
            lines += _comment_block(f"{rule.code}: {rule.summary}")
            lines.append(f"[rules.{rule.name}]")
            status = rule.Params.model_fields["status"].default
            lines.append(_commented(f"status = {toml_value(status)}", _status_comment(rule)))
            for name, info in _params(rule):
                lines += _param_lines(name, info)
            lines.append("")
    return lines


def _profile_lines() -> list[str]:
    lines = _section("Profiles (overlays on the values above). Built in; repeated here with "
                     "their sources.")
    by_name = {rule.name: rule for rule in REGISTRY.values()}
    for name, overlay in PROFILES.items():
        description, source = PROFILE_INFO[name]
        lines.append(f"[profiles.{name}]")
        lines.append(f"description = {toml_value(description)}")
        if source:
            lines.append(f"source = {toml_value(source)}")
        for rule_name, values in overlay.get("rules", {}).items():
            lines.append(f"[profiles.{name}.rules.{rule_name}]")
            fields = by_name[rule_name].Params.model_fields
            for key, value in values.items():
                if key not in fields:
                    raise KeyError(f"profile {name}: {rule_name} has no parameter {key}")
                lines.append(f"{key} = {toml_value(value)}")
        lines.append("")
    return lines


_PREAMBLE = """\
# sdc policy: the rules an output must meet before it leaves the TRE.
# (Generated by `sdc rules --toml` from the rule registry; edit a copy, not this file.)
#
# The policy is --rules FILE, else $SDC_POLICY, else the first sdc.toml / rules.toml /
# pyproject.toml [tool.sdc] found walking up from the working directory (never from inside the
# paths being checked: the outputs never set their own policy), else the built-in defaults —
# `sdc check --show-policy` says which. The values below are the built-in defaults: deleting
# this file changes nothing. Every report names this file, its SHA-256, the profile applied and
# the sdc version.
#
# Layering: built-in defaults <- the values in this file <- the selected profile, i.e. the
# built-in profile of that name merged with a [profiles.NAME] table of this file.
# A status is "fail" (must not be released as it is), "review" (a person must look) or "off".
# Unknown keys, wrong types and impossible values are errors that name the key (exit 2).

# Which profile to apply: {profiles}, or one defined below.
# `sdc check --profile NAME` overrides it.
profile = {profile}

# Rule selection, like ruff: codes ("SDC101"), names ("small-count") or family prefixes ("SDC1").
# Unset `select` means every rule. SDC602 (unreadable-output) is always on: sdc fails closed.
# select = ["SDC1", "SDC6"]
ignore = {ignore}

# Researcher declarations (request.toml) are claims: each is validated, and every finding one
# changed is listed in every report. A declaration never lowers a finding below "review": a
# declared structural zero is "review" (a person confirms it), not "fail". request.toml
# [[waivers]] lower a "fail" to "review" (never to "pass"); false ignores them.
request_waivers = {request_waivers}

# Evidence sidecars (name.csv.sdc.json) are written by the researcher's own process: a made-up
# sidecar consistent with the published numbers cannot be told from the API's. "confirm": a
# finding the published numbers alone raise stays (at least "review") when a sidecar's
# evidence would settle it, so a person confirms the sidecar. "trust" (a pipeline the
# researcher does not control writes the sidecars): a sidecar may settle a "review" finding
# to "pass", never a "fail". Either way every such finding is listed in every report.
sidecar_evidence = {sidecar_evidence}

# Text that marks a suppressed cell. A marker is not a number and not a missing value: the
# audit treats it as a hidden value. "" means an empty cell inside a table is a suppression.
# Censored forms such as "<10" or "≤5" are recognised as markers as well.
markers = {markers}

# Row/column labels that mark margins (matched case-insensitively; "Total ..." and "All ..."
# prefixes count too).
total_labels = {total_labels}"""

_WAIVERS = """\
[workflow]
# reviewers = {reviewers}                # reviewers who must approve each output; unset = \
the ledger's setting ({reviewers})
"""

_WAIVERS = """\
# [[waivers]]
# rule = "SDC102"
# path = "tables/cancer_by_sex.csv"
# cell = "C3"
# reason = "structural zero: no male patients can have cervical cancer\""""


def rules_toml() -> str:
    """The commented default policy file (``rules.toml``): every setting at its built-in value."""
    model = PolicyModel()
    lines = [_PREAMBLE.format(
        profiles=" | ".join(PROFILES), profile=toml_value(model.profile),
        ignore=toml_value(model.ignore), request_waivers=toml_value(model.request_waivers),
        sidecar_evidence=toml_value(model.sidecar_evidence),
        markers=toml_value(DEFAULT_MARKERS), total_labels=toml_value(DEFAULT_TOTAL_LABELS))]
    lines += _rules_toml_rules()
    reviewers = model.workflow.reviewers
    lines += _section("Release workflow (sdc request / review / release)")[1:]
    lines.append("[workflow]")
    lines.append(_commented(f"# reviewers = {reviewers}",
                            "reviewers who must approve each output; unset = the ledger's "
                            f"setting ({reviewers})"))
    lines.append(_commented(f"# cli_votes = {toml_value(model.workflow.cli_votes)}",
                            "sdc review: an account and its password (\"named\": any name)"))
    lines += _section("Waivers: accepted exceptions. A matching finding becomes \"review\" with "
                      "the reason shown;\n# a waiver that matched nothing is reported. `path` is "
                      "a glob, `cell` optional, `reason` required.")
    lines.append(_WAIVERS)
    lines += _profile_lines()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_value(value: Any) -> str:
    return "unset" if value is None else f"`{toml_value(value)}`"


def rules_markdown() -> str:
    """``docs/rules.md``: the catalogue of every rule, from the registry."""
    out = [
        "# Rules",
        "",
        f"Generated from the rule registry by `sdc rules --markdown` (`{REGENERATE}`); a test "
        "fails when this file or `rules.toml` is stale, so edit the rule classes, not this "
        "page. Every parameter is set under `[rules.NAME]` in the policy file; `sdc rules CODE` "
        "prints one rule with the values the current policy gives it.",
        "",
        "Every rule's `status` is `fail` (must not be released as it is), `review` (a person "
        "must look) or `off`. Per-output rules look at one output at a time; release rules look "
        "at all the outputs of a release together.",
        "",
        "| code | name | default | scope | what it flags |",
        "| --- | --- | --- | --- | --- |",
    ]
    for code, rule in REGISTRY.items():
        status = rule.Params.model_fields["status"].default
        out.append(f"| [{code}](#{code.lower()}-{rule.name}) | `{rule.name}` | {status} | "
                   f"{rule.scope} | {_md_cell(rule.summary)} |")
    for title, rules in _families():
        out += ["", f"## {title}"]
        for rule in rules:
            status = rule.Params.model_fields["status"].default
            scope = "each output" if rule.scope == "output" else "the whole release at once"
            out += ["", f"### {rule.code} {rule.name}", "", f"*{_md_cell(rule.summary)}*", "",
                    rule.doc(), "",
                    f"Default status: **{status}**"
                    + (" (cannot be `off`: sdc fails closed)" if rule.code in ALWAYS_ON else "")
                    + f". Checks {scope}."]
            params = _params(rule)
            if params:
                out += ["", f"Parameters (`[rules.{rule.name}]`):", "",
                        "| parameter | default | description |", "| --- | --- | --- |"]
                for name, info in params:
                    out.append(f"| `{name}` | {_md_value(_default(info))} | "
                               f"{_md_cell(info.description or '')} |")
    return "\n".join(out) + "\n"
