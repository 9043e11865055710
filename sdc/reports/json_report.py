"""``--format json``: the result exactly as DESIGN.md specifies (``sdc.result/1``).

A check of a thousand files gives a report of about 15 MB; the standard library's encoder with
``indent`` runs in pure Python and took seconds for it. orjson (C, with an indent option) writes
the same document; NaN and infinities become ``null`` as before, numpy scalars their values, and
non-ASCII text is escaped as ``\\uXXXX`` like ``json.dump``'s default, so the file stays ASCII
whatever the stream's encoding. What orjson refuses (an integer beyond 64 bits) falls back to
the standard library.

The document is written an output at a time (:func:`write_json`): 100 long tables of 1 MiB
give 139,000 findings and 79 MB of JSON, and the whole document as dicts, then as orjson's
bytes, its text and the stream's encoded copy was the check's last peak (issue 14 §3).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import orjson

from sdc.reports.json_text import ascii_escaped
from sdc.results import OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def write_json(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    # json stays in the TRE like the HTML/XLSX reports, so it carries evidence by design.
    for piece in pieces(result):
        stream.write(piece)
    stream.write("\n")


# the one line of the document's top level that holds the outputs, written without them
_OUTPUTS = '\n  "outputs": []'
# an output's own document indented to its place in the list (two levels down)
_IN_LIST = "\n    "


class _Later:
    """An output in the run's document before its own part is written: the run reads its
    status and findings (the summary, the declarations) from the output itself, and its
    dict is made only when :func:`pieces` writes it. Its status is read once for both the
    run's status and its summary (each a pass over its findings; round 50, tail50)."""

    __slots__ = ("_status", "output")

    def __init__(self, output: OutputResult) -> None:
        self.output = output
        self._status: Status | None = None

    @property
    def status(self) -> Status:
        if self._status is None:
            self._status = self.output.status
        return self._status

    def __getattr__(self, name: str) -> Any:
        return getattr(self.output, name)

    def to_dict(self, *, with_evidence: bool = True) -> _Later:
        return self


def pieces(result: RunResult, *, with_evidence: bool = True) -> Iterator[str]:
    """``dumps(result.to_dict(with_evidence=...))`` in pieces, the same text: the document
    without its outputs, then each output's dict made, dumped and let go in turn. Why: the
    whole document held at once (every finding's dict, then its text three times) was
    ~3 times the report's size (a 79 MB report: ~250 MiB), the last peak of a check of many
    long tables. JSON text holds no raw newline, so a part is indented to its place by its
    newlines. A part orjson refuses is that part's standard-library text (the same values;
    the other parts keep orjson's spelling of floats)."""
    later = copy.copy(result)
    later.outputs = [_Later(output) for output in result.outputs]  # type: ignore[misc]
    data = later.to_dict(with_evidence=with_evidence)
    outputs = data.get("outputs")
    if not outputs or not all(isinstance(item, _Later) for item in outputs):
        yield dumps(result.to_dict(with_evidence=with_evidence))  # not as expected: whole
        return
    data["outputs"] = []
    head = dumps(data)
    del data
    if head.count(_OUTPUTS) != 1:
        yield dumps(result.to_dict(with_evidence=with_evidence))
        return
    before, after = head.split(_OUTPUTS)
    yield before + _OUTPUTS[:-1] + _IN_LIST
    for k, item in enumerate(outputs):
        part = _listed(item.output.to_dict(with_evidence=with_evidence))
        yield "," + _IN_LIST + part if k else part
        del part
    yield "\n  ]" + after


# an output's dict dumped as the one item of a list, under a key of a document: its text is
# then indented to its place in the run's outputs, between these two
_WRAP_HEAD, _WRAP_TAIL = '{\n  "o": [\n    ', "\n  ]\n}"


def _listed(data: dict[str, Any]) -> str:
    """``dumps(data)`` indented to its place in the run's list of outputs, its lines after
    the first by two levels. Dumped so by orjson (a slice of its text) rather than by
    replacing every newline of it (~0.02 s of a 23 MB report; round 50, tail50); the text is
    the same, and made so when the wrapped text is not as expected."""
    text = dumps({"o": [data]})
    if text.startswith(_WRAP_HEAD) and text.endswith(_WRAP_TAIL):
        return text[len(_WRAP_HEAD):-len(_WRAP_TAIL)]
    return dumps(data).replace("\n", _IN_LIST)


def dumps(data: object) -> str:
    """The document as indented, ASCII-only JSON text (no trailing newline)."""
    try:
        text = orjson.dumps(data, default=_default, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(json_safe(data), indent=2, default=_default, allow_nan=False)
    return ascii_escaped(text, delete=False)


def _default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def json_safe(value: object) -> object:
    """Replace NaN/inf (not valid JSON) with null, recursively."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
