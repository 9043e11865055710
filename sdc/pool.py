"""A forked process pool that returns results in order (``sdc check -j N``).

Workers are forked where the platform allows, so they inherit the parent's state (files, the
policy, outputs already read, a rule's closures) without pickling it; only results travel
back. This process is one of the ``jobs``: it forks ``jobs - 1`` workers and, instead of
waiting for them, does chunks of the items itself, from the back while they take the front.
Results are gathered in index order, so a pooled run returns what the serial loop returns,
in the same order. A pool that breaks (a worker killed, out of memory) is not trusted: what
it had not returned is done here. No sdc module is imported here, so rules
and the engine alike may use it.

What a worker sends back travels as one pickled blob per chunk, unpickled here in the thread
that asked for it with the collector paused (:func:`loads`): the blob is thousands of new
objects (tables, findings) that all stay alive, and the young-generation collections its
load would otherwise set off walk them again and again (SDC503's 10,700 findings on a
1,000-table release: 0.09-0.17 s to load with the collector running, 0.06-0.07 s paused).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Generic, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["MIN_ITEMS_FOR_POOL", "Apart", "default_jobs", "import_beside", "loads", "map_indices",
           "ordered_map", "resume_serially", "sending"]

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS_FOR_POOL = 32  # below this, starting workers costs more than it saves
# results a pool's workers sent back that this process has not taken yet, past which they
# are handed no more chunks: a worker runs ahead of this process (:class:`_Feed`), and a
# streamed read's results are large (its tables' systems: issue 14 §3's 1 GB)
HELD_BYTES = 32 * 1024 * 1024
TASK: dict[str, Any] = {}  # what forked workers read (set just before the pool starts)
_APART: dict[int, Callable[[], Any]] = {}  # what an Apart's process runs (set while it forks)
_LOADING = threading.Lock()


def _fresh_loading_lock() -> None:
    """A worker forked while another thread of its parent loads a result (SDC503's, as the
    per-output stage forks) inherits ``_LOADING`` held by a thread it does not have: a
    :func:`loads` there would wait for ever. The child starts with its own lock."""
    global _LOADING
    _LOADING = threading.Lock()


os.register_at_fork(after_in_child=_fresh_loading_lock)
_PAUSED = False  # the collector turned off by a :func:`loads` running now (in some thread)


def _collector_back() -> None:
    """A worker forked while another thread of its parent loads a result with the collector
    paused (:func:`loads`; SDC503's result, as the per-output stage forks its worker) starts
    with the collector on: the thread that would turn it back on is not in the child, which
    otherwise collected no cycle for its life (round 39's note; round 40, par40)."""
    global _PAUSED
    if _PAUSED:
        _PAUSED = False
        gc.enable()


os.register_at_fork(after_in_child=_collector_back)
_BUSY: set[int] = set()  # the Aparts whose process is computing (forked, result not back)
_BESIDE: list[str] = []  # modules to import while a pool's workers compute (import_beside)
# Aparts' results back while no pool's worker shared this process's work, to load while one
# does (``Apart._load``): each its Apart's id and the load
_LATER: list[tuple[int, Callable[[], None]]] = []
_LATER_LOCK = threading.Lock()  # added to from the pools' threads
_SHARING = [0]  # pools whose workers share this process's items now (``_share``, ``_front_here``)


def _nothing_later() -> None:
    """A forked process loads none of its parent's Aparts' results (they are the parent's)
    and shares in none of its pools: it starts with nothing left to load, no pool counted,
    and a lock of its own (one a parent's thread held at the fork would be held for ever)."""
    global _LATER_LOCK
    _LATER_LOCK = threading.Lock()
    _LATER.clear()
    _SHARING[0] = 0


os.register_at_fork(after_in_child=_nothing_later)
# how deep a pool's results' pipe is made (:func:`widened`): Linux's ``pipe-max-size``
# default, what an unprivileged process may ask for
PIPE_BYTES = 1024 * 1024


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def start_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def executor(workers: int, context: multiprocessing.context.BaseContext, **kwargs: Any
             ) -> ProcessPoolExecutor:
    """A process pool of ``workers`` whose results' pipe is :func:`widened`."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, **kwargs)
    widened(pool)
    return pool


def widened(pool: ProcessPoolExecutor) -> bool:
    """``pool``'s results' pipe made :data:`PIPE_BYTES` deep (Linux; else left as it is, and
    False). Why: a worker writes a chunk's results into a pipe of 64 KiB, and blocks each time
    it is full until this process's thread that reads it gets the interpreter back, while
    this process's main thread computes (up to a switch interval, 5 ms, per 64 KiB: the
    read's chunks are ~120 KiB, SDC503's result 2.2 MiB): a worker's core idle for nothing.
    A deeper pipe takes a chunk in one write; the worker goes on to its next chunk, and this
    process reads it in one call when it gets there. Set before the workers are forked (the
    pipe is the pool's from its start); a refusal (``pipe-max-size``, a user's pipe pages
    over ``pipe-user-pages-soft``) leaves the pipe as it was: only a wait, never a result."""
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    deepen = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if reader is None or deepen is None:  # pragma: no cover - not Linux, or a new executor
        return False
    try:
        fcntl.fcntl(reader.fileno(), deepen, PIPE_BYTES)
    except (OSError, ValueError):
        return False
    return True


def busy() -> int:
    """Processes of :class:`Apart` computing beside this one now (each holds a core)."""
    return len(_BUSY)


def import_beside(names: Iterable[str]) -> None:
    """Modules this process is about to import (a phase after the current one imports them),
    imported instead while a pool's workers compute, the next time it would otherwise take an
    item itself or wait for theirs (:func:`_share`): one module at a time, its items then
    left to the workers. An import there costs this process's core, not the critical path
    of both: the audit's ``scipy.sparse`` (0.19 s CPU from bytecode, 0.57 s from sources)
    was imported by the linking, which runs with the other core idle once SDC503's process
    is done. While an :class:`Apart`'s process holds the other core (the pool's items done
    here, no worker forked yet) they are imported first, beside it: left for the worker,
    they could outlast the items it had left (round 32). Replaces what was asked before (an
    empty list forgets it); what no pool reaches is imported where first used, as before.
    Never in a worker: they are not asked."""
    _BESIDE[:] = [name for name in names if name not in sys.modules]


def _import_next() -> None:
    """The next module of :func:`import_beside` imported (one that fails is left to its
    user, which raises as it would have)."""
    name = _BESIDE.pop(0)
    with contextlib.suppress(Exception):
        importlib.import_module(name)


def _beside() -> bool:
    """Whether this process has something to do while a pool's workers compute, instead of
    an item: a module asked beside, or an :class:`Apart`'s result to load."""
    return bool(_BESIDE or _LATER)


