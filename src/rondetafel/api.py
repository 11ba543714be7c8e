"""The REST API at /api/ (OpenAPI at /api/docs). Session auth (with CSRF) for the browser,
bearer tokens for scripts. Errors are JSON with a translated ``detail``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from rondetafel.accounts.services import api_token_authenticate
from rondetafel.agreements.api import router as agreements_router
from rondetafel.stakeholders.api import router as stakeholders_router
from rondetafel.trajectories.api import router as trajectories_router
from rondetafel.workshops.api import router as workshops_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return api_token_authenticate(token)


api = NinjaAPI(
    title="rondetafel API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
)
api.add_router("/", trajectories_router)
api.add_router("/", stakeholders_router)
api.add_router("/", agreements_router)
api.add_router("/", workshops_router)


def _field_name(loc) -> str:
    """("body", "payload", "title") -> "title": the name the client sent."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in {"body", "payload", "query", "path"}:
        parts.pop(0)
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc):
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("The request contains invalid data."), "errors": errors}, status=400
    )


@api.exception_handler(ValidationError)
def rejected_by_rules(request, exc):
    from rondetafel.agreements.services import EditConflict

    if isinstance(exc, EditConflict):
        return api.create_response(request, {"detail": exc.messages[0]}, status=409)
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": " ".join(ValidationError(errs).messages)}
            for field, errs in exc.error_dict.items()
        ]
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return api.create_response(
        request, {"detail": _("The request contains invalid data."), "errors": errors}, status=400
    )


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("This does not exist.")}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Log in or send a valid API token.")}, status=401
    )
