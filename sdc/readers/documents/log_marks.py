"""A statistics package log's marks in a file's first bytes: the log reader's sniff.

Apart from the log reader (``sdc.readers.documents.logs``) so that choosing a reader for a
file (``sdc.readers.registry``) loads none of the log's block readers; the reader imports the
same patterns from here, so the sniff and the read never disagree on what a command is.
"""

from __future__ import annotations

import re

STATA_COMMAND = re.compile(r"^\.\s(?!\.)|^\.$")
SAS_PROC = re.compile(r"^\s*The (FREQ|MEANS|UNIVARIATE|SUMMARY|TABULATE|REG|LOGISTIC|GLM) "
                      r"Procedure\s*$", re.M)
_LOG_TYPE = re.compile(r"^\s*log type:\s+(text|smcl)", re.M)


def sniff_log(head: str) -> bool:
    """A log's marks in its first bytes: a Stata log header or SMCL, R prompts around output,
    or a SAS procedure title."""
    if "{smcl}" in head[:200] or _LOG_TYPE.search(head):
        return True
    if SAS_PROC.search(head):
        return True
    lines = head.splitlines()
    r_prompts = sum(1 for line in lines if line.startswith("> "))
    stata_prompts = sum(1 for line in lines if STATA_COMMAND.match(line))
    return (r_prompts >= 2 and "R version" in head[:2000]) or stata_prompts >= 2
