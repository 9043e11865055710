"""Slotted dataclasses pickled as their fields' values (what ``sdc check -j N`` sends back).

Why: a ``-j`` worker and SDC503's process send back tens of thousands of findings, their
locations and the audit's intervals, and the parent unpickles them while no other core can
help it (issue 14 §4). Pickled by default, a slotted dataclass travels as a dict of slot
names per object (or, frozen, as a list its ``__setstate__`` walks with ``fields()``), and a
``Finding``'s slots are set again through its ``__setattr__``, which re-cleans every text.
Here it travels as its class (once a pickle: the pickler's memo) and its values, and is
rebuilt by setting each slot directly: the same state, each value the object the pickle
holds (shared values stay shared). SDC503's 15,878 findings on 1,000 tables: 0.11 s to load
instead of 0.18, 0.12 s to dump instead of 0.20; the audit's intervals 4× faster to load.
``copy.copy`` and ``deepcopy`` go through the same reduction and give equal objects.

Each slot is set through its own descriptor, found once per class (:data:`_SETTERS`), not
``object.__setattr__`` by name, which looks the name up along the class's MRO for every value:
a rebuild ~1.7x as fast, 15,000 findings with two locations each ~10 % faster to load
(round 34). SDC503's process and the audit's workers send these; the parent loads them while
its core is the critical path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from types import MemberDescriptorType
from typing import Any, SupportsIndex, TypeVar

__all__ = ["by_fields", "rebuilt"]

C = TypeVar("C", bound=type)
# per class of :func:`by_fields`: each slot's setter (its member descriptor's ``__set__``)
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {}


def rebuilt(cls: type, values: tuple[Any, ...]) -> Any:
    """An object of ``cls`` whose slots (its fields, in order) hold ``values`` (no
    ``__init__``, no ``__post_init__``, no ``__setattr__``: the state as it was pickled).
    As many values as slots, or ``ValueError`` (a pickle that does not fit is not loaded)."""
    obj: Any = object.__new__(cls)
    setters = _SETTERS.get(cls)
    if setters is None:  # not a class of by_fields: set by name
        put = object.__setattr__
        for name, value in zip(cls.__slots__, values, strict=True):  # type: ignore[attr-defined]
            put(obj, name, value)
        return obj
    for set_slot, value in zip(setters, values, strict=True):
        set_slot(obj, value)
    return obj


def by_fields(cls: C) -> C:
    """``cls`` (a slotted dataclass: apply over ``@dataclass(slots=True)``) pickled and
    copied as its fields' values (:func:`rebuilt`). A subclass pickles by the default
    (it may hold more than these fields)."""
    names = tuple(f.name for f in fields(cls))
    if names != tuple(cls.__dict__.get("__slots__", ())):
        raise TypeError(f"{cls.__name__}: not a slotted dataclass whose slots are its fields")
    slots = [cls.__dict__[name] for name in names]
    if not all(isinstance(slot, MemberDescriptorType) for slot in slots):
        raise TypeError(f"{cls.__name__}: a slot without its member descriptor")
    _SETTERS[cls] = tuple(slot.__set__ for slot in slots)
    many = attrgetter(*names)
    get: Callable[[Any], tuple[Any, ...]] = (many if len(names) > 1
                                             else lambda obj: (many(obj),))

    def __reduce_ex__(self: Any, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        if type(self) is cls:
            return rebuilt, (cls, get(self))
        return object.__reduce_ex__(self, protocol)

    cls.__reduce_ex__ = __reduce_ex__  # type: ignore[assignment,method-assign]
    return cls