def _beside_next() -> None:
    """The next thing :func:`_beside` has: a module first (a phase after this one needs it
    before any Apart's result is asked for), else an Apart's result loaded."""
    if _BESIDE:
        _import_next()
        return
    with _LATER_LOCK:
        if not _LATER:  # (taken meanwhile by its Apart's ``result``)
            return
        load = _LATER.pop(0)[1]
    load()


def map_indices(func: Callable[[int], Any], n: int, jobs: int, task: dict[str, Any],
                here: Callable[[int], Any] | None = None) -> Iterator[Any] | None:
    """``func(i)`` for ``i < n`` in the pool, in order; ``None`` when a pool is not worth it.
    ``func`` reads what it needs from :data:`TASK`, which holds ``task`` in the workers (and
    here: this process is one of the ``jobs``, see :func:`_share`). ``here``: what an item
    this process computes gives instead of ``func(i)`` (the first item, those done while
    every other core is busy, and this process's chunks once workers share the rest: cut
    from the front then, see :func:`_share`): the caller then does that item's work itself
    as it takes it, without packing it as for sending (the per-output stage's audit systems,
    ``parallel.each_checked``).

    While every other core is held by an :class:`Apart`'s process, this process does the
    items itself, from the front, and forks no worker: a worker would only share a core
    with that process, and cost a fork (page faults in both) and the pickling of its
    results (1.2-1.9 s less of a 1,000-table check's 17-19 s CPU at ``-j 2``, where the
    per-output rules and the audit's table systems ran beside SDC503's process). As soon as that
    process is done, the rest is shared with workers as usual, unless what is left costs
    too little to pay for a fork (:func:`worth_forking`): then it is done here too. The
    results and their order are the same either way."""
    if jobs <= 1 or n < MIN_ITEMS_FOR_POOL:
        return None
    context = start_context()
    TASK.clear()
    TASK.update(task)
    if context.get_start_method() == "fork":
        pool = executor(jobs - 1, context)
    else:  # pragma: no cover - spawn: each worker receives the task once
        pool = executor(jobs - 1, context, initializer=TASK.update, initargs=(task,))

    def gather() -> Iterator[Any]:
        # The first item here, before any worker is forked: the modules and caches it
        # loads (a reader, pandas, the rules' tables) are then inherited by every worker
        # instead of loaded again in each (a third of the workers' CPU on 300 tables).
        first = func if here is None else here
        yield first(0)
        start = 1
        spent = 0.0  # this process's CPU on items 1..start-1 (with the caller's work)
        try:
            while start < n and jobs - busy() <= 1:  # no core free for a worker yet
                if _BESIDE:  # the other core is the Apart's: an import beside it first
                    _import_next()
                    continue
                began = time.process_time()
                yield first(start)
                spent += time.process_time() - began
                start += 1
            if start < n and not worth_forking(spent, start - 1, n - start):
                pool.shutdown(wait=False)  # never forked: the rest here, in order
                while start < n:
                    yield first(start)
                    start += 1
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # never forked: nothing to wait
            raise
        if start == n:
            pool.shutdown(wait=False)
            return
        yield from _share(pool, func, start, n, jobs, window=2 * (jobs - 1), here=here)

    return gather()


