import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core import throttle

from . import selectors, services, two_factor
from .forms import ApiTokenForm, CodeForm


@require_http_methods(["GET", "POST"])
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
            "two_factor_since": two_factor.enabled_since(request.user),
            "two_factor_required": two_factor.is_required(request.user),
            "disable_form": CodeForm(prefix="off"),
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


class LoginView(auth_views.LoginView):
    """The password first; then, for someone with a second factor, the code page (nobody is
    logged in until the code is right); someone who must have one and has none is logged in and
    sent to set it up (ADR 0028)."""

    def get_context_data(self, **kwargs):
        from . import oidc

        return {
            **super().get_context_data(**kwargs),
            "oidc": oidc.configured(),
            "oidc_name": settings.OIDC_PROVIDER_NAME,
            "oidc_failed": self.request.GET.get("oidc") == "failed",
        }

    def form_valid(self, form):
        user = form.get_user()
        code_page = two_factor.after_password(self.request, user, self.get_success_url())
        if code_page:
            return redirect(code_page)
        response = super().form_valid(form)
        if two_factor.after_login(self.request, user):
            return redirect("accounts:two_factor_setup")
        return response


_CODE_ERRORS = {
    "wrong": _("This code is not right. Use the code your app shows now."),
    "wait": _("Too many wrong codes: wait a moment before you try again."),
}


@require_http_methods(["GET", "POST"])
def login_code(request):
    """The second step of logging in: the six-digit code of the authenticator app."""
    from django.contrib.auth import get_user_model, login
    from django_otp import login as otp_login

    pending = two_factor.pending(request)
    user = pending and get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if not user:
        messages.error(
            request, _("Log in again: the code must follow the password within minutes.")
        )
        return redirect("accounts:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device, why = two_factor.check_code(request, user, form.cleaned_data["code"])
        if device is not None:
            next_url = pending["next"]
            request.session.pop(two_factor.PENDING, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(next_url)
        if why == "start-again":
            messages.error(request, _("Too many wrong codes. Give your password again."))
            return redirect("accounts:login")
        form.add_error("code", _CODE_ERRORS.get(why, _CODE_ERRORS["wrong"]))
    return render(request, "accounts/login_code.html", {"form": form}, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code."""
    device = two_factor.setup_device(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        turned_on, why = two_factor.confirm(request, request.user, form.cleaned_data["code"])
        if turned_on:
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("trajectories:list")
        form.add_error("code", _CODE_ERRORS[why])
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(two_factor.qr_svg(device)),  # noqa: S308  # nosec B308 B703 - segno's SVG of our own otpauth address
            "key": two_factor.key_text(device),
            "required": request.session.get(two_factor.SETUP_REQUIRED, False),
        },
    )


@login_required
@require_POST
def two_factor_disable(request):
    form = CodeForm(request.POST, prefix="off")
    if form.is_valid() and two_factor.disable(request.user, form.cleaned_data["code"]):
        messages.success(request, _("Two-factor authentication is off."))
    elif two_factor.is_required(request.user):
        messages.error(request, _("As a facilitator you need two-factor authentication."))
    else:
        messages.error(request, _("This code is not right. Use the code your app shows now."))
    return redirect("accounts:account")
