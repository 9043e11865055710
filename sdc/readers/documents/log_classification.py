"""scikit-learn's ``classification_report`` printed (``print(classification_report(y, p))``)
into a log or a ``.txt``::

                  precision    recall  f1-score   support

               0       0.95      0.98      0.96       412
               1       0.60      0.33      0.43         9

        accuracy                           0.94       421
       macro avg       0.77      0.65      0.70       421
    weighted avg       0.94      0.94      0.94       421

The blank lines split it into blocks no table reader took as one: the class labels ``0`` and
``1`` were read as counts (SDC101 at ``count 1``, ``count 0.6``) and the averages left to a
person, while the 9 cases of class 1 went by as a precision. Read here as the table its
``to_csv`` writes (``sdc.readers.layout_classification``): the header, one row per class of
four numbers, ``accuracy`` with its f1 and support columns only, and the averages.
"""

from __future__ import annotations

import re

from sdc.readers.documents.model import TextTable

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_HEAD = re.compile(r"^\s*precision\s+recall\s+f1-score\s+support\s*$")
_ROW = re.compile(rf"^\s*(\S(?:.*?\S)?)\s+({_NUM})\s+({_NUM})\s+({_NUM})\s+({_NUM})\s*$")
_ACCURACY = re.compile(rf"^\s*(accuracy)\s+({_NUM})\s+({_NUM})\s*$")
_LAST = "weighted avg"


def classification_report_tables(section: list[tuple[int, str]]
                                 ) -> tuple[list[TextTable], set[int]]:
    """The classification reports of a log section and the line numbers they take: from the
    header to the ``weighted avg`` line, every line between a class, an average, accuracy or
    blank; anything else and the lines are left to the other readers."""
    tables: list[TextTable] = []
    taken: set[int] = set()
    for at, (first, line) in enumerate(section):
        if not _HEAD.match(line):
            continue
        rows = [["", "precision", "recall", "f1-score", "support"]]
        lines = {first}
        for n, text in section[at + 1:]:
            if not text.strip():
                lines.add(n)
                continue
            if (accuracy := _ACCURACY.match(text)) is not None:
                rows.append([accuracy.group(1), "", "", accuracy.group(2), accuracy.group(3)])
            elif (row := _ROW.match(text)) is not None:
                rows.append(list(row.groups()))
            else:
                break
            lines.add(n)
            if rows[-1][0] == _LAST:
                tables.append(TextTable(index=0, rows=rows, first_line=first))
                taken.update(lines)
                break
    return tables, taken
