import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rondetafel.core import throttle

from . import selectors, services
from .forms import ApiTokenForm


@login_required
def account(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(user=request.user),
            "new_key": new_key,
            "erasure_request": selectors.open_erasure_request(user=request.user),
        },
    )


@login_required
@require_POST
def erasure_request(request):
    """The person asks to be erased (GDPR article 17); a facilitator carries it out."""
    services.erasure_request_create(user=request.user)
    messages.success(
        request,
        _(
            "Your request has been recorded. A facilitator of your trajectory carries it out; "
            "until then you can still log in and download your data."
        ),
    )
    return redirect("accounts:account")


@login_required
@require_GET
def personal_data(request):
    """Everything the platform holds about the person asking, as a ZIP (GDPR article 15)."""
    from django.utils import timezone

    from rondetafel.core.audit import audit_record

    from .personal_data import export_zip

    content = export_zip(request.user)
    audit_record(action="user.data_exported", actor=request.user, obj=request.user)
    response = HttpResponse(content, content_type="application/zip")
    name = f"rondetafel-mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def token_revoke(request, token_id):
    token = selectors.api_token_get(user=request.user, token_id=token_id)
    if token is None:
        raise Http404(_("This token does not exist."))
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:account")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by mail, with at most PASSWORD_RESET_MAILS_PER_HOUR mails per address
    and per client address an hour (issue 20, finding 10). Over the limit the answer is the
    same page as always, so it tells a prober nothing, and no mail goes out."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        keys = [
            "reset:to:" + hashlib.sha256(email.encode()).hexdigest(),
            "reset:from:" + (self.request.META.get("REMOTE_ADDR") or ""),
        ]
        counts = [throttle.count(key, 3600) for key in keys]
        if max(counts) > settings.PASSWORD_RESET_MAILS_PER_HOUR:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
