"""Load and validate the policy (rules.toml): parameters, profiles, rule selection, waivers.

Layering: built-in defaults <- the file's top-level values <- the selected profile (built-in
profile merged with the file's own ``[profiles.NAME]``). Every error names the offending key
(``rules.small-count.threshold``) so a TRE administrator can fix it; the CLI exits 2 on it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    create_model,
    field_validator,
    model_serializer,
)

from sdc.errors import ConfigError
from sdc.profiles import PROFILES
from sdc.readers.base import ReadOptions
from sdc.readers.values import MarkerSet
from sdc.rules import REGISTRY, Rule
from sdc.rules.base import P, RuleParams, SharedParams
from sdc.rules.content import Identifier, RowLevelData
from sdc.rules.counts import SmallCount
from sdc.rules.files import FileTooLarge
from sdc.rules.magnitude import PPercent
from sdc.rules.rounding import UnroundedCount

# ONS ([c], [x], [z]), the SDC handbook and tau-ARGUS (x), Eurostat/ESS (":" not available,
# "c" confidential), OpenSAFELY (REDACTED, and [REDACTED] as its guidance writes it), and the
# common * and <5
DEFAULT_MARKERS = ["*", "<5", "[c]", "[x]", "[z]", "x", "c", ":", "..", "-", "REDACTED",
                   "[REDACTED]", ""]
DEFAULT_TOTAL_LABELS = ["Total", "All", "Overall", "Grand total", "Totals", "All persons"]
ALWAYS_ON = {"SDC602"}  # fail closed: an unreadable output can never silently pass


class PolicyError(ConfigError):
    """A configuration mistake; the message names the key."""


class Waiver(BaseModel):
    """An accepted exception: matching findings become ``review`` with the reason shown."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    path: str = "*"
    cell: str | None = None
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a waiver needs a reason")
        return value


def _rules_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        cls.name: (cls.Params, Field(default_factory=cls.Params)) for cls in REGISTRY.values()
    }
    return create_model(
        "RulesConfig", __config__=ConfigDict(extra="forbid", frozen=True), **fields
    )


RulesConfig = _rules_model()


class WorkflowConfig(BaseModel):
    """The release workflow's settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reviewers: int = Field(default=2, ge=1)
    # who a command-line vote is (sdc.ledger.votes): "account" (an enabled checker account
    # and its password, as the web's login) or "named" (the free-text name of before round 21)
    cli_votes: Literal["account", "named"] = "account"

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The dump without ``cli_votes`` at its default: a policy's sha256 is a hash of its
        dump, so the built-in policy (and every policy written before the key) keeps its hash
        and the versions checked under it stay under the policy in force."""
        data: dict[str, Any] = handler(self)
        if data.get("cli_votes") == "account":
            del data["cli_votes"]
        return data


class PolicyModel(BaseModel):
    """The validated shape of a policy file (after the profile is applied)."""

    model_config = ConfigDict(extra="forbid")

    profile: str = "default"
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    markers: list[str] = Field(default_factory=lambda: list(DEFAULT_MARKERS))
    total_labels: list[str] = Field(default_factory=lambda: list(DEFAULT_TOTAL_LABELS))
    rules: RulesConfig = Field(default_factory=RulesConfig)  # type: ignore[valid-type]
    waivers: list[Waiver] = Field(default_factory=list)
    # request.toml waivers may lower a fail to review (never to pass), shown as declarations
    request_waivers: bool = True
    # what an evidence sidecar alone may settle (sdc.sidecar_bounds): "confirm" keeps every
    # finding the published numbers alone raise at least "review"; "trust" lets a sidecar
    # settle "review" findings to "pass" (never a "fail"); both list them in every report
    sidecar_evidence: Literal["confirm", "trust"] = "confirm"
    workflow: WorkflowConfig = Field(default_factory=WorkflowConfig)
    profiles: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # what `sdc check` of a folder skips (sdc.excludes; docs/ci.md): gitignore-style patterns
    # replacing the defaults, patterns added to them, and whether .gitignore counts. Skipped
    # paths are listed in every report. allow_excludes = false (the checker's policy) checks
    # every file: no default, no pattern, no .gitignore, and --exclude is a usage error.
    exclude: list[str] | None = None
    extend_exclude: list[str] = Field(default_factory=list)
    respect_gitignore: bool = True
    allow_excludes: bool = True


