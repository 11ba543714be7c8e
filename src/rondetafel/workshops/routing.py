import os

from django.urls import path

from .consumers import SessionConsumer

websocket_urlpatterns = [path("ws/sessions/<str:code>/", SessionConsumer.as_asgi())]

if os.environ.get("RONDETAFEL_BENCH_ECHO") == "1":  # benchmarks only, never in a deployment
    from .echo import EchoConsumer

    websocket_urlpatterns.append(path("ws/echo/", EchoConsumer.as_asgi()))
