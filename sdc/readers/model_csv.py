"""statsmodels ``summary().as_csv()`` read as the model summary it is.

``as_csv()`` writes the text summary's blocks with a comma between cells (no quoting: the
``Date:`` value keeps its own comma)::

                          OLS Regression Results
    Dep. Variable:   ,y               ,  R-squared:         ,   0.781
    ...
    Df Residuals:    ,   497          ,  BIC:               ,   1445.
             ,   coef   , std err ,    t    ,P>|t| ,  [0.025 ,  0.975]
    Intercept,    0.9293,    0.066,   14.177, 0.000,    0.801,    1.058

Read by the CSV reader as a grid, the blocks of different widths were no table: every fact
and statistic was a number not understood (SDC602 ``review``). Each line with its commas
turned into column gaps is the text summary, read by ``sdc.readers.model_text`` as a ``.txt``
summary is: ``Df Residuals`` gives the dof (SDC301), every line must belong to a block it
recognises, and a line it does not (appended by hand) is named (SDC602) and checked as text,
as the file wrote it. A file not starting with the title line, or larger than a summary can
be, is left to the CSV reader (None).
"""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.base import ReadOptions
from sdc.readers.evidence import MAX_MODEL_TEXT, model_outputs
from sdc.readers.model_text import parse_model_text, statsmodels_title


def read_statsmodels_csv(output: Output, options: ReadOptions) -> list[Output] | None:
    """The outputs of a statsmodels summary saved with ``as_csv()``, or None if it is not
    one (the CSV reader then reads the file)."""
    try:
        if output.file.stat().st_size > MAX_MODEL_TEXT:
            return None  # a summary is a few kB: nothing past the limit goes unread
        with output.file.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
        first = next((line for line in head.splitlines() if line.strip()), "")
        if "," in first or not statsmodels_title(first):
            return None  # the title is a line of its own, with no cell beside it
        text = output.file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if "," not in text:
        return None  # the text summary (as_text) in a .csv: a document's
    lines = text.splitlines()
    parsed = parse_model_text("\n".join(line.replace(",", "  ") for line in lines))
    if parsed is None or parsed.family != "statsmodels":
        return None
    return model_outputs(output, options, parsed, lines)
