"""Write one benchmark's section of benchmarks/RESULTS.md without touching the others."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine_line() -> str:
    return (f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
            f"{sys.version.split()[0]}; date {dt.date.today().isoformat()}.")


def write_section(title: str, body: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    heading = f"## {title}"
    block = f"{heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(block + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")


def load_change(start: tuple[float, float, float]) -> str:
    """The load averages (1, 5, 15 min) from ``start`` (``os.getloadavg()`` when the run
    began) to now, as ``a→b`` each: the figure a shared machine's run is read beside."""
    return ", ".join(f"{a:.1f}→{b:.1f}" for a, b in zip(start, os.getloadavg(), strict=True))


def finish(text: str, load_start: tuple[float, float, float], *, write: bool, command: str,
           reading: str, title: str) -> None:
    """Print a run's table with the load over it and, with ``--write``, put it in its section
    of RESULTS.md under the command, the machine and what to read on a shared machine."""
    load = load_change(load_start)
    print(text)
    print(f"load average (1, 5, 15 min) start→end: {load}")
    if write:
        write_section(title, f"Command: `{command}`. {machine_line()} Load average (1/5/15 "
                             f"min) start→end: {load} (2 cores shared with other sessions: "
                             f"{reading}).\n\n{text}")
