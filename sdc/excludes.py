"""Which files a folder check skips: the checker's excludes and, in a repository, .gitignore.

An exclude is the checker's choice (the command line, the CI job), never something from inside
a release request: a ``.gitignore`` beside the outputs is written by the researcher and could
hide an output. So ``.gitignore`` files count only in a git work tree (files git ignores never
leave through git) and never inside a release request (a folder with ``request.toml`` leaves
through ``sdc release``, which copies every file); inside a release request the default names
(``.git``, ``node_modules``...) skip nothing either, only the checker's own patterns do. The
release workflow (``sdc request submit``, ``sdc release``) takes no excludes at all. Patterns
use gitignore syntax (pathspec). Every skipped path is recorded, with what skipped it, and
every report lists them: an exclude (from the command line or a policy file, which in a
repository the researcher may have written) never exempts an output silently. A checker's
policy with ``allow_excludes = false`` turns all of this off (see ``sdc.policy``): then every
file is checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathspec is imported by the walk: `sdc --help` needs only the defaults
    from pathspec import GitIgnoreSpec

    from sdc.policy import Policy

DEFAULT_EXCLUDES = (".git", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".mypy_cache")
GITIGNORE = ".gitignore"
REQUEST_FILE = "request.toml"
SUBFOLDER = ("a sub-folder, not in the release of a file named without request.toml (its "
             "folder's own files)")


@dataclass
class Excludes:
    """The checker's patterns (``--exclude`` replaces the defaults, ``--extend-exclude`` adds)
    and whether ``.gitignore`` files count; ``skipped`` collects what a walk left out."""

    patterns: Sequence[str] = DEFAULT_EXCLUDES
    gitignore: bool = True
    skipped: list[str] = field(default_factory=list)
    # where the patterns come from, in order ("default", "--exclude", a policy file...), to
    # say in the report what skipped each path; the patterns together decide
    origins: Sequence[tuple[str, Sequence[str]]] = ()
    reasons: dict[str, str] = field(default_factory=dict)  # skipped path -> what skipped it
    # repository plumbing (workflows, pre-commit, pyproject...) in a git work tree, by name and
    # content (sdc.repository_files); like every exclude, listed in the reports
    repository_files: bool = True
    # False: the folder's own files only, each sub-folder listed as skipped (the release of a
    # file named without request.toml: ``sdc.release_context``)
    subfolders: bool = True

    @classmethod
    def from_options(cls, exclude: Iterable[str] | None, extend: Iterable[str] | None,
                     *, gitignore: bool = True) -> Excludes:
        base = list(exclude) if exclude is not None else list(DEFAULT_EXCLUDES)
        origins = [("--exclude" if exclude is not None else "default", base),
                   ("--extend-exclude", list(extend or []))]
        return cls(patterns=[*base, *(extend or [])], gitignore=gitignore,
                   origins=[o for o in origins if o[1]])

    @classmethod
    def for_check(cls, policy: Policy, exclude: Iterable[str] | None,
                  extend: Iterable[str] | None, gitignore: bool | None) -> Excludes | None:
        """The excludes of ``sdc check``: the command line over the policy file over the
        defaults, like ruff (``--exclude`` replaces the policy's ``exclude``, which replaces the
        defaults; ``extend_exclude`` and ``--extend-exclude`` add). None when the policy
        forbids excludes: every file is checked."""
        model = policy.model
        if not model.allow_excludes:
            return None
        where = f"policy {policy.source}"
        base: tuple[str, list[str]] = ("default", list(DEFAULT_EXCLUDES))
        if exclude is not None:
            base = ("--exclude", list(exclude))
        elif model.exclude is not None:
            base = (f"exclude in {where}", list(model.exclude))
        origins = [base, (f"extend_exclude in {where}", list(model.extend_exclude)),
                   ("--extend-exclude", list(extend or []))]
        origins = [o for o in origins if o[1]]
        return cls(patterns=[p for _, pats in origins for p in pats],
                   gitignore=model.respect_gitignore if gitignore is None else gitignore,
                   origins=origins)

    def _record(self, rel: str, reason: str) -> None:
        self.skipped.append(rel)
        self.reasons[rel] = reason

    def _origin(self, rel: str) -> str:
        """Which source's patterns match ``rel`` (the first that does)."""
        from pathspec import GitIgnoreSpec

        for name, patterns in self.origins:
            if GitIgnoreSpec.from_lines(patterns).match_file(rel):
                return name
        return "exclude patterns"

    def _chosen(self) -> GitIgnoreSpec:
        """The patterns a checker chose (the command line, a policy), without the defaults."""
        from pathspec import GitIgnoreSpec

        return GitIgnoreSpec.from_lines([p for name, patterns in self.origins
                                         if name != "default" for p in patterns])

    def walk(self, root: Path) -> Iterator[Path]:
        """Files under ``root`` that are not excluded, in sorted order. A symbolic link to a
        folder is not followed but yielded, so the reader reports it instead of losing it."""
        from pathspec import GitIgnoreSpec

        checker = GitIgnoreSpec.from_lines(self.patterns)
        tree = _work_tree(root)
        repo = tree if self.gitignore else None
        inherited = _gitignores_above(root, repo) if repo is not None else []
        plumbing = tree if self.repository_files and not _in_request(root, tree) else None
        found: list[Path] = []
        self._walk(root, root, root.resolve(), checker, inherited, repo is not None, found,
                   plumbing)
        yield from sorted(found)

    def _walk(self, root: Path, folder: Path, absolute: Path, checker: GitIgnoreSpec,
              ignores: list[tuple[Path, GitIgnoreSpec]], in_repo: bool,
              found: list[Path], plumbing: Path | None = None) -> None:
        """``absolute``: ``folder`` spelled from the resolved root (ignore bases are too);
        ``plumbing``: the work tree's top while repository files may be skipped."""
        if (folder / REQUEST_FILE).is_file():
            # a release request: the researcher's .gitignore hides nothing, and every file
            # in it leaves through `sdc release`, repository-like or not; nor do the default
            # names (a patient list under node_modules/ leaves with the rest): only the
            # checker's own patterns skip anything
            in_repo, ignores, plumbing = False, [], None
            checker = self._chosen()
        if in_repo and (folder / GITIGNORE).is_file():
            ignores = [*ignores, (absolute, _read_gitignore(folder / GITIGNORE))]
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            found.append(folder)  # unreadable folder: the reader reports it
            return
        for entry in entries:
            path = Path(entry.path)
            is_dir = entry.is_dir(follow_symlinks=False)
            slash = "/" if is_dir else ""
            rel = path.relative_to(root).as_posix() + slash
            inside = absolute / entry.name
            if checker.match_file(rel):
                self._record(rel, self._origin(rel))
                continue
            if _git_ignores(ignores, inside, slash):
                self._record(rel, ".gitignore")
                continue
            if is_dir and not self.subfolders:
                self._record(rel, SUBFOLDER)
                continue
            if is_dir:
                self._walk(root, path, inside, checker, ignores, in_repo, found, plumbing)
                continue
            what = _repository_file(path, inside, plumbing)
            if what is not None:
                self._record(rel, f"repository file: {what}")
            else:
                found.append(path)


