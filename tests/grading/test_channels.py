"""The kernel channel that does not sleep through a reply whose edge a send consumed.

The race is made deterministic: the reply reaches the socket's mailbox, then a send on the
same socket (what nbclient's Output widget mirror does) runs before the event loop looks.
jupyter_client's own channel then hears nothing until its timeout; ours reads the reply at once.
"""

from __future__ import annotations

import asyncio
import select
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from kit.grading.channels import SlicedPollChannel
from kit.grading.kernels import IpcKernelManager, QuickReconnectClient

TIMEOUT = 6.0  # what get_msg is given
PATIENCE = 3.0  # how long the test waits for it: half, so a lost edge shows as a wait


async def _reply_after_lost_edge(channel_class) -> str:
    ctx, peer_ctx = zmq.asyncio.Context(), zmq.Context()
    router = peer_ctx.socket(zmq.ROUTER)
    dealer = ctx.socket(zmq.DEALER)
    try:
        port = router.bind_to_random_port("tcp://127.0.0.1")
        dealer.connect(f"tcp://127.0.0.1:{port}")
        session = Session(key=b"")
        channel = channel_class(dealer, session)
        session.send(dealer, "kernel_info_request", {})
        identity = router.recv_multipart()[0]
        waiting = asyncio.ensure_future(channel.get_msg(timeout=TIMEOUT))
        for _ in range(3):
            await asyncio.sleep(0.01)  # the reader is now waiting on the socket's edge
        session.send(router, "execute_reply", {}, ident=[identity])
        # wait until ZeroMQ signals the reply on the socket's file descriptor, without
        # reading the signal (asking EVENTS would consume the edge itself)
        select.select([dealer.get(zmq.FD)], [], [], 5)
        time.sleep(0.05)
        session.send(dealer, "comm_msg", {})  # a send on the same socket, before the loop looks
        try:
            message = await asyncio.wait_for(waiting, PATIENCE)
        except TimeoutError:
            return "nog aan het wachten"
        return message["msg_type"]
    finally:
        dealer.close(linger=0)
        router.close(linger=0)
        ctx.term()
        peer_ctx.term()


def _in_own_thread(channel_class) -> str:
    """Run the race in a thread of its own: another test may have left an event loop running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _reply_after_lost_edge(channel_class)).result()


def test_the_kits_channel_reads_a_reply_whose_edge_was_consumed():
    assert _in_own_thread(SlicedPollChannel) == "execute_reply"


def test_jupyter_clients_own_channel_sleeps_through_it():
    """The upstream behaviour the kit works around (the demo's 58 s dialoogtafel stalls).

    Should jupyter_client or pyzmq fix it, this test says so and the work-around can go.
    """
    assert _in_own_thread(AsyncZMQSocketChannel) == "nog aan het wachten"


@pytest.mark.parametrize("channel", ["shell", "iopub", "stdin", "control"])
def test_every_channel_of_the_kits_kernel_client_waits_in_slices(channel):
    assert IpcKernelManager().client_factory is QuickReconnectClient
    assert getattr(QuickReconnectClient, f"{channel}_channel_class").default_value is SlicedPollChannel
