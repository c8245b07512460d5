"""``fast_init``: a cheaper ``__init__`` for a frozen, slotted dataclass.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__``; the one made here sets the slots through their descriptors,
with the same signature, defaults and default factories. A flood builds a few such
objects per message (events, console entries), so it matters there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["MISSING", "Special", "fast_init"]

#: The default of a parameter whose value is made when it is not given.
MISSING: Any = object()


class Special(NamedTuple):
    """How one field is taken instead of the dataclass's way: its parameter text, the line
    that fills it in when not given (or ``None``), and whether that line runs first."""

    param: str
    line: str | None = None
    first: bool = False


def fast_init(
    cls: type[Any],
    *,
    special: Mapping[str, Special] | None = None,
    env: Mapping[str, Any] | None = None,
) -> None:
    """Replace the dataclass ``__init__`` of ``cls`` by an equivalent, cheaper one.

    ``special`` overrides how some fields are taken (``env`` holds the names their text
    uses); every other field keeps its dataclass default or default factory. Keyword-only
    when the fields are.
    """
    special = special or {}
    params: list[str] = []
    head: list[str] = []
    body: list[str] = []
    namespace_in: dict[str, Any] = {"_MISSING": MISSING, **(env or {})}
    fields = dataclasses.fields(cls)
    for f in fields:
        name = f.name
        namespace_in[f"_set_{name}"] = getattr(cls, name).__set__
        taken = special.get(name)
        if taken is not None:
            params.append(taken.param)
            if taken.line is not None:
                (head if taken.first else body).append(taken.line)
        elif f.default is not dataclasses.MISSING:
            namespace_in[f"_default_{name}"] = f.default
            params.append(f"{name}=_default_{name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace_in[f"_factory_{name}"] = f.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f"    if {name} is _MISSING: {name} = _factory_{name}()")
        else:
            params.append(name)
    body.extend(f"    _set_{f.name}(self, {f.name})" for f in fields)
    star = "*, " if fields and all(f.kw_only for f in fields) else ""
    source = f"def __init__(self, {star}{', '.join(params)}) -> None:\n" + "\n".join(head + body)
    namespace: dict[str, Any] = {}
    exec(source, namespace_in, namespace)  # generated from the class's own fields
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 - replaces the generated method