def _repository_file(path: Path, absolute: Path, top: Path | None) -> str | None:
    """What repository file ``path`` is, when repository files may be skipped here."""
    if top is None:
        return None
    from sdc.repository_files import repository_file

    return repository_file(path, absolute.relative_to(top).as_posix())


def _in_request(root: Path, tree: Path | None) -> bool:
    """Whether ``root`` lies in a release request (``request.toml`` at or above it, up to the
    work tree's top)."""
    resolved = root.resolve()
    for folder in [resolved, *resolved.parents]:
        if (folder / REQUEST_FILE).is_file():
            return True
        if folder == tree or tree is None:
            return False
    return False


def _git_ignores(ignores: list[tuple[Path, GitIgnoreSpec]], path: Path, slash: str) -> bool:
    """Git's answer: the deepest .gitignore with a matching pattern decides (so a nested
    ``!name`` re-includes a file, and sdc checks what git would commit)."""
    for base, spec in reversed(ignores):
        decision = spec.check_file(path.relative_to(base).as_posix() + slash).include
        if decision is not None:
            return decision
    return False


def _work_tree(path: Path) -> Path | None:
    """The git work tree holding ``path`` (a folder with ``.git``), if any."""
    for folder in [path.resolve(), *path.resolve().parents]:
        if (folder / ".git").exists():
            return folder
    return None


def _gitignores_above(root: Path, repo: Path) -> list[tuple[Path, GitIgnoreSpec]]:
    """The .gitignore files from the work tree's top down to ``root``'s parent; none when a
    release request (request.toml) lies on that path."""
    resolved = root.resolve()
    above = [p for p in reversed(resolved.parents) if p == repo or repo in p.parents]
    if any((p / REQUEST_FILE).is_file() for p in above):
        return []
    return [(folder, _read_gitignore(folder / GITIGNORE)) for folder in above
            if (folder / GITIGNORE).is_file()]


def _read_gitignore(path: Path) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return GitIgnoreSpec.from_lines([])  # an unreadable .gitignore hides nothing
