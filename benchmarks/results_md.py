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
