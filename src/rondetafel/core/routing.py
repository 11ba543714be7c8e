"""WebSocket routes of every app."""

from rondetafel.workshops.routing import websocket_urlpatterns as workshop_routes

websocket_urlpatterns: list = [*workshop_routes]
