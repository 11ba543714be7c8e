"""Thin views for reports: the list with quotes, generating a draft, editing, publishing, and
the report as a page, a PDF and a Word document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form, form_errors
from rondetafel.trajectories.access import trajectory_view

from . import exports, services
from .constants import ReportStatus
from .feedback import anchor_of, contributions
from .forms import (
    FeedbackAnswerForm,
    FeedbackPublishForm,
    GenerateForm,
    QuoteForm,
    ReportForm,
)
from .models import FeedbackPage, Quote, Report


def _report(request, trajectory, report_id) -> Report:
    report = Report.objects.filter(trajectory=trajectory, pk=report_id).first()
    if report is None:
        raise Http404(_("This report does not exist."))
    if report.status != ReportStatus.PUBLISHED and not request.user.has_perm(
        "reports.view_drafts", trajectory
    ):
        raise PermissionDenied(_("This report has not been published yet."))
    return report


def _say(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _list_page(request, trajectory, *, quote_form=None, status=200):
    manage = request.user.has_perm("reports.manage", trajectory)
    reports = Report.objects.filter(trajectory=trajectory)
    if not request.user.has_perm("reports.view_drafts", trajectory):
        reports = reports.filter(status=ReportStatus.PUBLISHED)
    return render(
        request,
        "reports/list.html",
        {
            "trajectory": trajectory,
            "reports": reports,
            "quotes": Quote.objects.filter(trajectory=trajectory).select_related("membership"),
            "generate_form": GenerateForm() if manage else None,
            "quote_form": (quote_form or QuoteForm(trajectory=trajectory)) if manage else None,
        },
        status=status,
    )


@require_GET
@trajectory_view("reports.view")
def report_list(request, trajectory):
    return _list_page(request, trajectory)


@require_POST
@trajectory_view("reports.manage")
def generate(request, trajectory):
    form = GenerateForm(request.POST)
    try:
        if not form.is_valid():
            raise form_errors(form)
        report = services.report_generate(
            trajectory=trajectory, actor=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        _say(request, exc)
        return redirect("reports:list", trajectory.pk)
    messages.success(request, _("The draft has been written from the trajectory's data."))
    return redirect("reports:report", trajectory.pk, report.pk)


@require_POST
@trajectory_view("reports.manage")
def quote_add(request, trajectory):
    form = QuoteForm(request.POST, trajectory=trajectory)
    if form.is_valid():
        try:
            services.quote_create(trajectory=trajectory, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The quote has been added."))
            return redirect("reports:list", trajectory.pk)
    return _list_page(request, trajectory, quote_form=form, status=400)


@require_POST
@trajectory_view("reports.view")
def quote_consent(request, trajectory, quote_id):
    quote = Quote.objects.filter(trajectory=trajectory, pk=quote_id).first()
    if quote is None:
        raise Http404(_("This quote does not exist."))
    given = request.POST.get("given") == "1"
    services.quote_consent(quote=quote, user=request.user, given=given)
    messages.success(
        request,
        _("Thank you: your consent has been recorded.")
        if given
        else _("Your consent has been withdrawn; the quote is no longer used."),
    )
    return redirect("reports:list", trajectory.pk)


@require_GET
@trajectory_view("reports.view")
def report(request, trajectory, report_id):
    report = _report(request, trajectory, report_id)
    return render(
        request,
        "reports/report.html",
        {
            "trajectory": trajectory,
            "report": report,
            "body": mark_safe(exports.body_html(report)),  # noqa: S308  (a template's output, escaped there)  # nosec B308 B703
            "can_manage": request.user.has_perm("reports.manage", trajectory),
        },
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("reports.manage")
def edit(request, trajectory, report_id):
    report = _report(request, trajectory, report_id)
    initial = {"title": report.title, "quotes": list(report.quotes.values_list("pk", flat=True))}
    form = ReportForm(request.POST or None, report=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update(
                report=report,
                actor=request.user,
                title=data["title"],
                texts={s["key"]: data[f"section_{s['key']}"] for s in report.sections},
                quote_ids=[q.pk for q in data["quotes"]],
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("reports:report", trajectory.pk, report.pk)
    return render(
        request,
        "reports/edit.html",
        {"trajectory": trajectory, "report": report, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@trajectory_view("reports.manage")
def publish(request, trajectory, report_id):
    report = _report(request, trajectory, report_id)
    published = request.POST.get("published") == "1"
    services.report_publish(report=report, actor=request.user, published=published)
    messages.success(
        request,
        _("The report is published for everyone at the table.")
        if published
        else _("The report is a draft again."),
    )
    return redirect("reports:report", trajectory.pk, report.pk)


def _download(report, content: bytes, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = slugify(report.title) or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@require_GET
@trajectory_view("reports.view")
def report_pdf(request, trajectory, report_id):
    report = _report(request, trajectory, report_id)
    return _download(report, exports.pdf(report), "pdf", "application/pdf")


@require_GET
@trajectory_view("reports.view")
def report_docx(request, trajectory, report_id):
    report = _report(request, trajectory, report_id)
    return _download(
        report,
        exports.docx(report),
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


# --- you said, we did ------------------------------------------------------------------------


def _ids(key: str) -> str:
    """Each contribution's form has fields of its own ids on the one page."""
    return "id_" + anchor_of(key) + "_%s"


