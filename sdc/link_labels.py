"""A label as the linked audit compares it across outputs: one spelling per category.

Why: two outputs of one release link where they publish the same population count under the
same labels (``sdc.linking.LabelCodes``). Compared only case-folded, ``F``/``M`` in one table
and ``Female``/``Male`` in another, or ``18-24`` and ``18 to 24``, were no link: a margin
published in one spelling gave back a cell hidden in the other and both passed (hunt round 35).
Here a label is case-folded, its spaces collapsed, and a few spellings real tools write for one
category given one form: sexes (``F``, ``Female``, ``Females``), answers (``Yes``, ``True``;
``No``, ``False``), whole numbers printed as floats or with leading zeros (``2.0``, as pandas
prints a code or a year of a column that held a missing value, and ``02``, a code kept as text,
for ``2``), numeric ranges (``18-24``, ``18 – 24``, ``18 to 24``) and open ends (``65+``, ``65
and over``). Linking more can only add findings (a false link needs two published cells to
agree before it joins two tables, and costs a review, never a pass); codes (``1``/``0``) and
words of another population (``Girls``, ``Boys``) are left apart; ``Women``/``Men`` are the
sexes (round 36).
"""

from __future__ import annotations

import re
from functools import lru_cache

_SAME = {"f": "female", "females": "female", "m": "male", "males": "male",
         # adults by sex: a table of adults by ``Women``/``Men`` beside one by ``F``/``M``
         # (hunt36): a false link costs a review or a fail, never a pass; ``Girls`` and
         # ``Boys`` stay apart (a table may print them beside ``Women`` and ``Men``)
         "women": "female", "woman": "female", "men": "male", "man": "male",
         "true": "yes", "false": "no"}
# a footnote's mark at a label's end: ``Female¹``, ``Female*``, ``Female†``, ``Female [note 1]``
_MARK = re.compile(r"\s*(?:[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021\u00a7#]+"
                   r"|\[(?:note\s*)?\w{1,3}\])$")
# a variable's name before its level: ``sex: F``, ``sex = F`` (one word, then ``:`` or ``=``)
_NAMED = re.compile(r"^[a-z_][\w.]*\s*[:=]\s*(?=\S)")
# pandas' ``get_dummies`` names a level ``variable_level`` (``sex_F``, ``age_band_18-24``): the
# variable's name, one or more words joined by ``_``, then the level
_DUMMY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?=\S)")
# the levels a dummy's name is read for: a sex, a numeric range, an open end (``18-24``,
# ``65+``). Not answers or codes: two binary variables' dummies in one table
# (``smoker_True``, ``diabetes_True``; ``wave_1``, ``visit_1``) would be one key
_DUMMY_LEVEL = re.compile(r"^(?:female|male|\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?|\+))$")
# a statistic's name before a level names a measure of it (``n_F``, ``mean_F``: both in one
# table), not a dummy's variable
_STATISTICS = frozenset({"n", "count", "counts", "freq", "frequency", "mean", "avg", "average",
                         "sum", "total", "sd", "std", "se", "var", "median", "min", "max",
                         "pct", "percent", "prop", "proportion", "rate", "share", "ratio"})
_NUMBER = r"(\d+(?:\.\d+)?)"
_DASH = "(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2212|to)"  # hyphens, en/em dash, minus
_RANGE = re.compile(rf"^{_NUMBER}\s*{_DASH}\s*{_NUMBER}$")
# a whole number: ``2.0`` (pandas' float print), ``02`` (a code kept as text): as ``2``
_WHOLE = re.compile(r"^(-?)0*(\d+?)(?:\.0+)?$")
_AT_LEAST = re.compile(
    rf"^{_NUMBER}\s*(?:\+|plus|and over|or over|and older|or older|and above)$")


@lru_cache(maxsize=65_536)  # a release's labels repeat on every line of its tables
def link_label(label: str) -> str:
    """``label`` case-folded, its spaces collapsed, in the one spelling of its category. Read
    again it is the same (a worker's labels are coded again by the parent): each step is
    repeated until nothing changes."""
    text = _spelled(label)
    for _ in range(_MAX_STEPS):
        again = _spelled(text)
        if again == text:
            return text
        text = again
    return text


_MAX_STEPS = 16  # each step shortens a label or gives its fixed spelling: a bound, not a limit


def _dummy_level(text: str) -> str | None:
    """The level of a ``get_dummies`` name (``sex_f`` -> ``female``, ``age_band_18-24`` ->
    ``18-24``): the shortest ending after a ``_`` that is one spelled as a sex, a numeric
    range or an open end (``_DUMMY_LEVEL``); None for any other name (``north_east``,
    ``n_patients``, ``smoker_true``)."""
    if _DUMMY.match(text) is None:
        return None
    at = len(text)
    while (at := text.rfind("_", 0, at)) > 0:
        level = _spelled(text[at + 1:])
        if _DUMMY_LEVEL.match(level):
            return None if _STATISTICS & set(text[:at].split("_")) else level
    return None


def _spelled(label: str) -> str:
    text = " ".join(label.casefold().split())
    if (bare := _MARK.sub("", text)) and bare != text:
        text = bare
    if (bare := _NAMED.sub("", text)) and bare != text:
        text = bare
    if "_" in text and (level := _dummy_level(text)) is not None:
        return level
    same = _SAME.get(text)
    if same is not None:
        return same
    if found := _WHOLE.match(text):
        return found[1] + found[2]
    if found := _RANGE.match(text):
        return f"{found[1]}-{found[2]}"
    if found := _AT_LEAST.match(text):
        return f"{found[1]}+"
    return text
