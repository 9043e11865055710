"""The pipe a pool's workers send their results through is made deep (``sdc.pool.widened``,
round 39, par39): a worker writes a chunk's results in one go instead of blocking at every
64 KiB until this process's reading thread gets the interpreter back from its main thread.

Counted, not timed: each pool sdc forks (``map_indices``, ``ordered_map`` with ``here``, an
``Apart``) has its results' pipe ``PIPE_BYTES`` deep (Linux's default is 64 KiB: every
one of these fails on a tree without it); a pipe the system refuses to deepen leaves the pool
as it was, with the same results."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from sdc import pool

fcntl = pytest.importorskip("fcntl")
pytestmark = [
    pytest.mark.skipif(pool.start_context().get_start_method() != "fork",
                       reason="the pools fork only where the platform can"),
    pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux's pipe sizes"),
]


def _depth(executor: ProcessPoolExecutor) -> int:
    """How many bytes the executor's results' pipe holds before a writer blocks."""
    reader = executor._result_queue._reader  # type: ignore[attr-defined]
    return int(fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ))


class _Made:
    """Every ``ProcessPoolExecutor`` ``sdc.pool`` makes, and its results' pipe's depth when
    its first item is handed out (its workers fork then; shut down, it forgets the pipe)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.depths: list[int] = []
        self.pools: list[ProcessPoolExecutor] = []
        made = self

        class Kept(ProcessPoolExecutor):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                made.pools.append(self)
                self.first = True

            def submit(self, *args: Any, **kwargs: Any) -> Any:
                if self.first:
                    self.first = False
                    made.depths.append(_depth(self))
                return super().submit(*args, **kwargs)

        monkeypatch.setattr(pool, "ProcessPoolExecutor", Kept)


def _blob(i: int) -> tuple[int, bytes]:
    return i, bytes(200 * 1024)  # a chunk of a few is over Linux's 64 KiB pipe


def _pid(i: int) -> tuple[int, int]:
    return i, os.getpid()


def test_the_pools_results_pipe_is_deep(monkeypatch) -> None:
    made = _Made(monkeypatch)
    got = list(pool.map_indices(_blob, 64, 2, {}))
    assert [i for i, _ in got] == list(range(64)) and {len(b) for _, b in got} == {200 * 1024}
    assert len(made.depths) == 1 and made.depths[0] > 64 * 1024  # Linux's own: 64 KiB
    assert made.depths[0] >= pool.PIPE_BYTES


def test_an_ordered_map_with_here_has_a_deep_pipe(monkeypatch) -> None:
    made = _Made(monkeypatch)
    monkeypatch.setattr(pool, "HERE_FORK_CPU", 0.0)  # any work forks its worker
    got = list(pool.ordered_map(_pid, range(200), 2, here=_pid))
    assert [i for i, _ in got] == list(range(200))
    assert os.getpid() in {pid for _, pid in got} and len({pid for _, pid in got}) == 2
    assert made.depths == [made.depths[0]] and made.depths[0] > 64 * 1024
    assert made.depths[0] >= pool.PIPE_BYTES


def test_an_aparts_process_has_a_deep_pipe(monkeypatch) -> None:
    made = _Made(monkeypatch)
    apart = pool.Apart(lambda: bytes(2 * 1024 * 1024))  # SDC503's result is ~2.2 MiB
    try:
        assert apart.forked
        assert made.depths == [made.depths[0]] and made.depths[0] > 64 * 1024
        assert made.depths[0] >= pool.PIPE_BYTES
        assert apart.result() == bytes(2 * 1024 * 1024)
    finally:
        apart.close()  # its core counted free again (``pool.busy``) whatever was asserted


def test_a_pipe_not_deepened_leaves_the_pool_as_it_was(monkeypatch) -> None:
    # the system refuses (pipe-max-size, the user's pipe pages): the same results, 64 KiB
    made = _Made(monkeypatch)
    real = fcntl.fcntl

    def refuse(fd: int, cmd: int, *args: Any) -> Any:
        if cmd == fcntl.F_SETPIPE_SZ:
            raise PermissionError(1, "Operation not permitted")
        return real(fd, cmd, *args)

    monkeypatch.setattr(fcntl, "fcntl", refuse)
    got = list(pool.map_indices(_blob, 64, 2, {}))
    assert [i for i, _ in got] == list(range(64)) and {len(b) for _, b in got} == {200 * 1024}
    assert made.depths == [64 * 1024]  # Linux's own

    other = ProcessPoolExecutor(max_workers=1, mp_context=pool.start_context())
    try:
        assert not pool.widened(other) and _depth(other) == 64 * 1024
    finally:
        other.shutdown()
