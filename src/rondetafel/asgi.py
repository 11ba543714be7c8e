"""One process serves pages and WebSockets (ARCHITECTURE.md: uvicorn + Channels)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rondetafel.settings.dev")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from rondetafel.core.body_limit import BodyLimit  # noqa: E402
from rondetafel.core.sync_threads import BoundedSyncThreads  # noqa: E402
from rondetafel.workshops.form_answers import FormAnswers  # noqa: E402
from rondetafel.workshops.routing import websocket_urlpatterns  # noqa: E402  (the only app with sockets)

application = ProtocolTypeRouter(
    {
        # The phone form's answers take a short path; everything else is Django's (ADR 0013).
        # Django's sync code on a few threads, not one per request.
        # A body over the ceiling is refused before Django reads it (a 1 GB "PDF").
        "http": BodyLimit(BoundedSyncThreads(FormAnswers(django_asgi_app))),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
