"""HiGHS models as sdc makes them: silent, one thread, optionally with a time limit.

Used by the audit (``sdc.audit``) and by ``sdc.protect``'s kept models: one place that knows the
two things every ``highspy`` model in sdc needs (the banner kept off stdout, one thread).
"""

from __future__ import annotations

import os
import sys

import highspy

_BANNER_SHOWN = False


def quiet_highs(time_limit: float | None = None) -> highspy.Highs:
    """A silent HiGHS instance (``time_limit`` seconds of run time, if given: HiGHS adds up
    the time of every run of an instance, so a kept model's limit is its run time so far plus
    the time left).

    The first one of a process prints HiGHS's banner straight to file descriptor 1, which would
    corrupt ``--format json`` on stdout: that one is built with descriptor 1 pointed at
    /dev/null for the moment it takes. HiGHS's thread pool is global and fixed by the first run
    of the process; every model in sdc asks for one thread, or later runs would fail."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _BANNER_SHOWN = True
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("threads", 1)
    if time_limit is not None:
        h.setOptionValue("time_limit", max(float(time_limit), 1e-3))
    return h
