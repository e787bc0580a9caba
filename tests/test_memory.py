"""kit.memory: the collector is paused for the block and comes back as it was, also on error."""

from __future__ import annotations

import gc

import pytest

from kit.memory import gc_paused


def test_paused_inside_and_back_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("stop")
    assert gc.isenabled()


def test_a_nested_pause_keeps_it_off_until_the_outer_block_ends():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
