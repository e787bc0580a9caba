"""The cyclic garbage collector, paused for a block that makes many objects it cannot free.

Python's collector walks every new container object again and again until the object dies
or reaches the oldest generation. A block that makes hundreds of thousands of objects that
reference counting frees (the rows of a harvest's tables, the tokens of a scanned text
once unlinked) gains nothing from those walks; pausing the collector for the block saves
them. The block must not leave cycles behind in bulk: they wait for the next collection.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block; resumed after, as it was (nested
    pauses leave it off until the outermost ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
