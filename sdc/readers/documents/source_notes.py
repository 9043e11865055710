"""What a source carries that its page never shows, read for numbers: a LaTeX source's
comments and cross-reference keys, a Word document's bookmark names.

Why: a ``.tex`` file leaves the TRE as source. ``% North deaths: 3`` or
``\\label{tab:north-deaths-3}`` is read by whoever opens it as surely as a cell, yet neither is
typeset, so no table or prose reading met it (hunt round 27). A comment is read as prose is,
once the stamps tools write in theirs are set aside (a version, a date: stargazer, xtable); a
key is read as a label is (``tab:model-2`` names its table as ``Model 2`` would, ``north-deaths-3``
ends in a value as ``North deaths 3`` does). A Word bookmark's name (``North_deaths_3``) is a
key too: stored in the file, shown by no page.
"""

from __future__ import annotations

import re

# what tools stamp in their comments: a month's day (``Dec 02``, ``4 Dec``) and an R package's
# version (``xtable 1.8-4``); years, times and dotted versions are prose's own exceptions
_STAMPS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d+\.\d+-\d+\b", re.I)
# the commands whose argument is a key (``\label``, ``\ref``, ``\eqref``, ``\cref``,
# ``\cite``...): one key, or several split by commas
_KEYED = re.compile(r"\\(?:label|(?:eq|page|auto|name|v|c|C|cpage|Cpage|labelc)?ref"
                    r"|[A-Za-z]*cite[A-Za-z]*)\*?\s*(?:\[[^\]]*\]\s*)*\{([^{}]*)\}")
# the kind of thing a key names, before its own name (``tab:``, ``fig:``, ``eq:``)
_KIND = re.compile(r"^(?:tab|table|fig|figure|subfig|eq|eqn|sec|subsec|ssec|app|appx|apx|chap|"
                   r"ch|part|lst|alg|thm|lem|def|prop|cor|rem|ex|fn|note|item|sup|supp|sm|"
                   r"res|mod|model):(?=.)", re.I)
_KEY_SEPARATORS = re.compile(r"[_\-./]+")
_BARE_NUMBER = re.compile(r"\d+(?:[.\-]\d+)*[a-z]?")  # ``3``, ``2.1``, ``2a``: a number of its own


def comment_numbers(comment: str) -> bool:
    """Whether a comment holds a number prose would name (a tool's stamp set aside)."""
    from sdc.readers.documents.reading import numbers_in_prose  # imports the readers

    return numbers_in_prose(_STAMPS.sub(" ", comment)) > 0


def unread_keys(source: str) -> list[tuple[int, str]]:
    """(line, key as words) for each cross-reference key whose numbers a label would not
    explain (``north deaths 3``; not ``tab 2``, ``model 2`` or ``cohort 2020``)."""
    found: list[tuple[int, str]] = []
    for m in _KEYED.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        found.extend((line, words) for key in m.group(1).split(",")
                     if (words := key_not_understood(key)) is not None)
    return found


def key_not_understood(key: str) -> str | None:
    """A key or anchor's name as words when its numbers are not a label's (``north deaths
    3``), else None: ``tab:3`` is the third table, ``north:3`` sets a value off its name as a
    label's colon does, ``_Toc123`` is Word's own (a word with its number glued on)."""
    from sdc.readers.roles import label_text_understood  # imports the layout vocabulary

    name = _KIND.sub("", key.strip(), count=1)
    words = _KEY_SEPARATORS.sub(" ", name).strip()
    if any(c.isdigit() for c in words) and not _BARE_NUMBER.fullmatch(name) \
            and not label_text_understood(words):
        return words
    return None


# words that number what they name (``model 2``, ``wave 3``): a number after them is an
# ordinal, not a value beside a label, even when a table has them as a label
_NUMBERING = frozenset((
    "model", "models", "table", "tab", "figure", "fig", "wave", "waves", "panel", "part",
    "section", "sec", "step", "stage", "phase", "round", "version", "spec", "specification",
    "cohort", "study", "appendix", "chapter", "column", "col", "row", "level", "grade",
    "type", "class", "group", "arm", "visit", "year", "week", "month", "day", "quarter", "q",
    "dose", "period", "sample", "scenario", "analysis", "outcome", "estimate", "equation",
    "eq"))
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)*")
MAX_LABEL_WORDS = 6


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def table_labels(tables: list[list[list[str]]]) -> set[tuple[str, ...]]:
    """The labels of a document's tables (each a list of rows) as word tuples (``('north',
    'east')``): each cell with letters, up to a few words; numbering words (``Model``) and a
    table's first cell (the stub's header, ``Region``: the labels' kind) left out."""
    found: set[tuple[str, ...]] = set()
    for rows in tables:
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                words = tuple(_tokens(cell))
                if (r, c) != (0, 0) and words and len(words) <= MAX_LABEL_WORDS \
                        and any(w.isalpha() for w in words) \
                        and not (len(words) == 1 and words[0] in _NUMBERING):
                    found.add(words)
    return found


def key_beside_label(key: str, labels: set[tuple[str, ...]]) -> str | None:
    """A key's name as words when it sets a number (not a year, not part of the label) right
    beside a label of the document's tables (``tab:north-3``, ``deaths-north-3``,
    ``north3`` beside a table with a ``North`` row), else None. Read as a label, ``North 3``
    would pass (a category numbered 3); beside a table that has ``North``, it is a value for
    it (hunt round 28). ``tab:model-2`` beside ``Model 2`` is the label itself."""
    from sdc.readers.roles import is_year

    name = _KIND.sub("", key.strip(), count=1)
    tokens = _tokens(name)
    numbers = [i for i, t in enumerate(tokens) if t[0].isdigit()
               and not ("." not in t and is_year(float(t)))]
    if not numbers or not labels:
        return None
    spans: list[tuple[int, int, bool]] = []  # (start, end, the label has digits of its own)
    for label in labels:
        n = len(label)
        for s in range(len(tokens) - n + 1):
            if tuple(tokens[s:s + n]) == label:
                spans.append((s, s + n, any(w[0].isdigit() for w in label)))
    for i in numbers:
        if any(s <= i < e and own for s, e, own in spans):
            continue  # ``model 2`` is a label of the table
        if any(e == i or s == i + 1 for s, e, own in spans if not own):
            return " ".join(_TOKEN.findall(name))  # ``south3``: the number on its own
    return None


def keys_beside_labels(source: str, labels: set[tuple[str, ...]]) -> list[tuple[int, str]]:
    """(line, key as words) for each key a label would pass (``unread_keys`` names the
    rest) that sets a number beside a label of the tables (:func:`key_beside_label`)."""
    found: list[tuple[int, str]] = []
    for m in _KEYED.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        found.extend((line, words) for key in m.group(1).split(",")
                     if key_not_understood(key) is None
                     and (words := key_beside_label(key, labels)) is not None)
    return found
