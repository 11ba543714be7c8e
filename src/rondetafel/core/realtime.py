"""The only module that sends to the channel layer from synchronous code. Services call
`broadcast_on_commit`; consumers only transport (ARCHITECTURE.md)."""

from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_name(kind: str, public_id) -> str:
    return f"{kind}.{public_id}"  # channel layers accept [A-Za-z0-9-_.], under 100 characters


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "platform.event", "event": event})


def broadcast_on_commit(group: str, event: dict) -> None:
    transaction.on_commit(partial(_send, group, event))
