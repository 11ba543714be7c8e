"""The REST API at /api/ (OpenAPI at /api/docs). Session auth (with CSRF) for the browser,
bearer tokens for scripts. Errors are JSON with a translated ``detail`` (ADR 0030):

- 400: the request does not match the schema (a field missing, of the wrong type, too long);
- 401: no valid session or token; 403: not allowed; 404: not there (or not yours to see);
- 409: an edit crossed another (the article's lock version);
- 422: the request matches the schema but breaks a rule the schema cannot say (an end date before
  the start, the last facilitator removed, a version no longer open for proposals).

Every operation declares these in the OpenAPI, so clients (and schemathesis in the suite) know
every answer the server gives."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from rondetafel.accounts.services import api_token_authenticate
from rondetafel.agreements.api import router as agreements_router
from rondetafel.signing.api import router as signing_router
from rondetafel.stakeholders.api import router as stakeholders_router
from rondetafel.trajectories.api import router as trajectories_router
from rondetafel.trust.api import router as trust_router
from rondetafel.workshops.api import router as workshops_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return api_token_authenticate(token)


_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_ERRORS = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail", "errors"],
}
# status: (description, schema, only for methods that change something)
_ERROR_RESPONSES = {
    400: ("The request does not match the schema.", "InvalidRequest", False),
    401: ("No valid session or API token.", "Error", False),
    403: ("You may not do this.", "Error", False),
    404: ("Not found, or not yours to see.", "Error", False),
    409: ("Someone else changed it first (edit conflict).", "Error", True),
    422: ("Matches the schema, but breaks a rule of the platform.", "InvalidRequest", True),
}


class DocumentedAPI(NinjaAPI):
    """django-ninja documents the answers a view returns; the error answers come from the
    exception handlers below, so they are added to every operation here."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("Error", _ERROR)
        schemas.setdefault("InvalidRequest", _ERRORS)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status, (description, name, changes_only) in _ERROR_RESPONSES.items():
                    if changes_only and method == "get":
                        continue
                    responses.setdefault(
                        str(status),
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{name}"}
                                }
                            },
                        },
                    )
        return schema


api = DocumentedAPI(
    title="rondetafel API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
)
api.add_router("/", trajectories_router)
api.add_router("/", stakeholders_router)
api.add_router("/", agreements_router)
api.add_router("/", workshops_router)
api.add_router("/", signing_router)
api.add_router("/", trust_router)


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


@api.exception_handler(HttpError)
def http_error(request, exc):
    """django-ninja's own refusals; the one that reaches clients is a body that is not JSON."""
    if exc.status_code == 400:
        body = {
            "detail": _("The request contains invalid data."),
            "errors": [{"field": "", "message": _("The request body is not valid JSON.")}],
        }
    else:
        body = {"detail": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


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
        request,
        {"detail": _("The request breaks a rule of the platform."), "errors": errors},
        status=422,
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
