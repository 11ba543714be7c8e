import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from rondetafel.core.realtime import broadcast_on_commit, group_name


@pytest.mark.django_db
def test_broadcast_reaches_the_group_only_after_commit(django_capture_on_commit_callbacks):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    group = group_name("workshop", "abc")
    async_to_sync(layer.group_add)(group, channel)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        broadcast_on_commit(group, {"type": "workshop.changed", "version": 7})
    assert len(callbacks) == 1  # nothing is sent before the transaction commits
    callbacks[0]()
    message = async_to_sync(layer.receive)(channel)
    assert message["type"] == "platform.event"
    assert message["event"] == {"type": "workshop.changed", "version": 7}
    assert json.loads(message["text"]) == message["event"]  # encoded once for every socket


def test_coalescer_sends_one_fresh_snapshot_per_interval(monkeypatch):
    import time

    from rondetafel.core import realtime

    sent, built = [], []
    monkeypatch.setattr(realtime, "_send", lambda group, event: sent.append((group, event)))
    coalescer = realtime.Coalescer()
    for version in range(1, 51):
        coalescer.mark(
            "workshop.x",
            lambda v=version: (
                built.append(v) or [("workshop.x", {"version": v}), ("phones.x", {"v": v})]
            ),
            0.05,
        )
    time.sleep(0.3)
    # one round, built late, with the newest state, to every group the build names
    assert sent == [("workshop.x", {"version": 50}), ("phones.x", {"v": 50})]
    assert built == [50]


def test_the_in_process_layer_still_drops_expired_messages_once_a_second(monkeypatch):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from rondetafel.core import layers

    def run(coroutine):  # in a thread of its own: a browser test may hold this thread's loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    layer = layers.InProcessChannelLayer(expiry=-1)  # every message is expired at once
    run(layer.send("phone.1", {"type": "x"}))
    layer._clean_expired()
    assert "phone.1" not in layer.channels  # the first clean-up runs
    run(layer.send("phone.2", {"type": "x"}))
    layer._clean_expired()
    assert "phone.2" in layer.channels  # within the second: skipped
    clock = layers.time.monotonic() + layers.CLEAN_EVERY_SECONDS + 0.1
    monkeypatch.setattr(layers.time, "monotonic", lambda: clock)
    layer._clean_expired()
    assert "phone.2" not in layer.channels