def _feedback_page(request, trajectory, *, failed=None, status=200):
    manage = request.user.has_perm("reports.manage", trajectory)
    page = services.feedback_page_for(trajectory)
    items = contributions(trajectory)
    if manage:
        for item in items:
            if failed is not None and failed.data.get("source_key") == item.key:
                item.form = failed
            else:
                item.form = FeedbackAnswerForm(
                    initial={
                        "source_key": item.key,
                        "status": item.status,
                        "text": item.outcome if item.answered else "",
                    },
                    auto_id=_ids(item.key),
                )
    return render(
        request,
        "reports/feedback.html",
        {
            "trajectory": trajectory,
            "page": page,
            "items": items,
            "can_manage": manage,
            "publish_form": FeedbackPublishForm(initial={"intro": page.intro}) if manage else None,
            "result_url": request.build_absolute_uri(reverse("reports:results", args=[page.token])),
        },
        status=status,
    )


@require_GET
@trajectory_view("reports.view")
def feedback(request, trajectory):
    return _feedback_page(request, trajectory)


@require_POST
@trajectory_view("reports.manage")
def feedback_answer(request, trajectory):
    key = request.POST.get("source_key", "")
    form = FeedbackAnswerForm(request.POST, auto_id=_ids(key))
    if form.is_valid():
        try:
            services.feedback_answer(trajectory=trajectory, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("Saved: this is what people will read."))
            return redirect(
                reverse("reports:feedback", args=[trajectory.pk]) + "#" + anchor_of(key)
            )
    return _feedback_page(request, trajectory, failed=form, status=400)


@require_POST
@trajectory_view("reports.manage")
def feedback_publish(request, trajectory):
    form = FeedbackPublishForm(request.POST)
    published = request.POST.get("published") == "1"
    intro = form.cleaned_data["intro"] if form.is_valid() else ""
    services.feedback_publish(
        trajectory=trajectory, actor=request.user, published=published, intro=intro
    )
    messages.success(
        request,
        _("Published: everyone with the result link can read it.")
        if published
        else _("No longer published."),
    )
    return redirect("reports:feedback", trajectory.pk)


@require_GET
def results(request, token):
    """The public result page: no account needed, only the link. A phone that contributed in
    one of the sessions sees its own contributions marked."""
    from rondetafel.workshops.constants import PARTICIPANT_COOKIE

    page = FeedbackPage.objects.filter(token=token).select_related("trajectory").first()
    if page is None:
        raise Http404(_("This result link is not valid."))
    items = (
        contributions(page.trajectory, participant_key=request.COOKIES.get(PARTICIPANT_COOKIE))
        if page.published_at
        else []
    )
    items.sort(key=lambda item: not item.mine)  # your own first
    return render(
        request,
        "reports/results.html",
        {"page": page, "trajectory": page.trajectory, "items": items},
    )
