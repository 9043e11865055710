"""Load and validate the policy (rules.toml): parameters, profiles, rule selection, waivers.

Layering: built-in defaults <- the file's top-level values <- the selected profile (built-in
profile merged with the file's own ``[profiles.NAME]``). Every error names the offending key
(``rules.small-count.threshold``) so a TRE administrator can fix it; the CLI exits 2 on it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from sdc.profiles import PROFILES
from sdc.readers.base import ReadOptions
from sdc.readers.values import MarkerSet
from sdc.rules import REGISTRY, Rule
from sdc.rules.base import RuleParams

DEFAULT_MARKERS = ["*", "<5", "[c]", "[x]", "[z]", "..", "-", "REDACTED", ""]
DEFAULT_TOTAL_LABELS = ["Total", "All", "Overall", "Grand total", "Totals", "All persons"]
ALWAYS_ON = {"SDC602"}  # fail closed: an unreadable output can never silently pass


class PolicyError(Exception):
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
    return create_model(  # type: ignore[call-overload]
        "RulesConfig", __config__=ConfigDict(extra="forbid", frozen=True), **fields
    )


RulesConfig = _rules_model()


class WorkflowConfig(BaseModel):
    """The release workflow's settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reviewers: int = Field(2, ge=1)


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
    workflow: WorkflowConfig = Field(default_factory=WorkflowConfig)
    profiles: dict[str, dict[str, Any]] = Field(default_factory=dict)


@dataclass
class Policy:
    """The effective policy of a run."""

    model: PolicyModel
    source: str = "built-in"
    sha256: str = ""
    enabled: dict[str, bool] = field(default_factory=dict)

    @property
    def profile(self) -> str:
        return self.model.profile

    def params(self, rule: type[Rule] | str) -> RuleParams:
        name = rule if isinstance(rule, str) else rule.name
        return getattr(self.model.rules, name)

    def is_enabled(self, rule: type[Rule]) -> bool:
        return self.enabled.get(rule.code, False) and self.params(rule).status != "off"

    def read_options(self) -> ReadOptions:
        """What the readers need of this policy: markers, total labels and file limits."""
        limits = self.params("file-too-large")
        return ReadOptions(
            markers=MarkerSet(self.model.markers),
            total_labels=tuple(self.model.total_labels),
            max_bytes=limits.max_bytes,  # type: ignore[attr-defined]
            max_rows=limits.max_rows,  # type: ignore[attr-defined]
            max_columns=limits.max_columns,  # type: ignore[attr-defined]
            max_unpacked_bytes=limits.max_unpacked_bytes,  # type: ignore[attr-defined]
            max_compression_ratio=limits.max_compression_ratio,  # type: ignore[attr-defined]
        )

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
    name = profile or raw.get("profile") or "default"
    if not isinstance(name, str):
        raise PolicyError(f"profile: must be a string (got {name!r})")
    known = set(PROFILES) | set(file_profiles)
    if name not in known:
        raise PolicyError(f"profile: unknown profile {name!r} (known: {', '.join(sorted(known))})")

    base = {k: v for k, v in raw.items() if k != "profiles"}
    overlay = _deep_merge(PROFILES.get(name, {}), file_profiles.get(name, {}) or {})
    for key in overlay:
        if key not in ("rules", "description", "source", "markers", "total_labels"):
            raise PolicyError(f"profiles.{name}.{key}: unknown key")
    overlay = {k: v for k, v in overlay.items() if k not in ("description", "source")}
    # Validate each profile overlay on its own first so errors name the profile's key.
    for pname, pdata in file_profiles.items():
        if not isinstance(pdata, dict):
            raise PolicyError(f"profiles.{pname}: must be a table")
        try:
            PolicyModel.model_validate(
                {k: v for k, v in pdata.items() if k not in ("description", "source")}
            )
        except ValidationError as exc:
            raise PolicyError(_explain(exc, f"profiles.{pname}")) from None
    merged = _deep_merge(base, overlay)
    merged["profile"] = name
    try:
        model = PolicyModel.model_validate(merged)
    except ValidationError as exc:
        raise PolicyError(_explain(exc)) from None
    for code in ALWAYS_ON:
        if getattr(model.rules, REGISTRY[code].name).status == "off":
            raise PolicyError(
                f"rules.{REGISTRY[code].name}.status: cannot be 'off' — an output sdc cannot "
                "read must never pass unseen"
            )
    for i, waiver in enumerate(model.waivers):
        if waiver.rule not in REGISTRY and waiver.rule not in {r.name for r in REGISTRY.values()}:
            raise PolicyError(f"waivers[{i}].rule: unknown rule {waiver.rule!r}")
    model.profiles = file_profiles
    enabled = _resolve_selection(model)
    digest = sha256 or hashlib.sha256(
        json.dumps(model.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    return Policy(model=model, source=source, sha256=digest, enabled=enabled)


def load_policy(path: str | Path | None = None, *, profile: str | None = None,
                search_dir: Path | None = None) -> Policy:
    """Load ``path``, else ``rules.toml`` in ``search_dir`` (default: the current directory),
    else the built-in defaults."""
    if path is None:
        candidate = (search_dir or Path.cwd()) / "rules.toml"
        if candidate.is_file():
            path = candidate
    if path is None:
        return build_policy({}, profile=profile)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc.strerror or exc}") from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: not valid TOML: {exc}") from None
    return build_policy(raw, profile=profile, source=str(path),
                        sha256=hashlib.sha256(data).hexdigest())
