"""The only module that sends to the channel layer from synchronous code. Services call
`broadcast_on_commit`; consumers only transport (ARCHITECTURE.md)."""

import asyncio
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_name(kind: str, public_id) -> str:
    return f"{kind}.{public_id}"  # channel layers accept [A-Za-z0-9-_.], under 100 characters


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "platform.event", "event": event}
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(group, message)
    else:
        # Called from a thread that runs an event loop (async code, or a test driving a
        # browser): async_to_sync would refuse, so hand the send to that loop.
        loop.create_task(layer.group_send(group, message))


def broadcast_on_commit(group: str, event: dict) -> None:
    transaction.on_commit(partial(_send, group, event))
