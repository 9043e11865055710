"""One BLAS thread while sdc factorises matrices.

numpy's and scipy's OpenBLAS start a thread per core and spin them on every call above a small
size. sdc's parallelism is its process pool (``sdc check -j N``), and the audit's dense
factorisations are many and small (a component of a few hundred equations): on a 2-core
machine shared with other work, a QR of a 1,432 x 110 matrix took 0.42 s of CPU with two
threads and 0.012 s with one, and the audit of 20 linked tables of 5,000 cells 13.4 s instead
of 6.5 s. ``threadpoolctl`` (scikit-learn's) sets and restores the limit; without it nothing
changes but the speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_controller: Any = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread in every BLAS library loaded when first called
    (call it after scipy.linalg is imported), restoring the previous counts after."""
    global _controller
    if _controller is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - an optional speed-up
            _controller = False
        else:
            _controller = ThreadpoolController()
    if _controller is False:  # pragma: no cover
        yield
        return
    with _controller.limit(limits=1, user_api="blas"):
        yield
