"""The tables' compact forms SDC503's process made, sent back early to the parent (issue 14 §4).

Under ``sdc check -j N`` the ``apart`` release rules (SDC503) run in a process forked right
after the read (``engine._EarlyApart``). That process makes each table's compact form first
(``engine._keep_forms_apart``: SDC503 reads each four times). The parent needs the same forms
too: on the command path each table's model is let go once its audit systems are built, and
its stand-in holds its form (``sdc.table_standin``), made after its per-output rules
(``engine.kept_form``). So every form was made twice at ``-j 2``: ~0.12-0.15 s of CPU in each
process on 1,000 small tables (round 34's left item).

Here that process sends the forms it made back as soon as they are made, before SDC503 runs:
each pickled on its own into an unnamed file both processes hold (made before the fork), then
their index, and where the index is written into a pipe (16 bytes: never blocks). The parent
never waits for them: while its per-output stage makes forms, it looks at the pipe without
blocking (``take``); once the index is there each table's form is read and loaded from the
file when its turn comes (~25 µs), instead of being made (~130 µs): no form is held before
its table's turn, so the parent holds no more at once than before. A table whose form is not
there (not yet sent, that process broken, past its budget, not the same table) has its form
made here, as before. A worker the parent forks later inherits the index and the file: it
reads the forms of the tables it checks the same way.

Why the forms are the same: that process forked from this one after the read and took the
same steps (the records' ``finish``, ``_prepare``) before making them; its result is used
only when the parent's search after the fork changed nothing (``_EarlyApart.searched``, which
drops this channel too), and the per-output rules change no cell (their form is made after
them only so it is made once). Each form is checked against the table it is taken for (its
output's place in the list, path and sheet; the table's path, sheet, dimensions, title, cell
and measure counts), and its measures
are the parent table's own objects, as a ``-j`` worker's sent form's are
(``engine.keep_sent_form``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sdc.outputs import Output
    from sdc.release_form import ReleaseTable

_WHERE = struct.Struct("<QQ")  # where the index of the forms is in the file, its length


class SentForms:
    """One check's channel from its ``Apart``'s process back to this process: made here
    before the fork (``open``), written there once (``send``), read here (``take``)."""

    def __init__(self, outputs: Sequence[Output], read: int, signal: int, data: int) -> None:
        self.outputs = outputs  # this process's list, as it was at the fork
        self.owner = os.getpid()  # the process that reads (a worker forked later does not)
        self._read, self._signal, self._data = read, signal, data
        # where each sent form is, by output (``id``), with that output's table then
        self.forms: dict[int, tuple[Any, int, int]] | None = None
        self._sent = False

    @classmethod
    def open(cls, outputs: Sequence[Output]) -> SentForms | None:
        """A channel for ``outputs``' forms, None where it cannot be made."""
        try:
            data = (os.memfd_create("sdc-forms") if hasattr(os, "memfd_create")
                    else _temporary_fd())
        except OSError:
            return None
        try:
            read, signal = os.pipe()
            os.set_blocking(read, False)
        except OSError:
            os.close(data)
            return None
        return cls(outputs, read, signal, data)

    def forked(self) -> None:
        """In this process, once the other is forked: the pipe's writing end is not ours."""
        if self._signal >= 0:
            with contextlib.suppress(OSError):
                os.close(self._signal)
            self._signal = -1

    def send(self, outputs: Sequence[Output]) -> None:
        """In the ``Apart``'s process: the forms kept on ``outputs`` (its copies of the
        parent's, ``release_form.keep_form``) written for the parent, each pickled on its own
        (the parent loads each as it takes it: no form held before its table's turn), then
        their index (each output's place, path and sheet, where its form is). Nothing is sent
        from the parent itself (that process broken, the work done here), nor twice."""
        from sdc.release_form import _FORM

        if os.getpid() == self.owner or self._sent or self._data < 0:
            return
        self._sent = True
        parts: list[bytes] = []
        index = []
        at = 0
        for i, output in enumerate(outputs):
            kept = output.__dict__.get(_FORM)
            if kept is not None and kept[1] is not None and kept[0] is output.table:
                blob = pickle.dumps(kept[1], protocol=pickle.HIGHEST_PROTOCOL)
                index.append((i, output.path, output.sheet, at, len(blob)))
                parts.append(blob)
                at += len(blob)
        parts.append(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        data = memoryview(b"".join(parts))
        done = 0
        while done < len(data):
            done += os.pwrite(self._data, data[done:], done)
        # where the index is: 16 bytes into an empty pipe (never blocks)
        os.write(self._signal, _WHERE.pack(at, len(data) - at))

    def take(self, output: Output) -> tuple[bool, ReleaseTable | None]:
        """(True, its form) when a form was sent for ``output``'s current table, else
        (False, None): the caller makes it. Never waits."""
        if self.forms is None:
            self._poll()
        if not self.forms:
            return False, None
        got = self.forms.pop(id(output), None)
        table = output.table
        if got is None or got[0] is not table or table is None:
            return False, None
        try:
            form: ReleaseTable = pickle.loads(os.pread(self._data, got[2], got[1]))
        except Exception:  # not readable: made here
            return False, None
        if (len(form) != len(table.cells) or len(form.measures) != len(table.measures)
                or form.path != table.path or form.sheet != table.sheet
                or form.dimensions != tuple(table.dimensions)
                or form.title != tuple(table.title)):
            return False, None  # not the table it was made of: made here
        form.measures = list(table.measures)  # this table's own objects (identity)
        return True, form

    def _poll(self) -> None:
        """The forms' index loaded once where it is has come through the pipe (read without
        waiting)."""
        if self._read < 0 or os.getpid() != self.owner:
            return
        try:
            head = os.read(self._read, _WHERE.size)
        except BlockingIOError:
            return
        except OSError:
            self.drop()
            return
        if len(head) != _WHERE.size:  # the writing ends closed, or a torn message: none
            self.drop()
            return
        try:
            at, length = _WHERE.unpack(head)
            self.forms = self._matched(pickle.loads(os.pread(self._data, length, at)))
        except Exception:  # nothing usable: every form made here
            self.drop()
            return
        self._close_pipe()

    def _matched(self, index: list[tuple[int, str, str | None, int, int]]
                 ) -> dict[int, tuple[Any, int, int]]:
        """Where each sent form is, by this process's output (``id``), with the table it
        was sent for; one whose place names another path or sheet is dropped."""
        forms: dict[int, tuple[Any, int, int]] = {}
        for i, path, sheet, at, length in index:
            if i < len(self.outputs):
                output = self.outputs[i]
                if output.path == path and output.sheet == sheet and output.table is not None:
                    forms[id(output)] = (output.table, at, length)
        return forms

    def _close_pipe(self) -> None:
        for fd in (self._read, self._signal):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._read = self._signal = -1

    def drop(self) -> None:
        """Done: its descriptors closed, and the forms not taken (their tables) let go."""
        self._close_pipe()
        if self._data >= 0:
            with contextlib.suppress(OSError):
                os.close(self._data)
            self._data = -1
        self.forms = {}


def _temporary_fd() -> int:
    """An unnamed file's descriptor where ``memfd_create`` is not there."""
    import tempfile

    with tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())


_TAKING: list[SentForms] = []  # the channel the per-output stage takes forms from


@contextlib.contextmanager
def taking(channel: SentForms | None) -> Iterator[None]:
    """The per-output stage takes its forms from ``channel`` (``sent``), then lets it go."""
    if channel is None:
        yield
        return
    _TAKING.append(channel)
    try:
        yield
    finally:
        _TAKING.remove(channel)
        channel.drop()


def unsent(output: Output) -> None:
    """``output``'s sent form not wanted (a worker made or read it and sent it with its
    findings): its entry, which holds the table, dropped now, so a model let go is not held
    here to the end of the stage."""
    if _TAKING and _TAKING[-1].forms:
        _TAKING[-1].forms.pop(id(output), None)


def sent(output: Output) -> tuple[bool, ReleaseTable | None]:
    """``SentForms.take`` on the channel the per-output stage takes from, if any."""
    if not _TAKING:
        return False, None
    return _TAKING[-1].take(output)
