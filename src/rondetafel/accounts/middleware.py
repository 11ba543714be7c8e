"""Someone who must have a second factor and logged in without one reaches only the set-up page
(and log-out, the language switch, static files) until it is done (ADR 0028).

Async-capable, like the rest of the chain (ADR 0013): under ASGI the session is read with its
async API, so a phone's post is not sent through a thread for this check."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import SETUP_REQUIRED

_OPEN_PREFIXES = ("/static/", "/health/", "/i18n/", "/privacy/", "/j/")


def _open(path: str) -> bool:
    return path.startswith(_OPEN_PREFIXES) or path in {
        reverse("accounts:two_factor_setup"),
        reverse("accounts:logout"),
    }


class TwoFactorSetupMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self._is_async = iscoroutinefunction(get_response)
        if self._is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self._is_async:
            return self._acall(request)
        if not _open(request.path) and request.session.get(SETUP_REQUIRED):
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    async def _acall(self, request):
        if not _open(request.path) and await request.session.aget(SETUP_REQUIRED):
            return redirect("accounts:two_factor_setup")
        return await self.get_response(request)
