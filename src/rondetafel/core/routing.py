"""WebSocket routes; the live-session consumers add theirs here."""

websocket_urlpatterns: list = []
