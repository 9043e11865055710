"""request.toml: what the researcher declares about each output (its [[outputs]] entry), outputs
declared but missing, and a request.toml that cannot be read (itself an unreadable output)."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from sdc.outputs import Output
from sdc.readers import REQUEST_FILE, sha256_file
from sdc.request import Request, RequestError, load_request


@dataclass
class RequestDeclarations:
    folder: Path | None
    in_roots: bool  # the folder itself is checked (not only files in it)
    request: Request = field(default_factory=Request)
    error: str | None = None  # why request.toml could not be read

    @classmethod
    def load(cls, folder: Path | None, *, in_roots: bool) -> RequestDeclarations:
        if folder is None or not (folder / REQUEST_FILE).is_file():
            return cls(folder, in_roots)
        try:
            return cls(folder, in_roots, load_request(folder / REQUEST_FILE))
        except RequestError as exc:
            return cls(folder, in_roots, Request(), str(exc))

    def annotate(self, output: Output) -> None:
        output.request = self.request.entry_for(output.path, output.sheet)

    def finish(self, outputs: list[Output]) -> None:
        if self.folder is not None and self.in_roots:
            outputs.extend(self._declared_but_missing(self.folder, {o.path for o in outputs}))
        if self.error is not None and self.folder is not None:
            req = self.folder / REQUEST_FILE
            outputs.insert(0, Output(path=REQUEST_FILE, file=req, extension="toml",
                                     size=req.stat().st_size, sha256=sha256_file(req),
                                     kind="document", unreadable=self.error))

    def _declared_but_missing(self, folder: Path, found: set[str]) -> list[Output]:
        """An ``[[outputs]]`` entry with no file behind it: the reviewer was told about an
        output that is not there (renamed, excluded, forgotten), so a person must look."""
        missing = []
        # a path without a wildcard matches only itself, as fnmatch compares (normcase):
        # looked up, not matched against every file (1,000 entries: 0.5 s -> ~0)
        exact = {os.path.normcase(path) for path in found}
        for entry in self.request.outputs:
            pattern = any(c in entry.path for c in "*?[")
            if entry.path in found or (
                    any(fnmatch.fnmatch(path, entry.path) for path in found) if pattern
                    else os.path.normcase(entry.path) in exact):
                continue
            what = "a pattern no file matches" if pattern else "missing"
            missing.append(Output(
                path=entry.path, file=folder / entry.path,
                extension=Path(entry.path).suffix.lower().lstrip("."), size=0, sha256="",
                kind=entry.kind or "unknown", request=entry.model_dump(exclude_none=True),
                unreadable=f"declared in request.toml but {what} in the release"))
        return missing
