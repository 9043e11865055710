"""Repository plumbing: the few configuration files of a git repository that are not outputs.

``sdc check .`` at the top of a repository (the GitHub Action's default) meets files that every
repository has and no release contains: GitHub workflows, the pre-commit configuration,
``pyproject.toml``, ``.gitignore``. Read as outputs they fail SDC601 (type not allowed) and turn
every gate red. A folder check skips them, but only when both the name and the content say so:

- the name is one of a fixed list, at its place in the git work tree (``.github/workflows/*.yml``,
  not ``outputs/x.yml``); nothing in the repository can extend the list;
- the content is what that name holds: small UTF-8 text that parses as the format and has the
  shape of that tool's file (a workflow is a YAML mapping with ``jobs`` and only a workflow's
  top-level keys; ``pyproject.toml`` has only ``[project]``, ``[build-system]``, ``[tool]``...).
  A table saved under such a name does not parse into that shape, so it is checked as usual;
  ``.gitignore``-like files (free text) must hold no line with a number beside a delimiter.

Every skipped file is listed in every report ("repository file: ..."), like any exclude, and a
checker's policy with ``allow_excludes = false`` checks them too (``sdc.excludes``). Inside a
release request (a folder with ``request.toml``) nothing is plumbing: ``sdc release`` copies
every file of it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

MAX_BYTES = 256 * 1024  # a configuration file; anything larger is checked as an output

# top-level keys of each tool's file (their documented schemas)
WORKFLOW_KEYS = frozenset({"name", "run-name", "on", True, "permissions", "env", "defaults",
                           "concurrency", "jobs"})  # YAML 1.1 reads a bare `on` as True
DEPENDABOT_KEYS = frozenset({"version", "updates", "registries", "enable-beta-ecosystems",
                             "multi-ecosystem-groups"})
PRE_COMMIT_KEYS = frozenset({"repos", "default_install_hook_types", "default_language_version",
                             "default_stages", "files", "exclude", "fail_fast",
                             "minimum_pre_commit_version", "ci"})
PYPROJECT_KEYS = frozenset({"build-system", "project", "tool", "dependency-groups"})
# a number next to a delimiter: a table row, never a .gitignore or .gitattributes line
_TABLE_ROW = re.compile(r"\d\s*[,;\t|]|[,;\t|]\s*-?\d")


def _yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _toml(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _mapping_with(data: Any, allowed: frozenset[Any], required: str) -> bool:
    return isinstance(data, dict) and required in data and set(data) <= allowed


def is_workflow(text: str) -> bool:
    return _mapping_with(_yaml(text), WORKFLOW_KEYS, "jobs")


def is_dependabot(text: str) -> bool:
    return _mapping_with(_yaml(text), DEPENDABOT_KEYS, "version")


def is_pre_commit_config(text: str) -> bool:
    return _mapping_with(_yaml(text), PRE_COMMIT_KEYS, "repos")


def is_pre_commit_hooks(text: str) -> bool:
    data = _yaml(text)
    return (isinstance(data, list) and bool(data)
            and all(isinstance(h, dict) and {"id", "entry"} <= set(h) for h in data))


def is_pyproject(text: str) -> bool:
    data = _toml(text)
    return data is not None and bool(data) and set(data) <= PYPROJECT_KEYS


def is_policy_file(text: str) -> bool:
    """An sdc policy (``sdc.toml``/``rules.toml``): only a policy's top-level keys."""
    from sdc.policy import PolicyModel

    data = _toml(text)
    return data is not None and set(data) <= set(PolicyModel.model_fields)


def is_pattern_list(text: str) -> bool:
    """``.gitignore``-like files: lines of patterns, none of which looks like a table row."""
    return not any(_TABLE_ROW.search(line) for line in text.splitlines()
                   if not line.lstrip().startswith("#"))


@dataclass(frozen=True)
class Plumbing:
    """One kind of repository file: where it lives (globs on the path from the work tree's
    top; ``**/`` in any folder), what it is, and the test its content must pass."""

    places: tuple[str, ...]
    what: str
    fits: Callable[[str], bool]

    def matches(self, rel: PurePosixPath) -> bool:
        return any(_at(rel, place) for place in self.places)


def _at(rel: PurePosixPath, place: str) -> bool:
    if place.startswith("**/"):
        return rel.match(place[3:])
    return len(rel.parts) == len(PurePosixPath(place).parts) and rel.match(place)


PLUMBING = (
    Plumbing((".github/workflows/*.yml", ".github/workflows/*.yaml"), "GitHub workflow",
             is_workflow),
    Plumbing((".github/dependabot.yml", ".github/dependabot.yaml"), "Dependabot configuration",
             is_dependabot),
    Plumbing((".pre-commit-config.yaml",), "pre-commit configuration", is_pre_commit_config),
    Plumbing((".pre-commit-hooks.yaml",), "pre-commit hooks", is_pre_commit_hooks),
    Plumbing(("pyproject.toml",), "Python project file", is_pyproject),
    Plumbing(("sdc.toml", "rules.toml"), "sdc policy", is_policy_file),
    Plumbing(("**/.gitignore", "**/.gitattributes", ".gitmodules"), "git configuration",
             is_pattern_list),
)


def _text(path: Path) -> str | None:
    """The file as UTF-8 text, or None when it is large, binary or not UTF-8."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def repository_file(path: Path, rel: str) -> str | None:
    """What repository file ``path`` is (``rel``: its path from the work tree's top), or None
    when it is not one by name and content alike — then it is checked as an output."""
    where = PurePosixPath(rel)
    kinds = [kind for kind in PLUMBING if kind.matches(where)]
    if not kinds or path.is_symlink():
        return None
    text = _text(path)
    if text is None:
        return None
    return next((kind.what for kind in kinds if kind.fits(text)), None)
