"""A ceiling on request bodies, before Django reads them.

Django's ASGI handler reads a whole body into a temporary file before any view runs, so a view
that checks an upload's size has already received it. This middleware answers 413 at once when
the declared length is over the ceiling, and cuts off a body without a declared length (chunked)
as soon as it passes it (issue 20, finding 8)."""

from __future__ import annotations

from django.conf import settings

TOO_LARGE = (
    b"Te groot: het verzoek is groter dan deze server aanneemt.\n"
    b"Too large: the request is larger than this server accepts.\n"
)


class BodyLimit:
    def __init__(self, app, limit: int | None = None):
        self.app = app
        self.limit = limit

    def _limit(self) -> int:
        return self.limit or settings.MAX_REQUEST_BYTES

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self._limit()
        declared = next(
            (value for name, value in scope.get("headers", []) if name == b"content-length"), None
        )
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = True  # a length that is not a number is not a request we serve
            if too_large:
                return await _refuse(send)
            return await self.app(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, counted, send)


async def _refuse(send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(TOO_LARGE)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": TOO_LARGE})