@dataclass
class Policy:
    """The effective policy of a run."""

    model: PolicyModel
    source: str = "built-in"
    sha256: str = ""
    reason: str = ""  # why this policy applies (how it was found)
    enabled: dict[str, bool] = field(default_factory=dict)
    # the parameters several rules share, resolved once here (see SharedParams)
    shared: SharedParams = field(init=False)

    def __post_init__(self) -> None:
        self.shared = SharedParams(threshold=self.params(SmallCount).threshold,
                                   rounding_base=self.params(UnroundedCount).base,
                                   rounding_scheme=self.params(UnroundedCount).scheme,
                                   p=self.params(PPercent).p)

    @property
    def profile(self) -> str:
        return self.model.profile

    @property
    def total_labels(self) -> list[str]:
        return self.model.total_labels

    @property
    def markers(self) -> list[str]:
        return self.model.markers

    @overload
    def params(self, rule: type[Rule[P]]) -> P: ...

    @overload
    def params(self, rule: str) -> RuleParams: ...

    def params(self, rule: type[Rule[Any]] | str) -> RuleParams:
        """A rule's parameters: typed when given the rule's class (``params(SmallCount)``)."""
        name = rule if isinstance(rule, str) else rule.name
        value: RuleParams = getattr(self.model.rules, name)
        return value

    def is_enabled(self, rule: type[Rule[Any]]) -> bool:
        return self.enabled.get(rule.code, False) and self.params(rule).status != "off"

    def read_options(self) -> ReadOptions:
        """What the readers need of this policy: markers, total labels and file limits."""
        limits = self.params(FileTooLarge)
        return ReadOptions(
            markers=MarkerSet(self.model.markers),
            total_labels=tuple(self.model.total_labels),
            max_bytes=limits.max_bytes,
            max_rows=limits.max_rows,
            max_columns=limits.max_columns,
            max_unpacked_bytes=limits.max_unpacked_bytes,
            max_compression_ratio=limits.max_compression_ratio,
            max_cells=limits.max_cells,
            max_part_bytes=limits.max_part_bytes,
            screen_rows=self._screen_rows(),
        )

    def _screen_rows(self) -> int | None:
        """The row-level screen's threshold (``rules.row-level-data.screen_rows``), or None
        when the policy could let what it reports end below ``fail``: SDC603 or SDC604 off,
        downgraded or waived by the policy (such a policy gets the full path on every file)."""
        rules = (RowLevelData, Identifier)
        if any(not self.is_enabled(r) or self.params(r).status != "fail" for r in rules):
            return None
        if any(w.rule in (r.code, r.name) for w in self.model.waivers for r in rules):
            return None
        return self.params(RowLevelData).screen_rows

    def effective_params(self) -> dict[str, Any]:
        data = self.model.model_dump(mode="json", exclude={"profiles", "waivers"})
        data["enabled"] = sorted(code for code, on in self.enabled.items() if on)
        return data



def _deep_merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)


def _explain(error: ValidationError, prefix: str = "") -> str:
    lines = []
    for err in error.errors():
        loc = err["loc"]
        # pydantic adds the model name for function-after validators; drop non-key parts
        key = _format_loc(tuple(p for p in loc if not (isinstance(p, str) and "[" in p)))
        if prefix:
            key = f"{prefix}.{key}" if key else prefix
        if err["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown key")
        else:
            value = err.get("input")
            shown = f" (got {value!r})" if not isinstance(value, dict | list) else ""
            lines.append(f"{key}: {err['msg']}{shown}")
    return "; ".join(lines)


def _select_matches(entry: str, rule: type[Rule]) -> bool:
    entry_up = entry.strip().upper()
    return (
        entry_up == "ALL"
        or rule.code.startswith(entry_up)
        or entry.strip().lower() == rule.name
    )


