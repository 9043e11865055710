"""Package namespaces whose names are imported on first use (PEP 562 module ``__getattr__``).

``sdc rules`` and ``sdc --help`` must start fast, so a package whose modules pull in pandas,
numpy or scipy exports its names lazily: ``from sdc.audit import LinearSystem`` imports
``sdc.audit.system`` only, and ``import sdc.evidence`` imports nothing heavy at all.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``exports`` maps each public name to
    the module defining it. A name is imported once, then cached in the package's namespace."""
    namespace = import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value  # later look-ups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
