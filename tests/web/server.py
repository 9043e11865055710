"""Start ``sdc serve`` as a real process on a free localhost port (for the browser and the
concurrency tests), and stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(ledger: str, workspaces: Path, releases: Path,
                   timeout: float = 60.0) -> Iterator[str]:
    """The base URL of a ``sdc serve`` process serving ``ledger``; stopped on exit."""
    port = free_port()
    log = releases.parent / f"serve-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sdc", "serve", "--ledger", ledger, "--port", str(port),
             "--workspaces", str(workspaces), "--releases", str(releases)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"sdc serve exited: {log.read_text(errors='replace')}")
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"sdc serve did not start: {log.read_text()}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
