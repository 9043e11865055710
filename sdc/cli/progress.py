"""A progress bar that appears only when a check takes more than a second (stderr, TTY only):
short checks stay quiet, long ones show they are alive."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

DELAY_SECONDS = 1.0


class DelayedProgress:
    """The engine's progress callback ``(done, total, name)``; starts drawing after the delay."""

    def __init__(self, console: Console, delay: float = DELAY_SECONDS,
                 clock: Any = time.monotonic) -> None:
        self.console = console
        self.delay = delay
        self.clock = clock
        self.started_at = clock()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            if self.clock() - self.started_at < self.delay:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), console=self.console,
                                transient=True)
            self.task = self.bar.add_task("", total=total)
            self.bar.start()
        self.bar.update(self.task, completed=done, total=total, description=name[-40:])

    @property
    def shown(self) -> bool:
        return self.bar is not None

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