def worth_forking(spent: float, done: int, left: int) -> bool:
    """Whether a pool whose items were done here while an :class:`Apart`'s process held the
    other core (``done`` of them, after the first, at ``spent`` CPU with the caller's work on
    them) forks its worker for the ``left`` still to do once that process is done: only when
    they cost this process at least :data:`HERE_FORK_CPU` at the pace measured (none
    measured: forked, as before).

    Why: SDC503's process ends a little before the per-output stage's last items about as
    often as after (round 46, par46: a worker forked for 25 items, 0.06 s of work). Forked
    then, the worker costs a fork of this whole process, a page fault for each page this
    process writes until the audit's pool forks again (the linking's, with the other core
    idle: a bare fork there, its child gone at once, added ~11,000 of them on 1,000 tables,
    round 47), the worker's own faults and the packing and loading of its items' results;
    it takes a few hundredths of a second of work off this process. Done here, the items
    cost what ``-j 1`` pays for them. Only who computes them: the results and their order
    are the same."""
    if done <= 0:
        return True
    return spent / done * left >= HERE_FORK_CPU


def chunks(start: int, stop: int, jobs: int) -> list[tuple[int, int]]:
    """``range(start, stop)`` cut as :func:`_share` cuts it when the workers (from the front)
    and this process (from the back) keep the same pace: chunks that shrink from both ends
    towards the middle, each a share of what is left between the ends (:func:`_size`), so
    where they meet the chunks are small and neither waits long for the other's last one; the
    first ones are large and none is tiny, so a pool of cheap items sends few messages. The
    pool cuts each chunk as it is taken, so wherever the two ends meet (one faster than the
    other) the chunks there are the small ones."""
    front: list[tuple[int, int]] = []
    back: list[tuple[int, int]] = []
    least = _least(stop - start, jobs)
    while start < stop:
        size = _size(stop - start, least, jobs)
        if len(front) <= len(back):
            front.append((start, start + size))
            start += size
        else:
            back.append((stop - size, stop))
            stop -= size
    return front + back[::-1]


