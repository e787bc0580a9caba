"""A kernel channel that never sleeps through a message that has already arrived.

nbclient waits for a cell's reply with ``shell_channel.get_msg(timeout=...)`` while, in the
same event loop, a widget it mirrors (``ipywidgets.Output``: see ``nbclient.output_widget``)
*sends* on that same shell socket. ZeroMQ tells the event loop about new messages through
an edge-triggered file descriptor, and any send on the socket can consume that edge. When
the reply arrives just before such a send, jupyter_client's channel (one ``poll`` for the
whole timeout) hears nothing until the timeout runs out and only then reads the waiting
reply: a graded widget cell then stalls for the course's whole cell timeout (about 58 s
of a 60 s timeout, in 5 of 8 demo gradings of ``dialoogtafel``) without any error.

:class:`SlicedPollChannel` asks ZeroMQ itself (``EVENTS``, which does not depend on the edge)
before each short slice of waiting, so such a reply is read within one slice. The messages
and their order are the same.

>>> SLICE_SECONDS
0.05
>>> issubclass(SlicedPollChannel, AsyncZMQSocketChannel)
True
"""

from __future__ import annotations

import time
import typing as t
from queue import Empty

import zmq
from jupyter_client.channels import AsyncZMQSocketChannel

__all__ = ["SlicedPollChannel", "SLICE_SECONDS"]

#: The longest a waiting reader trusts the edge before asking ZeroMQ again.
SLICE_SECONDS = 0.05


class SlicedPollChannel(AsyncZMQSocketChannel):
    """jupyter_client's async channel whose ``get_msg`` waits in slices of 50 ms."""

    def _ready(self) -> bool:
        return bool(self.socket.get(zmq.EVENTS) & zmq.POLLIN)

    async def get_msg(self, timeout: float | None = None) -> dict[str, t.Any]:  # type: ignore[override]
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._ready():
                return await self._recv()
            left = SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise Empty
            if await self.socket.poll(int(min(SLICE_SECONDS, left) * 1000) or 1):
                return await self._recv()
