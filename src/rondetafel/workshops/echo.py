"""A no-op WebSocket echo, mounted only when RONDETAFEL_BENCH_ECHO=1: the ceiling that
bench/live_load.py compares vote throughput against."""

from channels.generic.websocket import AsyncWebsocketConsumer


class EchoConsumer(AsyncWebsocketConsumer):
    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        await self.send(text_data=text_data)
