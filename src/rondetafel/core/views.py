import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from . import health


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("trajectories:list")
    return render(request, "core/home.html")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@require_GET
def privacy(request):
    """What the platform keeps about whom, and the rights people have: public, linked from
    every page's footer and from the join page before anyone types a name."""
    return render(request, "rondetafel/privacy.html")


@require_safe  # GET and HEAD: load balancers probe with either
def live(request):
    """Liveness: the process answers. Nothing else is asked, so a slow database does not get
    every process restarted at once."""
    return JsonResponse({"status": "ok"})


@require_safe
def ready(request):
    """Readiness: every check in `health.readiness_checks` (database, Redis when configured,
    unapplied migrations, the worker's heartbeat)."""
    checks = health.readiness()
    healthy = not any(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: problem or "ok" for name, problem in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def metrics(request):
    """Prometheus metrics of this process: for the metrics token, or for a scraper on the same
    machine that did not come through the proxy (nginx adds X-Forwarded-For)."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        allowed = hmac.compare_digest(given.encode(), token.encode())
    else:
        direct = "X-Forwarded-For" not in request.headers
        allowed = direct and request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}
    if not allowed:
        raise Http404
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
