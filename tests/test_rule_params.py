"""Typed rule parameters: each rule's own Params, and the shared ones resolved once."""

from __future__ import annotations

from sdc.context import CheckContext
from sdc.policy import build_policy
from sdc.rules import REGISTRY
from sdc.rules.base import RuleParams, SharedParams
from sdc.rules.counts import SmallCount
from sdc.rules.files import FileTooLarge


def test_params_by_class_are_that_rules_params() -> None:
    policy = build_policy({"rules": {"small-count": {"threshold": 7}}})
    params = policy.params(SmallCount)
    assert isinstance(params, SmallCount.Params) and params.threshold == 7
    assert isinstance(policy.params(FileTooLarge), FileTooLarge.Params)


def test_every_rule_declares_its_params_class() -> None:
    for rule in REGISTRY.values():
        assert issubclass(rule.Params, RuleParams), rule.code
        assert rule(rule.Params()).params == rule.Params()


def test_shared_params_are_resolved_from_their_rules_once() -> None:
    policy = build_policy({"rules": {"small-count": {"threshold": 5},
                                     "unrounded-count": {"base": 5},
                                     "p-percent": {"p": 0.2}}})
    assert policy.shared == SharedParams(threshold=5, rounding_base=5, p=0.2)
    assert build_policy({}).shared == SharedParams(threshold=10, rounding_base=None, p=0.10)


def test_shared_work_is_done_once_per_key() -> None:
    ctx = CheckContext(policy=build_policy({}))
    made: list[int] = []
    key_a, key_b = object(), object()

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    first = ctx.shared_work(list, key_a, make)
    assert ctx.shared_work(list, key_a, make) is first
    assert ctx.shared_work(list, key_b, make) is not first
    assert len(made) == 2
