"""Log-in through the municipality's own identity provider, by OpenID Connect (mozilla-django-oidc,
ADR 0029). Only people who already have an account here (invited to a trajectory) get in: the
provider's verified e-mail address finds them, and no account is made for an unknown one. The
second factor follows as after a password (ADR 0028): the provider vouches for the person, this
platform still asks its own code of those who have one, and facilitators set one up."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests.exceptions import RequestException

from rondetafel.core.audit import audit_record

from . import two_factor

BACKEND = "rondetafel.accounts.oidc.MunicipalOIDCBackend"


def configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")) and BACKEND in (
        settings.AUTHENTICATION_BACKENDS
    )


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        # The address must be one the provider has verified: it is what finds the account.
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is False
        return None


class StartView(OIDCAuthenticationRequestView):
    """To the provider's log-in page (404 when no provider is configured)."""

    def dispatch(self, request, *args, **kwargs):
        if not configured():
            raise Http404("No identity provider is configured.")
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):  # the parent reads the settings here: only when set
        if configured():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: the code page for someone with a device, else logged in (and a
    facilitator without one sent to set it up)."""

    def dispatch(self, request, *args, **kwargs):
        if not configured():
            raise Http404("No identity provider is configured.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        """A replayed or stale answer (its state already used, a code the provider no longer
        honours) or a provider that does not answer: back to the log-in page, which says so."""
        try:
            return super().get(request)
        except (SuspiciousOperation, RequestException):
            if request.user.is_authenticated and not two_factor.pending(request):
                return redirect(self.success_url)
            return self.login_failure()

    def login_success(self):
        user = self.user
        user.backend = BACKEND
        code_page = two_factor.after_password(self.request, user, self.success_url)
        audit_record(action="user.oidc_authenticated", actor=user, obj=user)
        if code_page:
            return redirect(code_page)
        auth.login(self.request, user, backend=BACKEND)
        if two_factor.after_login(self.request, user):
            return redirect("accounts:two_factor_setup")
        return redirect(self.success_url)