def _resolve_selection(model: PolicyModel) -> dict[str, bool]:
    for key, entries in (("select", model.select or []), ("ignore", model.ignore)):
        for i, entry in enumerate(entries):
            if not any(_select_matches(entry, r) for r in REGISTRY.values()):
                raise PolicyError(f"{key}[{i}]: {entry!r} matches no rule code, name or prefix")
    enabled = {}
    for code, rule in REGISTRY.items():
        on = True if model.select is None else any(_select_matches(e, rule) for e in model.select)
        if any(_select_matches(e, rule) for e in model.ignore):
            on = False
        enabled[code] = on or code in ALWAYS_ON
    return enabled


def build_policy(raw: dict[str, Any], *, profile: str | None = None, source: str = "built-in",
                 sha256: str | None = None) -> Policy:
    """Validate a raw policy mapping (as read from TOML) and apply the selected profile."""
    if not isinstance(raw, dict):
        raise PolicyError("the policy must be a TOML table")
    file_profiles = raw.get("profiles", {})
    if not isinstance(file_profiles, dict):
        raise PolicyError("profiles: must be a table of profiles")
    name = _profile_name(raw, profile, file_profiles)
    base = {k: v for k, v in raw.items() if k != "profiles"}
    overlay = _profile_overlay(name, file_profiles)
    _validate_profiles(file_profiles)
    merged = _deep_merge(base, overlay)
    merged["profile"] = name
    try:
        model = PolicyModel.model_validate(merged)
    except ValidationError as exc:
        raise PolicyError(_explain(exc)) from None
    _check_model(model)
    model.profiles = file_profiles
    enabled = _resolve_selection(model)
    digest = sha256 or hashlib.sha256(
        json.dumps(model.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    return Policy(model=model, source=source, sha256=digest, enabled=enabled)


def _profile_name(raw: dict[str, Any], profile: str | None,
                  file_profiles: dict[str, Any]) -> str:
    """The profile asked for (the option, else the file's ``profile``), known by name."""
    name = profile or raw.get("profile") or "default"
    if not isinstance(name, str):
        raise PolicyError(f"profile: must be a string (got {name!r})")
    known = set(PROFILES) | set(file_profiles)
    if name not in known:
        raise PolicyError(f"profile: unknown profile {name!r} (known: {', '.join(sorted(known))})")
    return name


def _profile_overlay(name: str, file_profiles: dict[str, Any]) -> dict[str, Any]:
    """What the profile changes: the built-in profile of that name under the file's own."""
    overlay = _deep_merge(PROFILES.get(name, {}), file_profiles.get(name, {}) or {})
    for key in overlay:
        if key not in ("rules", "description", "source", "markers", "total_labels"):
            raise PolicyError(f"profiles.{name}.{key}: unknown key")
    return {k: v for k, v in overlay.items() if k not in ("description", "source")}


def _validate_profiles(file_profiles: dict[str, Any]) -> None:
    """Validate each profile overlay on its own first so errors name the profile's key."""
    for pname, pdata in file_profiles.items():
        if not isinstance(pdata, dict):
            raise PolicyError(f"profiles.{pname}: must be a table")
        try:
            PolicyModel.model_validate(
                {k: v for k, v in pdata.items() if k not in ("description", "source")}
            )
        except ValidationError as exc:
            raise PolicyError(_explain(exc, f"profiles.{pname}")) from None


def _check_model(model: PolicyModel) -> None:
    """What the schema cannot say: rules that are always on, excludes a policy forbids,
    waivers of unknown rules."""
    for code in ALWAYS_ON:
        if getattr(model.rules, REGISTRY[code].name).status == "off":
            raise PolicyError(
                f"rules.{REGISTRY[code].name}.status: cannot be 'off' — an output sdc cannot "
                "read must never pass unseen"
            )
    if not model.allow_excludes:
        for key in ("exclude", "extend_exclude"):
            if getattr(model, key):
                raise PolicyError(f"{key}: the policy forbids excludes (allow_excludes = "
                                  "false); every file is checked")
    for i, waiver in enumerate(model.waivers):
        if waiver.rule not in REGISTRY and waiver.rule not in {r.name for r in REGISTRY.values()}:
            raise PolicyError(f"waivers[{i}].rule: unknown rule {waiver.rule!r}")


POLICY_FILE_NAMES = ("sdc.toml", "rules.toml")  # then pyproject.toml with [tool.sdc]
POLICY_ENV = "SDC_POLICY"


@dataclass(frozen=True)
class PolicySource:
    """Where the policy of a run comes from, and why (``sdc check --show-policy``)."""

    path: Path | None  # None: the built-in default
    reason: str
    table: tuple[str, ...] = ()  # the keys of the policy table inside the file (pyproject)
    ignored: tuple[str, ...] = ()  # candidates passed over, with the reason


def _policy_table(path: Path) -> tuple[str, ...]:
    return ("tool", "sdc") if path.name == "pyproject.toml" else ()


def _has_tool_sdc(path: Path) -> bool:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = raw.get("tool")
    return isinstance(tool, dict) and "sdc" in tool


def _inside_any(path: Path, roots: list[Path]) -> Path | None:
    """The checked path that holds ``path`` (or is it), if any."""
    for root in roots:
        if path == root or root in path.parents:
            return root
    return None


def policy_files_in(folder: Path) -> list[Path]:
    """The policy files a directory holds, in discovery order (sdc.toml, rules.toml, then a
    pyproject.toml with a [tool.sdc] table)."""
    found = [folder / n for n in POLICY_FILE_NAMES if (folder / n).is_file()]
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_tool_sdc(pyproject):
        found.append(pyproject)
    return found


def _checked_roots(checked: list[str | Path]) -> list[Path]:
    """The checked paths, and for a file the release folder it is checked within (its siblings
    are outputs too: ``sdc.release_context``)."""
    roots = []
    for given in checked:
        path = Path(given).expanduser().resolve()
        roots.append(path)
        if path.is_file():
            from sdc.release_context import release_root

            roots.append(release_root(path).resolve())
    return roots


def discover_policy(checked: list[str | Path] | None = None, *, rules: str | Path | None = None,
                    cwd: Path | None = None, environ: dict[str, str] | None = None
                    ) -> PolicySource:
    """Find the policy like ruff finds its settings, but never in the outputs.

    Order: ``rules`` (``--rules``), else ``$SDC_POLICY``, else the first directory walking up
    from ``cwd`` holding ``sdc.toml``, ``rules.toml`` or a ``pyproject.toml`` with ``[tool.sdc]``
    — unless ``cwd`` lies inside a checked path (the walk would then pass through the outputs, and
    a researcher could plant a policy there) — else the built-in default. A policy file inside
    the checked paths is refused even when named explicitly: the outputs never set their own
    policy.
    """
    env = os.environ if environ is None else environ
    roots = _checked_roots(checked or [])
    for given, how in ((rules, "--rules"), (env.get(POLICY_ENV) or None, f"${POLICY_ENV}")):
        if given is None:
            continue
        path = Path(given).expanduser()
        holder = _inside_any(path.resolve(), roots)
        if holder is not None:
            raise PolicyError(f"{how} {path}: the policy file is inside the outputs being "
                              f"checked ({holder}); the policy never comes from the outputs")
        return PolicySource(path, f"given by {how}", _policy_table(path))
    start = (cwd or Path.cwd()).resolve()
    holder = _inside_any(start, roots)
    if holder is not None:
        return PolicySource(None, "built-in default: the working directory is inside the "
                            f"checked path {holder}, so no policy file is looked for (the "
                            "policy never comes from the outputs)")
    ignored: list[str] = []
    for folder in (start, *start.parents):
        for candidate in policy_files_in(folder):
            table = _policy_table(candidate)
            where = "[tool.sdc] in " if table else ""
            return PolicySource(candidate, f"found {where}{candidate.name} walking up from the "
                                f"working directory {start}", table, tuple(ignored))
    return PolicySource(None, "built-in default: no sdc.toml, rules.toml or pyproject.toml "
                        f"with [tool.sdc] in {start} or above")


def _selection_overrides(raw: dict[str, Any], select: list[str] | None,
                         extend_select: list[str] | None, ignore: list[str] | None
                         ) -> dict[str, Any]:
    """Apply ``--select``/``--extend-select``/``--ignore`` like ruff: select replaces, the
    others add."""
    out = dict(raw)
    if select:
        out["select"] = list(select)
    if extend_select:
        base = out.get("select")
        out["select"] = None if base is None else [*base, *extend_select]
        if base is None:
            out.pop("select")  # everything is selected already; extend-select adds nothing
    if ignore:
        out["ignore"] = [*(out.get("ignore") or []), *ignore]
    return out


def load_policy(path: str | Path | None = None, *, profile: str | None = None,
                search_dir: Path | None = None, checked: list[str | Path] | None = None,
                select: list[str] | None = None, extend_select: list[str] | None = None,
                ignore: list[str] | None = None, environ: dict[str, str] | None = None
                ) -> Policy:
    """The policy of a run: ``path``, else what ``discover_policy`` finds from ``search_dir``
    (default: the working directory) for the ``checked`` paths, with the CLI's selection
    flags applied on top."""
    source = discover_policy(checked, rules=path, cwd=search_dir, environ=environ)
    overrides = {"select": select, "extend_select": extend_select, "ignore": ignore}
    flags = {k: v for k, v in overrides.items() if v}
    if source.path is None:
        policy = build_policy(_selection_overrides({}, select, extend_select, ignore),
                              profile=profile)
        policy.source = "built-in"
    else:
        policy = _load_file(source.path, source.table, profile, select, extend_select, ignore)
    if flags:
        shown = " ".join(f"--{k.replace('_', '-')} {','.join(v)}" for k, v in flags.items())
        policy.source = f"{policy.source} {shown}"
        policy.sha256 = hashlib.sha256(
            (policy.sha256 + json.dumps(flags, sort_keys=True)).encode()).hexdigest()
    policy.reason = source.reason
    return policy


def _load_file(path: Path, table: tuple[str, ...], profile: str | None,
               select: list[str] | None, extend_select: list[str] | None,
               ignore: list[str] | None) -> Policy:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc.strerror or exc}") from None
    source = f"{path} [{'.'.join(table)}]" if table else str(path)
    return policy_from_bytes(data, table, profile, source=source, name=str(path),
                             select=select, extend_select=extend_select, ignore=ignore)


def policy_from_bytes(data: bytes, table: tuple[str, ...], profile: str | None, *, source: str,
                      name: str, select: list[str] | None = None,
                      extend_select: list[str] | None = None,
                      ignore: list[str] | None = None) -> Policy:
    """The policy a file's bytes hold (``table``: the keys of its policy table, ``("tool",
    "sdc")`` in a pyproject.toml); its sha256 is that of the bytes. A ledger keeps the bytes of
    the policy it is pinned to and checks under them (``sdc.ledger.pinned``)."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{name}: not valid TOML: {exc}") from None
    for key in table:
        found = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(found, dict):
            raise PolicyError(f"{name}: no [{'.'.join(table)}] table")
        raw = found
    raw = _selection_overrides(raw, select, extend_select, ignore)
    try:
        return build_policy(raw, profile=profile, source=source,
                            sha256=hashlib.sha256(data).hexdigest())
    except PolicyError as exc:
        prefix = f"{'.'.join(table)}." if table else ""
        raise PolicyError(f"{prefix}{exc}" if prefix else str(exc)) from None


def describe_policy(policy: Policy) -> str:
    """What ``sdc check --show-policy`` prints: the file, why it applies, its hash and the
    rules it enables."""
    enabled = sorted(code for code, on in policy.enabled.items() if on)
    return "\n".join([
        f"policy: {policy.source}",
        f"why: {policy.reason or 'given directly'}",
        f"sha256: {policy.sha256}",
        f"profile: {policy.profile}",
        f"rules enabled: {', '.join(enabled)}",
        f"excludes: {describe_excludes(policy)}",
    ])


def describe_excludes(policy: Policy) -> str:
    """The policy's excludes as ``--show-policy`` prints them."""
    model = policy.model
    if not model.allow_excludes:
        return "forbidden (allow_excludes = false): every file is checked"
    patterns = "defaults" if model.exclude is None else f"exclude = {model.exclude}"
    if model.extend_exclude:
        patterns += f", extend_exclude = {model.extend_exclude}"
    return f"{patterns}; .gitignore {'respected' if model.respect_gitignore else 'ignored'}"
