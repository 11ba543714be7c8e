"""Thin views for trust measurement: surveys and waves (facilitator), the report (members),
and the questionnaire itself (anyone with the wave's link)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core import throttle
from rondetafel.core.forms import errors_onto_form
from rondetafel.trajectories.access import trajectory_view
from rondetafel.trajectories.result_links import result_links_for

from . import selectors, services
from .forms import ItemForm, ResponseForm, SurveyForm, WaveForm
from .models import Survey, WaveStatus

DEVICE_COOKIE = "rt_survey_device"


def _survey(trajectory, survey_id) -> Survey:
    survey = Survey.objects.filter(trajectory=trajectory, pk=survey_id).first()
    if survey is None:
        raise Http404(_("This survey does not exist."))
    return survey


@require_http_methods(["GET", "POST"])
@trajectory_view("trust.view")
def survey_list(request, trajectory):
    can_manage = request.user.has_perm("trust.manage", trajectory)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator can create a survey."))
        if form.is_valid():
            try:
                survey = services.survey_create(
                    trajectory=trajectory, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                messages.success(request, _("The survey has been created."))
                return redirect("trust:detail", trajectory.pk, survey.pk)
    return render(
        request,
        "trust/list.html",
        {
            "trajectory": trajectory,
            "surveys": trajectory.surveys.all(),
            "form": form if can_manage else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request, trajectory, survey, **forms):
    waves = []
    for wave in survey.waves.select_related("workshop"):
        link = request.build_absolute_uri(reverse("trust:respond", args=[wave.token]))
        waves.append((wave, link, wave.respondents.count()))
    return {
        "trajectory": trajectory,
        "survey": survey,
        "items": [(i, selectors.item_text(i)) for i in survey.items.all()],
        "waves": waves,
        "item_form": forms.get("item_form") or ItemForm(),
        "wave_form": forms.get("wave_form") or WaveForm(workshops=trajectory.workshops.all()),
    }


@require_GET
@trajectory_view("trust.manage")
def survey_detail(request, trajectory, survey_id):
    survey = _survey(trajectory, survey_id)
    return render(request, "trust/detail.html", _detail_context(request, trajectory, survey))


@require_POST
@trajectory_view("trust.manage")
def item_add(request, trajectory, survey_id):
    survey = _survey(trajectory, survey_id)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.item_add(survey=survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The question has been added."))
            return redirect("trust:detail", trajectory.pk, survey.pk)
    context = _detail_context(request, trajectory, survey, item_form=form)
    return render(request, "trust/detail.html", context, status=400)


@require_POST
@trajectory_view("trust.manage")
def wave_add(request, trajectory, survey_id):
    survey = _survey(trajectory, survey_id)
    workshops = trajectory.workshops.all()
    form = WaveForm(request.POST, workshops=workshops)
    if form.is_valid():
        workshop = (
            workshops.filter(pk=form.cleaned_data["workshop"]).first()
            if form.cleaned_data["workshop"]
            else None
        )
        try:
            services.wave_open(
                survey=survey,
                actor=request.user,
                label=form.cleaned_data["label"],
                moment=form.cleaned_data["moment"],
                workshop=workshop,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The wave is open."))
            return redirect("trust:detail", trajectory.pk, survey.pk)
    context = _detail_context(request, trajectory, survey, wave_form=form)
    return render(request, "trust/detail.html", context, status=400)


@require_POST
@trajectory_view("trust.manage")
def wave_control(request, trajectory, survey_id, wave_id):
    survey = _survey(trajectory, survey_id)
    wave = survey.waves.filter(pk=wave_id).first()
    if wave is None:
        raise Http404(_("This wave does not exist."))
    command = request.POST.get("command")
    try:
        if command in (WaveStatus.OPEN, WaveStatus.CLOSED):
            services.wave_set_status(wave=wave, actor=request.user, status=command)
            messages.success(request, _("The wave's status has been changed."))
        elif command == "invite":
            link = request.build_absolute_uri(reverse("trust:respond", args=[wave.token]))
            sent = services.invite(wave=wave, actor=request.user, link=link)
            messages.success(request, _("Invitations sent: %(n)d.") % {"n": sent})
        else:
            raise ValidationError(_("Unknown command."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("trust:detail", trajectory.pk, survey.pk)


@require_GET
@trajectory_view("trust.view")
def report(request, trajectory, survey_id):
    survey = _survey(trajectory, survey_id)
    return render(
        request,
        "trust/report.html",
        {
            "trajectory": trajectory,
            "report": selectors.report(survey),
            # How many answers share a code tells who is guessing others' codes, and when:
            # for the facilitator, who can act on it, not for every member.
            "show_flagged": request.user.has_perm("trust.manage", trajectory),
        },
    )


@require_GET
@trajectory_view("trust.view")
def report_pdf(request, trajectory, survey_id):
    from weasyprint import HTML

    survey = _survey(trajectory, survey_id)
    html = render_to_string(
        "trust/report_pdf.html",
        {
            "trajectory": trajectory,
            "report": selectors.report(survey),
            "show_flagged": request.user.has_perm("trust.manage", trajectory),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="vertrouwen.pdf"'
    return response


def _too_many_from_here(request, wave) -> bool:
    """Each fresh cookie is a new respondent, so one script could fill a wave (issue 20, finding
    5). Submissions per wave and network address are capped per hour, well above a room behind
    one address."""
    key = f"trust:submissions:{wave.pk}:{request.META.get('REMOTE_ADDR') or ''}"
    return throttle.count(key, 3600) > settings.TRUST_SUBMISSIONS_PER_ADDRESS_HOUR


@require_http_methods(["GET", "POST"])
def respond(request, token):
    """The questionnaire, public by the wave's link. A random device id in a cookie tells a
    second submission from the same person (it replaces the first) from someone else who chose
    the same code (both are flagged)."""
    wave = selectors.wave_by_token(token)
    if wave is None:
        raise Http404(_("This questionnaire does not exist."))
    items = list(wave.survey.items.all())
    form = ResponseForm(request.POST or None, items=items)
    device = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)
    done = False
    status = 200
    if request.method == "POST" and _too_many_from_here(request, wave):
        form.add_error(
            None,
            _(
                "Very many questionnaires were sent from this network in the last hour, so this "
                "one was not accepted. Ask the facilitator."
            ),
        )
        status = 429
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.respond(
                    wave=wave,
                    code=form.cleaned_data["code"],
                    side=form.cleaned_data["side"],
                    answers=form.answers(),
                    device=device,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        name = field if field in form.fields else f"item_{field}"
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
                status = 400
            else:
                done = True
        else:
            status = 400
    elif wave.status != WaveStatus.OPEN:
        status = 410
    response = render(
        request,
        "trust/respond.html",
        {
            "wave": wave,
            "form": form,
            "done": done,
            "closed": wave.status != WaveStatus.OPEN,
            "result_links": result_links_for(wave.survey.trajectory_id) if done else [],
        },
        status=status,
    )
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=3600 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
