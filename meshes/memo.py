"""Results worked out from one spine object (needle paths, the X-ray model), kept while that spine lives."""

from __future__ import annotations

import functools
import weakref

_CACHE: dict[tuple, object] = {}  # by (kind, id of a living spine, arguments); dropped when the spine goes
_WATCHED: set[int] = set()  # ids of the spines with results kept


def _forget(spine_id: int) -> None:
    _WATCHED.discard(spine_id)
    for key in [k for k in _CACHE if k[1] == spine_id]:
        del _CACHE[key]


def per_spine(kind: str):
    """Memoise what `fn(spine, ...)` works out (a needle path, an X-ray model) per spine object and arguments,
    for as long as that spine lives: planned once, dropped with the spine."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(spine, *args, **kwargs):
            key = (kind, id(spine), args, tuple(sorted(kwargs.items())))
            if key not in _CACHE:
                _CACHE[key] = fn(spine, *args, **kwargs)
                if id(spine) not in _WATCHED:
                    _WATCHED.add(id(spine))
                    weakref.finalize(spine, _forget, id(spine))
            return _CACHE[key]

        return inner

    return wrap
