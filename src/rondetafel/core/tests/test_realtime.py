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
    assert message == {
        "type": "platform.event",
        "event": {"type": "workshop.changed", "version": 7},
    }
