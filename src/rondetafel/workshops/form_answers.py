"""The phone form's answer (POST /j/<code>/a/<activity>/) on a short path through the server.

Phones without scripts or a socket post their answers as a form. A room of them posts at the
same moment, and Django's request cycle costs about 12 ms of one core per request under ASGI
(a thread and some twenty thread hops through the middleware), so 1,000 phones waited up to
17 s. This ASGI wrapper answers the ordinary case itself, with Django's own parts: the request
object, the allowed-hosts check, the CSRF middleware's check, the messages cookie and the
response encoder. The answer joins the same batches as the socket's votes (one transaction
for everything that arrives within 20 ms, identity resolved in the batch). Anything out of the
ordinary (a bad host, a failed CSRF check, a phone that has not joined) is handed to Django's
full request cycle unchanged, so its pages and status codes stay the only ones (ADR 0013).
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .constants import PARTICIPANT_COOKIE

PATH = re.compile(r"^/j/(?P<code>[A-Za-z0-9]{1,12})/a/(?P<activity>[0-9a-fA-F-]{36})/$")
MAX_BODY = 64 * 1024  # a phone's form is a few hundred bytes


class FormAnswers:
    def __init__(self, django_app):
        self.app = django_app
        self.csrf = CsrfViewMiddleware(lambda request: None)

    async def __call__(self, scope, receive, send):
        match = PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope.get("method") != "POST":
            return await self.app(scope, receive, send)
        body, complete = await _read(receive)
        if not complete:
            return await self.app(scope, _replay(body, receive, more=True), send)
        response = await self._answer(scope, body, match)
        if response is None:  # not the ordinary case: Django's full cycle decides
            return await self.app(scope, _replay(body, receive, more=False), send)
        await self.app.send_response(response, send)

    async def _answer(self, scope, body, match):
        from rondetafel.core.tokens import token_hash

        from . import services
        from .batching import vote_batcher
        from .views import respond

        request = ASGIRequest(scope, io.BytesIO(body))
        try:
            request.get_host()
        except DisallowedHost:
            return None
        key = request.COOKIES.get(PARTICIPANT_COOKIE)
        if not key:
            return None
        self.csrf.process_request(request)
        if self.csrf.process_view(request, respond, (), {}) is not None:
            return None  # rejected: Django's cycle renders the refusal
        outcome = await vote_batcher().submit(
            services.vote_from_form(
                request.POST,
                activity_id=match["activity"],
                participant_key=token_hash(key),
                join_code=match["code"].upper(),
            )
        )
        if outcome.code == "forbidden":
            return None
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            storage = CookieStorage(request)
            if outcome.ok:
                storage.add(messages.SUCCESS, _("Your answer has been recorded."))
            else:
                storage.add(messages.ERROR, outcome.detail)
            response = HttpResponseRedirect(reverse("workshops:live", args=[outcome.join_code]))
            storage.update(response)
        # The headers Django's middleware would add to a redirect.
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY or "same-origin"
        response["Cache-Control"] = "no-store"
        return response


async def _read(receive) -> tuple[bytes, bool]:
    """The request body, or what was read of it when it is larger than any phone's form
    (complete False: Django's cycle reads the rest and applies its own limits)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body"):
            return b"".join(chunks), True
        if size > MAX_BODY:
            return b"".join(chunks), False


def _replay(body: bytes, receive, *, more: bool):
    """A receive callable that hands Django the body already read, then whatever the client
    sends next (the rest of the body, or in time its disconnect)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay
