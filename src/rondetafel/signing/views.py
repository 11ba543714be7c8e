"""Thin views for signing: open a ceremony, sign, follow the progress, download, verify."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.agreements import selectors as agreement_selectors
from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.models import Version
from rondetafel.core.forms import errors_onto_form
from rondetafel.trajectories.access import trajectory_view
from rondetafel.trajectories.models import Membership

from . import selectors, services
from .constants import CeremonyStatus, SigningOrder
from .forms import OpenForm, SignForm, VerifyForm

MAX_PDF_BYTES = 20 * 1024 * 1024


def _ceremony(trajectory, ceremony_id):
    ceremony = selectors.ceremony_get(trajectory=trajectory, ceremony_id=ceremony_id)
    if ceremony is None:
        raise Http404(_("This signing ceremony does not exist."))
    return ceremony


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@trajectory_view("signing.view")
def ceremony_list(request, trajectory):
    can_manage = request.user.has_perm("signing.manage", trajectory)
    openable = (
        Version.objects.filter(agreement__trajectory=trajectory, status=VersionStatus.ADOPTED)
        .select_related("agreement")
        .order_by("agreement__title", "number")
        if can_manage
        else []
    )
    return render(
        request,
        "signing/list.html",
        {
            "trajectory": trajectory,
            "ceremonies": selectors.ceremonies_for(trajectory=trajectory),
            "openable": openable,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("signing.manage")
def ceremony_open(request, trajectory, version_id):
    version = Version.objects.filter(agreement__trajectory=trajectory, pk=version_id).first()
    if version is None:
        raise Http404(_("This version does not exist."))
    members = (
        Membership.objects.filter(trajectory=trajectory)
        .select_related("user", "party")
        .order_by("party__side", "party__name", "user__full_name")
    )
    form = OpenForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            ceremony = services.ceremony_open(
                version=version,
                actor=request.user,
                choice=form.cleaned_data["choice"],
                order=form.cleaned_data["order"],
                chosen_user_ids=form.cleaned_data["users"],
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The agreement is open for signing."))
            return redirect("signing:ceremony", trajectory.pk, ceremony.pk)
    return render(
        request,
        "signing/open.html",
        {"trajectory": trajectory, "version": version, "form": form},
    )


@require_GET
@trajectory_view("signing.view")
def ceremony_detail(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    return render(
        request,
        "signing/ceremony.html",
        {
            "trajectory": trajectory,
            "ceremony": ceremony,
            "signatories": selectors.signatories(ceremony=ceremony),
            "mine": selectors.signatory_for(ceremony=ceremony, user=request.user),
            "progress": selectors.progress(ceremony=ceremony),
            "can_manage": request.user.has_perm("signing.manage", trajectory),
            "max_failed": services.MAX_FAILED_CODES,
        },
    )


def _mine(request, ceremony):
    signatory = selectors.signatory_for(ceremony=ceremony, user=request.user)
    if signatory is None:
        raise PermissionDenied(_("You are not on the list of signatories."))
    return signatory


@require_http_methods(["GET", "POST"])
@trajectory_view("signing.view")
def sign(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    signatory = _mine(request, ceremony)
    if signatory.signed:
        messages.info(request, _("You have already signed this agreement."))
        return redirect("signing:ceremony", trajectory.pk, ceremony.pk)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign(
                signatory=signatory,
                actor=request.user,
                method=form.cleaned_data["method"],
                code=form.cleaned_data["code"],
                confirmed=form.cleaned_data["confirmed"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                drawing=form.cleaned_data["drawing"],
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("Thank you: your signature has been placed."))
            return redirect("signing:ceremony", trajectory.pk, ceremony.pk)
    return render(
        request,
        "signing/sign.html",
        {
            "trajectory": trajectory,
            "ceremony": ceremony,
            "signatory": signatory,
            "form": form,
            "sections": agreement_selectors.version_document(version=ceremony.version),
            "sequence": ceremony.order == SigningOrder.SEQUENCE,
        },
    )


@require_POST
@trajectory_view("signing.view")
def send_code(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    signatory = _mine(request, ceremony)
    try:
        services.email_code_send(signatory=signatory, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("We have sent a code to %(email)s. It is valid for %(n)d minutes.")
            % {"email": request.user.email, "n": services.EMAIL_CODE_MINUTES},
        )
    return redirect("signing:sign", trajectory.pk, ceremony.pk)


@require_GET
@trajectory_view("signing.view")
def screen(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    return render(
        request,
        "signing/screen.html",
        {
            "trajectory": trajectory,
            "ceremony": ceremony,
            # The code proves presence in the room: only the facilitator's projected screen
            # shows it, not a member opening the same page at home.
            "show_code": request.user.has_perm("signing.manage", trajectory),
            "signatories": selectors.signatories(ceremony=ceremony),
            "progress": selectors.progress(ceremony=ceremony),
        },
    )


@require_GET
@trajectory_view("signing.view")
def progress_json(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    progress = selectors.progress(ceremony=ceremony)
    people = selectors.signatories(ceremony=ceremony)
    return JsonResponse(
        {
            "signed": progress.signed,
            "total": progress.total,
            "complete": progress.complete,
            "last": progress.last_name,
            "text": _("%(signed)d of %(total)d signed")
            % {"signed": progress.signed, "total": progress.total},
            "signatories": [{"id": str(s.pk), "signed": s.signed} for s in people],
        }
    )


@require_GET
@trajectory_view("signing.view")
def document(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    pdf = bytes(type(ceremony).objects.values_list("document", flat=True).get(pk=ceremony.pk))
    suffix = "ondertekend" if ceremony.status == CeremonyStatus.COMPLETE else "ter-ondertekening"
    return _pdf_response(pdf, f"overeenkomst-v{ceremony.version.number}-{suffix}.pdf")


@require_GET
@trajectory_view("signing.view")
def certificate(request, trajectory, ceremony_id):
    ceremony = _ceremony(trajectory, ceremony_id)
    pdf = (
        type(ceremony).objects.values_list("completion_certificate", flat=True).get(pk=ceremony.pk)
    )
    if not pdf:
        raise Http404(_("The completion certificate exists once everyone has signed."))
    return _pdf_response(bytes(pdf), f"certificaat-van-voltooiing-v{ceremony.version.number}.pdf")


def _manage_action(request, trajectory, ceremony_id, action):
    ceremony = _ceremony(trajectory, ceremony_id)
    try:
        action(ceremony)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("signing:ceremony", trajectory.pk, ceremony.pk)


@require_POST
@trajectory_view("signing.manage")
def room_code(request, trajectory, ceremony_id):
    def renew(ceremony):
        services.room_code_renew(ceremony=ceremony, actor=request.user)
        messages.success(request, _("There is a new room code."))

    return _manage_action(request, trajectory, ceremony_id, renew)


@require_POST
@trajectory_view("signing.manage")
def unlock(request, trajectory, ceremony_id, signatory_id):
    def do_unlock(ceremony):
        signatory = ceremony.signatories.filter(pk=signatory_id).first()
        if signatory is None:
            raise Http404(_("This signatory does not exist."))
        services.signatory_unlock(signatory=signatory, actor=request.user)
        messages.success(request, _("%(name)s can try again.") % {"name": signatory.name})

    return _manage_action(request, trajectory, ceremony_id, do_unlock)


@require_POST
@trajectory_view("signing.manage")
def cancel(request, trajectory, ceremony_id):
    def do_cancel(ceremony):
        services.ceremony_cancel(ceremony=ceremony, actor=request.user)
        messages.success(request, _("Signing has been cancelled; the version is adopted again."))

    return _manage_action(request, trajectory, ceremony_id, do_cancel)


VERIFY_PER_ADDRESS = 20  # checks per address per ten minutes: a check costs seconds of CPU
VERIFY_WINDOW_SECONDS = 600


UPLOAD_OVERHEAD_BYTES = 64 * 1024  # the form's other fields and the multipart boundaries


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _verify_allowed(request) -> bool:
    """Count this check against the address; False once it has had its share."""
    from rondetafel.core import throttle

    key = f"verify:{request.META.get('REMOTE_ADDR', '')}"
    return throttle.count(key, VERIFY_WINDOW_SECONDS) <= VERIFY_PER_ADDRESS


@require_GET
def root_certificate(request):
    """Public: the installation's root certificate, for `rondetafel verify --root` and other
    verifiers (Adobe, pdfsig) away from this installation."""
    response = HttpResponse(selectors.root_certificate_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="rondetafel-root.pem"'
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    """Public: anyone holding a signed PDF can check it here, without an account.

    What a check costs is bounded: by address (`_verify_allowed`), by size (refused from the
    declared length, before the upload is parsed) and by time (`verifier.DEADLINE_SECONDS`)."""
    posted = request.method == "POST"
    if posted and not _verify_allowed(request):
        refusal = _("Too many checks from this address. Try again in ten minutes.")
        context = {"form": VerifyForm(), "report": None, "record": None, "refusal": refusal}
        return render(request, "signing/verify.html", context, status=429)
    if posted and _declared_length(request) > MAX_PDF_BYTES + UPLOAD_OVERHEAD_BYTES:
        refusal = _("This file is larger than 20 MB.")
        context = {"form": VerifyForm(), "report": None, "record": None, "refusal": refusal}
        return render(request, "signing/verify.html", context, status=413)
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    report = record = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            form.add_error("file", _("This file is larger than 20 MB."))
        else:
            report, record = selectors.verify(upload.read())
    return render(
        request, "signing/verify.html", {"form": form, "report": report, "record": record}
    )