def _least(n: int, jobs: int) -> int:
    """The smallest chunk of ``n`` items while many are left: cheap items, not one message
    each."""
    return max(1, n // (64 * jobs))


def _size(left: int, least: int, jobs: int) -> int:
    """The next chunk's size with ``left`` items not yet taken by either end: a share of
    them (at most 64 items, at least ``least``), and never more than a share of what is left
    for each process, so the last ones shrink to single items."""
    return max(1, min(left, max(least, min(64, left // (8 * jobs))), left // (2 * jobs)))


_SENDING = threading.local()  # set while this thread pickles a chunk's results (_run_range)


def sending() -> bool:
    """Whether this thread is pickling a worker's results for this pool's parent: a table
    then sends the lines it made as it was read (``Table.__getstate__``: made again, they
    were the parent's 1,061 line builds on 1,000 tables, round 33), never in a copy or any
    other pickle."""
    return getattr(_SENDING, "on", False)


def _run_range(func: Callable[[int], Any], start: int, stop: int) -> bytes:
    """A chunk's results, in a worker, pickled for :func:`loads`."""
    results = [func(i) for i in range(start, stop)]
    _SENDING.on = True
    try:
        return _dumps(results)
    finally:
        _SENDING.on = False


def _dumps(value: Any) -> bytes:
    """``value`` pickled for :func:`loads`, in a worker or an :class:`Apart`'s process, with
    the collector paused (as :func:`loads` pauses it).

    Why: the pickler makes no garbage a collection could find (its memo and each object's
    reduced tuple are freed by their counts), but what it allocates counts towards the next
    young collection, and that collection (or the middle one it sets off) walks everything the
    process made and still holds: the results being pickled. SDC503's process on 1,000 small
    tables made a middle collection during its result's pickle, 26-34 ms of its CPU for
    nothing freed (round 51, over51). The process ends once the blob is sent; the collector is
    on again for whatever it does next (a worker's next chunk)."""
    running = gc.isenabled()
    gc.disable()
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        if running:
            gc.enable()


# the interpreter's switch interval while a result loads (:func:`loads`): Python's default
# is 5 ms
LOAD_SWITCH = 0.0005


def loads(blob: bytes) -> Any:
    """What a worker sent back, unpickled with the collector paused: every object in it
    stays alive (a collection during the load finds no garbage, only objects to walk). One
    load at a time (an Apart's result loads in the pool's thread): each restores the
    collector as it found it.

    The interpreter passes between threads every :data:`LOAD_SWITCH` during the load
    (:func:`_quick_switches`). Why: SDC503's result (10,700 findings, 60-200 ms to load)
    loads in a thread of its own just as this process's main thread forks the per-output
    stage's worker and hands it its first chunks, and each step of that (the fork, the
    pool's thread queueing the chunk, the queue's thread writing it) waits for the loading
    thread to let go of the interpreter, up to a switch interval each time: the worker's
    first chunk began a median 48-70 ms after it was handed out (15-25 ms with no load
    beside it); every 0.5 ms, 19-28 ms (round 39, par39). A worker forked during a load
    keeps the short interval: it runs one thread, which no switch interval slows."""
    global _PAUSED
    with _LOADING, _quick_switches():
        running = gc.isenabled()
        _PAUSED = running  # before the pause, and cleared after it: a fork between sees it
        gc.disable()
        try:
            got = pickle.loads(blob)
            _made_old()
            return got
        finally:
            if running:
                gc.enable()
            _PAUSED = False


def _made_old() -> None:
    """Every object this process tracks moved to the collector's oldest generation, none
    walked (``gc.freeze`` then ``gc.unfreeze``, as :func:`forking` does).

    Why: what a worker sent back lives until this process has taken it (a read's outputs, a
    chunk's findings and forms), yet it arrives as young objects: the first young collection
    after a load walked all of it (21-50 ms a chunk of the read, 47,000 objects after one of
    the per-output stage's), and the middle generation walked it again, ~0.25 s of the
    parent's CPU at ``-j 2`` on 1,000 tables for ~2,000 objects freed (round 40, par40).
    ``-j 1`` makes the same objects in this process, walked once; at ``-j 2`` the worker that
    made them walked them already. Nothing is lost: any of them that becomes garbage in a
    cycle is found by the next full collection, as any old object is (deferred, not
    skipped). Not done when the process froze objects itself (unfreezing would undo that:
    this process's :func:`forking`, ``sdc.gc_pacing``); another thread may freeze between
    the check and the freeze, and this unfreeze then ends its freeze early: a fork that
    copies more pages, never a result."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


@contextlib.contextmanager
def _quick_switches() -> Iterator[None]:
    """The block runs with the interpreter's switch interval at most :data:`LOAD_SWITCH`,
    then as it was: restored only if nobody changed it meanwhile (a process-wide setting;
    one load at a time holds it, under ``_LOADING``)."""
    before = sys.getswitchinterval()
    if before <= LOAD_SWITCH:
        yield
        return
    sys.setswitchinterval(LOAD_SWITCH)
    ours = sys.getswitchinterval()
    try:
        yield
    finally:
        if sys.getswitchinterval() == ours:
            sys.setswitchinterval(before)


@contextlib.contextmanager
def forking() -> Iterator[None]:
    """The block forks a pool's workers: every object this process holds then is frozen for
    the fork (``gc.freeze``) and, after it, put in the oldest generation here
    (``gc.unfreeze``). Why: the objects made since the last young collections (up to ~100,000
    of the middle generation: the outputs just read) are then walked by no young collection
    of either process. In this process such a walk writes each object's header on pages the
    worker shares, and every page written is copied (one run: 4,143 faults, 0.13 s of six
    middle collections on a 1,000-table release at ``-j 2``, round 34); in the worker they stay
    frozen: its collections walk only what it makes itself. Every object stays collectable
    here (by a full collection, as any old object); the worker's inherited ones live as long
    as it does, held by its task anyway. Not done when the process froze objects itself
    (unfreezing would undo that)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _run_here(func: Callable[[int], Any], start: int, stop: int
              ) -> tuple[list[Any], BaseException | None]:
    """A chunk's results here, and the exception that stopped it (raised in its turn)."""
    results: list[Any] = []
    try:
        for i in range(start, stop):
            results.append(func(i))
    except Exception as exc:
        return results, exc
    return results, None


class _Feed:
    """The items of :func:`_share` cut into chunks as they are taken: from the front for the
    pool's workers, at most ``window`` of their chunks not back at a time, and from the back
    for this process; what is between is not cut yet (:func:`_size`: the chunks shrink as the
    ends meet, wherever they meet).

    A worker's chunk that comes back hands out the next one at once, from the pool's own
    thread (a future's callback), not when this process is next between two of its own
    items: this process may be inside a long chunk of its own or an import
    (``import_beside``: one module from sources took 0.3-0.5 s) while the worker, its few
    chunks done, waited with the other core idle (round 32: 0.66 s of the parent's CPU in the
    audit's systems pool, by the processes' states in ``benchmarks/timeline_jobs``). A chunk
    is cut and given under one lock, so each item is done once, by one process."""

    def __init__(self, pool: ProcessPoolExecutor, func: Callable[[int], Any], start: int,
                 stop: int, jobs: int, window: int) -> None:
        self.pool, self.func, self.jobs, self.window = pool, func, jobs, window
        self.least = _least(stop - start, jobs)
        self.futures: dict[int, tuple[int, Future[bytes]]] = {}  # by first item: (stop, ..)
        self.front, self.back = start, stop  # items in between are not cut yet
        self.pending = 0  # handed out and not back yet
        self.held: dict[int, int] = {}  # back, not taken yet: their pickles' sizes
        self.broken = self.closed = False
        self.lock = threading.RLock()  # re-entered: a callback may run where it is added

    def _cut_front(self) -> tuple[int, int]:
        size = _size(self.back - self.front, self.least, self.jobs)
        self.front += size
        return self.front - size, self.front

    def hand_out(self) -> None:
        """Chunks handed out from the front up to the window (more while this process
        imports: one import may outlast a few chunks, and a callback waits for the
        interpreter while an import's compiling holds it)."""
        with self.lock:
            ahead = 4 * self.window if _BESIDE else self.window
            while (not self.broken and not self.closed and self.front < self.back
                   and self.pending < ahead and sum(self.held.values()) < HELD_BYTES):
                start, stop = self._cut_front()
                try:
                    future = self.pool.submit(_run_range, self.func, start, stop)
                except (BrokenProcessPool, RuntimeError):  # broken, or shut down
                    self.front = start  # not handed out: left to this process
                    self.broken = True
                    return
                self.futures[start] = (stop, future)
                self.pending += 1
                future.add_done_callback(partial(self._back, start))

    def _back(self, start: int, future: Future[bytes]) -> None:
        """A chunk is back (or failed, or was cancelled): the next one handed out, unless
        what is back and not taken yet is already :data:`HELD_BYTES`."""
        with self.lock:
            self.pending -= 1
            if start in self.futures and not future.cancelled() and future.exception() is None:
                self.held[start] = len(future.result())
            self.hand_out()

    def take_back(self) -> tuple[int, int] | None:
        """A chunk cut from the back, this process's; None when nothing is left uncut."""
        with self.lock:
            if self.broken or self.front >= self.back:
                return None
            size = _size(self.back - self.front, self.least, self.jobs)
            self.back -= size
            return self.back, self.back + size

    def take_front(self) -> tuple[int, int] | None:
        """The next chunk from the front, this process's (after those handed out); None when
        nothing is left uncut."""
        with self.lock:
            if self.broken or self.front >= self.back:
                return None
            return self._cut_front()

    def claim(self, k: int) -> tuple[int, Future[bytes] | None]:
        """The chunk that starts at item ``k`` (every item before it taken): its end and its
        future, or a chunk cut from the front for this process (no future) when none was
        handed out there (the pool broke, or the workers are behind: never handed out
        after)."""
        with self.lock:
            got = self.futures.pop(k, None)
            if got is not None:
                if self.held.pop(k, None) is not None:  # taken: room for more
                    self.hand_out()
                return got
            assert k == self.front < self.back  # every chunk before the back is cut there
            return self._cut_front()[1], None

    def close(self) -> None:
        with self.lock:
            self.closed = True


def _share(pool: ProcessPoolExecutor, func: Callable[[int], Any], start: int, stop: int,
           jobs: int, window: int, here: Callable[[int], Any] | None = None
           ) -> Iterator[Any]:
    """The results of items ``start`` to ``stop``, in order, computed by the pool's workers
    from the front and by this process from the back: it would otherwise sit waiting, and
    what it computes is neither pickled nor sent (so ``-j 2`` forks one worker, not two). At
    most ``window`` chunks are the workers' and not back at a time, each handed out as one
    comes back (:class:`_Feed`; a chunk handed out is theirs: no cancelling, which a pool that
    breaks in Python 3.11 does not survive). An exception an item raises here is kept and
    raised at that item, as a worker's is. If the pool breaks (a worker killed, out of
    memory), what it had not returned is done here; what this process did already is kept
    (never done twice).

    ``here`` (:func:`map_indices`'s: the caller does the item's work in place as it takes
    it): this process's items are done by it, never packed by ``func``, and its chunks are
    cut from the front, just after the workers' (round 38): taken in order as soon as the
    workers' before them are, not all at the end. Cut from the back, the caller's work on
    them (the audit's systems unpacked from what ``func`` packed, one output at a time) came
    after the worker's last chunk, with the other core idle (0.18 s of wall on the 1,000
    tables' per-output stage, and each of the 134 items packed and unpacked for nothing)."""
    mine: dict[int, tuple[int, list[Any], BaseException | None]] = {}
    own = func if here is None else here
    feed = _Feed(pool, func, start, stop, jobs, window)
    low = start
    done = False
    _SHARING[0] += 1
    try:
        with forking():  # its first chunk forks the workers
            feed.hand_out()
        while low < stop:
            if low in mine:
                end, results, error = mine.pop(low)
            else:
                waiting = feed.futures.get(low)
                if waiting is not None and not waiting[1].done():
                    if _beside():  # an import or an Apart's load instead of an item
                        _beside_next()
                        feed.hand_out()
                        continue
                    cut = feed.take_back() if here is None else feed.take_front()
                    if cut is not None:  # not handed out: this process does it
                        mine[cut[0]] = (cut[1], *_run_here(own, *cut))
                        continue
                end, future = feed.claim(low)
                if future is None:  # not handed out: done here
                    results, error = _run_here(own, low, end)
                else:
                    try:
                        results, error = loads(future.result()), None
                    except BrokenProcessPool:
                        feed.broken = True
                        results, error = _run_here(own, low, end)
            yield from results
            if error is not None:
                raise error
            low = end
        done = True
    finally:
        _SHARING[0] -= 1
        feed.close()
        # every result in: the workers are idle, and exit without this process waiting for
        # them (tens of milliseconds each, forked from a large process); else it waits
        pool.shutdown(wait=not done, cancel_futures=True)


def _call_one(i: int) -> Any:
    return TASK["func"](TASK["items"][i])


def ordered_map(func: Callable[[T], R], items: Sequence[T], jobs: int,
                here: Callable[[T], R] | None = None) -> Iterator[R]:
    """``func(item)`` for every item, in order, by ``jobs`` forked processes (serially when a
    pool is not worth it, cannot fork, or breaks: then the rest is redone here).

    ``func`` may be a closure over the parent's state: forked workers inherit it, and only
    its results travel back (they must pickle). An exception ``func`` raises in a worker is
    raised here at that item, as in the serial loop. Release rules use it for their
    independent parts: the audit's linked components, SDC503's pairs of cuttings, subgroups
    and re-run buckets, SDC504's outputs against the ledger.

    ``here``: what an item this process computes in order as it is taken gives instead
    (:func:`map_indices`), and what the serial loop gives (the caller does the item's work
    as it takes it: no packing for a process it never leaves).
    """
    items = list(items)
    forks = start_context().get_start_method() == "fork"
    if here is not None:
        if forks and jobs > 1 and len(items) >= MIN_ITEMS_FOR_POOL:
            yield from _front_here(func, here, items, jobs)
        else:
            yield from (here(item) for item in items)
        return
    results = map_indices(_call_one, len(items), jobs, {"func": func, "items": items}
                          ) if forks else None
    yield from resume_serially(results, items, func)


# the least CPU the items left must be measured to cost this process (done in order here)
# for :func:`_front_here` to fork a worker for some of them, and for :func:`map_indices` to
# fork one once an Apart's process is done (:func:`worth_forking`): below it, the fork (its page
# faults in both processes) and the results' loads outweigh what the worker takes off this
# process (round 34: 121 of the audit's table systems, 0.117 s of a worker's CPU, cost this
# process 0.2 s to load and unpack against 0.18 s to build them itself)
HERE_FORK_CPU = 0.25


def _front_here(func: Callable[[T], R], here: Callable[[T], R], items: list[T], jobs: int
                ) -> Iterator[R]:
    """:func:`ordered_map` with ``here``: this process does the items in order from the
    front, each by ``here`` (its work done in place as it is taken: nothing packed), and a
    worker forked for the rest does chunks from the back by ``func`` (:class:`_Back`), which
    this process loads as it reaches them; they meet in the middle. Before the first item and
    while an :class:`Apart`'s process holds the other core, no worker is forked (imports
    asked beside are done first, as :func:`map_indices` does); then one is forked only when
    the items left, at the CPU measured per item so far, cost this process at least
    :data:`HERE_FORK_CPU`, under :func:`forking` as every pool's fork (round 48: it forked
    unfrozen, the one fork that did). A chunk that does not come back (the worker raised,
    broke or died) is done here in order by ``here``, as the serial loop does it."""
    n = len(items)
    TASK.clear()
    TASK.update({"func": func, "items": items})
    spent, i, decided = 0.0, 0, False
    pool: ProcessPoolExecutor | None = None
    back: _Back | None = None
    try:
        while i < n:
            if not decided and i > 0 and jobs - busy() > 1:
                decided = True
                if spent / i * (n - i) >= HERE_FORK_CPU:
                    pool = executor(jobs - 1, start_context())
                    _SHARING[0] += 1
                    back = _Back(pool, i, n, jobs, window=2 * (jobs - 1))
                    with forking():  # its first chunk forks the worker (as ``_share``'s)
                        back.hand_out()
            elif not decided and _BESIDE and jobs - busy() <= 1:
                _import_next()  # beside the Apart's process, before the items
                continue
            got = back.claim(i) if back is not None else None
            if got is None:  # this process's: done in place, its CPU measured
                start = time.process_time()
                yield here(items[i])
                spent += time.process_time() - start  # with the caller's work on it
                i += 1
                continue
            stop, future = got
            if not future.done() and _beside():  # an import or a load while the worker computes
                _beside_next()
                continue
            results = back.take(i, future)  # type: ignore[union-attr]
            if results is None:  # not sent back: done here, in order
                for k in range(i, stop):
                    yield here(items[k])
            else:
                yield from results
            i = stop
    finally:
        if back is not None:
            back.close()
        if pool is not None:  # every result in, or stopped: no waiting for the worker
            _SHARING[0] -= 1
            pool.shutdown(wait=False, cancel_futures=True)
        TASK.clear()


class _Back:
    """The items of :func:`_front_here` its workers take: chunks cut from the back, each a
    share of what is left between this process's front and the back (:func:`_size`: they
    shrink as the two meet, so neither waits long for the other's last), at most ``window``
    not back at a time, the next handed out from the pool's thread as one comes back. What
    is back and not taken stays under :data:`HELD_BYTES` (then no more is handed out: this
    process does the rest). Cut and claimed under one lock: each item done once."""

    def __init__(self, pool: ProcessPoolExecutor, front: int, stop: int, jobs: int,
                 window: int) -> None:
        self.pool, self.jobs, self.window = pool, jobs, window
        self.front, self.back = front, stop  # this process's next item; the workers' first
        self.least = _least(stop - front, jobs)
        self.futures: dict[int, tuple[int, Future[bytes]]] = {}  # by first item: (stop, ..)
        self.pending = self.held = 0
        self.closed = False
        self.lock = threading.RLock()  # re-entered: a callback may run where it is added

    def hand_out(self) -> None:
        with self.lock:
            while (not self.closed and self.back > self.front and self.pending < self.window
                   and self.held < HELD_BYTES):
                size = _size(self.back - self.front, self.least, self.jobs)
                start, stop = self.back - size, self.back
                try:
                    future = self.pool.submit(_run_range, _call_one, start, stop)
                except (BrokenProcessPool, RuntimeError):  # broken, or shut down
                    self.closed = True
                    return
                self.back = start
                self.futures[start] = (stop, future)
                self.pending += 1
                future.add_done_callback(self._came_back)

    def _came_back(self, future: Future[bytes]) -> None:
        with self.lock:
            self.pending -= 1
            if not future.cancelled() and future.exception() is None:
                self.held += len(future.result())
            self.hand_out()

    def claim(self, k: int) -> tuple[int, Future[bytes]] | None:
        """Item ``k`` (every item before it taken): None when it is this process's (not
        handed out), else the workers' chunk that starts there."""
        with self.lock:
            if k < self.back:
                self.front = k + 1
                return None
            return self.futures[k]  # taken (and forgotten) by ``take``

    def take(self, k: int, future: Future[bytes]) -> list[Any] | None:
        """A worker's chunk from item ``k``: its results, or None when it raised there or
        its worker broke (the rest not handed out any more)."""
        with self.lock:
            del self.futures[k]
        try:
            blob = future.result()
        except (Exception, CancelledError):  # raised, or broken: done here, in order
            with self.lock:
                self.closed = True
            return None
        with self.lock:
            self.held -= len(blob)
        return loads(blob)

    def close(self) -> None:
        with self.lock:
            self.closed = True


def resume_serially(results: Iterator[R] | None, items: Sequence[T], func: Callable[[T], R]
                    ) -> Iterator[R]:
    """The pool's ``results`` in order, then ``func(item)`` here for the items a missing or
    broken pool did not return (a broken pool is not trusted); :data:`TASK` is cleared after
    a pool (``results`` None: none was started, and :data:`TASK` is not this call's but that of
    a pool whose item, done in this process, runs this serially: cleared, that pool's worker
    forked after it found no task; round 50, tail50)."""
    done = 0
    try:
        if results is not None:
            try:
                for result in results:
                    done += 1
                    yield result
                return
            except BrokenProcessPool:
                pass  # not trusted: redo the rest in this process
        for item in items[done:]:
            yield func(item)
    finally:
        if results is not None:
            TASK.clear()


def _run_apart(key: int) -> bytes:
    return _dumps(_APART[key]())


class Apart(Generic[R]):
    """``func()`` computed in a forked process of its own while this one goes on with other
    work; :meth:`result` waits for it. Where the platform cannot fork, or the process breaks
    (killed, out of memory), or ``func`` raised there, or its result did not come back,
    ``func()`` is computed here when the result is asked for: the outcome (a value or an
    exception) is always this process's own, as in the serial run. ``func`` must change
    nothing this process needs (what it does there is lost) and its result must pickle."""

    def __init__(self, func: Callable[[], R]) -> None:
        self.func = func
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[Any] | None = None
        self._got: tuple[Any] | None = None
        self._loaded: tuple[Any] | None = None  # its result, unpickled as soon as it came
        self._closed = False  # (``close``: a result back after it is never left to load)
        self._lock = threading.Lock()
        context = start_context()
        if context.get_start_method() != "fork":
            return
        key = id(self)
        _APART[key] = func
        try:  # the fork happens in submit: the process holds func from then on
            self._pool = executor(1, context)
            with forking():  # its collector walks none of what it inherits (par34's probe)
                self._future = self._pool.submit(_run_apart, key)
            _BUSY.add(key)  # a core held until its result is back (:func:`busy`)
            self._future.add_done_callback(self._load)
        except Exception:  # no process: computed here when asked
            self.close()
        finally:
            del _APART[key]

    @property
    def forked(self) -> bool:
        """Whether a process was forked to compute it (else it is computed here)."""
        return self._future is not None

    def _load(self, future: Future[Any]) -> None:
        """The result is back: unpickled at once, in the pool's thread, while a pool's
        worker shares this process's items (what the load takes of this process, the worker
        takes of the items: when it is asked for, this process's own work is done and the
        other core idle, and SDC503's 10,700 findings take 0.06-0.1 s to load). Otherwise
        this process is working alone, the other core idle now that this one's process is
        done (SDC503's back during the audit's linking): a load there is its alone time
        too, so it is left (``_LATER``) for the next pool's worker to compute beside
        (``_share``'s waits, as an import asked beside), or for :meth:`result`, whichever
        comes first (round 43). The same result either way: its blob, loaded once."""
        _BUSY.discard(id(self))  # its core is free: pools may fork workers again
        if not _SHARING[0]:
            with _LATER_LOCK:
                # closed meanwhile (``result`` took the blob from the future before this
                # callback ran): nothing to load, and the future is not kept
                if not self._closed:
                    _LATER.append((id(self), partial(self._load_now, future)))
            return
        self._load_now(future)

    def _load_now(self, future: Future[Any]) -> None:
        with self._lock:
            if self._loaded is None and not future.cancelled() and future.exception() is None:
                with contextlib.suppress(Exception):
                    self._loaded = (loads(future.result()),)

    def result(self, here: Callable[[], R] | None = None) -> R:
        """``func()``'s result, from its process when that returned one, else computed here
        (once: asked again, the same result): by ``here`` when given (the same result from
        this process's state at the time of asking), else by ``func``."""
        if self._got is None:
            try:
                # broken, raised or not sent back: this process decides
                if self._future is not None:
                    with contextlib.suppress(Exception):
                        blob = self._future.result()
                        with self._lock:  # loaded here only if it was not yet
                            if self._loaded is None:
                                self._loaded = (loads(blob),)
                            self._got = self._loaded
                if self._got is None:
                    self._got = ((here or self.func)(),)
            finally:
                self.close()
        got: R = self._got[0]
        return got

    def close(self) -> None:
        """Done with it: its process exits without this one waiting for it (a result not
        asked for is not waited for either)."""
        _BUSY.discard(id(self))
        with _LATER_LOCK:
            self._closed = True
            _LATER[:] = [later for later in _LATER if later[0] != id(self)]
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def drop(self) -> None:
        """Its result will not be asked for: its process is stopped (not left computing on a
        core this process needs) and closed."""
        if self._pool is not None:
            processes = getattr(self._pool, "_processes", None) or {}  # not public: if any
            for process in list(processes.values()):
                with contextlib.suppress(Exception):
                    process.terminate()
        self.close()
