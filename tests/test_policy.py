"""The policy: validation errors name the key, profiles, selection, waivers, rules.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sdc.policy import PolicyError, build_policy, load_policy
from sdc.profiles import PROFILES
from sdc.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"rules": {"small-count": {"threshold": "ten"}}}, "rules.small-count.threshold"),
        ({"rules": {"small-count": {"threshold": 0}}}, "rules.small-count.threshold"),
        ({"rules": {"small-count": {"treshold": 10}}}, "rules.small-count.treshold: unknown key"),
        ({"rules": {"smal-count": {}}}, "rules.smal-count: unknown key"),
        ({"rules": {"group-disclosure": {"share": 1.5}}}, "rules.group-disclosure.share"),
        ({"rules": {"zero-count": {"status": "maybe"}}}, "rules.zero-count.status"),
        ({"colour": "red"}, "colour: unknown key"),
        ({"waivers": [{"rule": "SDC101", "path": "*"}]}, "waivers[0].reason"),
        ({"waivers": [{"rule": "SDC101", "reason": "  "}]}, "waivers[0].reason"),
        ({"waivers": [{"rule": "SDC999", "reason": "x"}]}, "waivers[0].rule"),
        ({"select": ["SDC9"]}, "select[0]"),
        ({"ignore": ["nonsense"]}, "ignore[0]"),
        ({"profile": "nope"}, "profile: unknown profile 'nope'"),
        ({"rules": {"unreadable-output": {"status": "off"}}}, "rules.unreadable-output.status"),
        ({"profiles": {"mine": {"rules": {"small-count": {"threshold": -1}}}}, "profile": "mine"},
         "profiles.mine.rules.small-count.threshold"),
    ],
)
def test_errors_name_the_key(raw: dict, key: str) -> None:
    with pytest.raises(PolicyError) as info:
        build_policy(raw)
    assert key in str(info.value)


def test_rules_toml_equals_builtin_defaults_for_every_profile() -> None:
    raw = tomllib.loads((ROOT / "rules.toml").read_text(encoding="utf-8"))
    for name in PROFILES:
        from_file = build_policy(raw, profile=name).effective_params()
        builtin = build_policy({}, profile=name).effective_params()
        assert from_file == builtin, name


def test_rules_toml_documents_every_rule_and_parameter() -> None:
    text = (ROOT / "rules.toml").read_text(encoding="utf-8")
    for rule in REGISTRY.values():
        assert f"[rules.{rule.name}]" in text, rule.name
        for param in rule.Params.model_fields:
            assert f"{param} =" in text, f"{rule.name}.{param}"


@pytest.mark.parametrize(
    ("profile", "threshold", "zero_status", "base"),
    [("default", 10, "fail", None), ("acro", 10, "fail", None), ("opensafely", 8, "review", 5),
     ("essnet", 10, "review", None), ("ukllc", 10, "fail", None)],
)
def test_profiles(profile: str, threshold: int, zero_status: str, base: int | None) -> None:
    policy = build_policy({}, profile=profile)
    assert policy.params("small-count").threshold == threshold
    assert policy.params("zero-count").status == zero_status
    assert policy.params("unrounded-count").base == base


def test_profile_from_file_key_and_override_by_argument() -> None:
    assert build_policy({"profile": "opensafely"}).profile == "opensafely"
    assert build_policy({"profile": "opensafely"}, profile="ukllc").profile == "ukllc"


def test_profile_overlays_file_values_and_file_can_extend_a_profile() -> None:
    raw = {"rules": {"small-count": {"threshold": 12}},
           "profiles": {"opensafely": {"rules": {"small-count": {"threshold": 6}}}}}
    assert build_policy(raw).params("small-count").threshold == 12
    assert build_policy(raw, profile="opensafely").params("small-count").threshold == 6


def test_select_and_ignore_like_ruff() -> None:
    policy = build_policy({"select": ["SDC1"], "ignore": ["zero-count"]})
    on = {code for code, cls in REGISTRY.items() if policy.is_enabled(cls)}
    assert "SDC101" in on and "SDC103" in on
    assert "SDC102" not in on
    assert "SDC604" not in on
    assert "SDC602" in on  # fail closed: always on


def test_policy_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text("[rules.small-count\nthreshold = 3\n")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.toml")


def test_policy_hash_is_the_file_hash(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "rules.toml"
    path.write_bytes(b'profile = "essnet"\n')
    policy = load_policy(path)
    assert policy.sha256 == hashlib.sha256(b'profile = "essnet"\n').hexdigest()
    assert policy.source == str(path)


def test_unused_waiver_is_reported(check_files) -> None:
    result = check_files(
        {"t.csv": "grp,n\na,12\nb,25\n"},
        {"waivers": [{"rule": "SDC101", "path": "t.csv", "cell": "B2", "reason": "ok"}]},
    )
    assert result.status.value == "pass"
    assert result.unused_waivers == [
        {"source": "policy", "rule": "SDC101", "path": "t.csv", "cell": "B2", "reason": "ok"}]
    assert result.to_dict()["unused_waivers"][0]["cell"] == "B2"


def test_waiver_reason_is_shown(check_files) -> None:
    result = check_files(
        {"t.csv": "grp,n\na,3\nb,25\nc,30\n"},
        {"waivers": [{"rule": "small-count", "path": "*.csv", "reason": "published already"}]},
    )
    (finding,) = result.findings
    assert finding.status.value == "review"
    assert finding.waiver == "published already"
    assert finding.to_dict()["waiver"] == "published already"
    assert result.unused_waivers == []
