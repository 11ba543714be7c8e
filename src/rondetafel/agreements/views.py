"""Thin views for agreements: import, the document, review, decisions, versions and redlines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form
from rondetafel.core.uploads import own_upload, upload_step
from rondetafel.trajectories.access import trajectory_view

from . import exports, selectors, services
from .constants import SIGNING_STATUSES, TRANSITIONS, ProposalKind, ProposalStatus, VersionStatus
from .forms import (
    ArticleForm,
    CommentForm,
    DecisionForm,
    ProposalForm,
    StructureForm,
    UploadForm,
    VerdictForm,
    VersionForm,
)
from .models import ImportDraft


def _post(request):
    return request.POST if request.method == "POST" else None


def _version(trajectory, version_id):
    version = selectors.version_get(trajectory=trajectory, version_id=version_id)
    if version is None:
        raise Http404(_("This version does not exist."))
    return version


def _article(version, article_id):
    article = selectors.article_get(version=version, article_id=article_id)
    if article is None:
        raise Http404(_("This article does not exist."))
    return article


def _messages_from(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
@trajectory_view("agreements.view")
def agreement_list(request, trajectory):
    return render(
        request,
        "agreements/list.html",
        {
            "trajectory": trajectory,
            "agreements": selectors.agreement_list(trajectory=trajectory),
            "can_manage": request.user.has_perm("agreements.manage", trajectory),
        },
    )


@trajectory_view("agreements.manage")
@require_http_methods(["GET", "POST"])
def import_upload(request, trajectory):
    def keep(filename, content):
        draft = services.import_draft_create(
            trajectory=trajectory, actor=request.user, filename=filename, content=content
        )
        return reverse("agreements:import_preview", args=[trajectory.pk, draft.pk])

    return upload_step(
        request,
        form_class=UploadForm,
        keep=keep,
        template="agreements/import_upload.html",
        context={"trajectory": trajectory},
    )


@trajectory_view("agreements.manage")
@require_http_methods(["GET", "POST"])
def import_preview(request, trajectory, draft_id):
    draft = own_upload(ImportDraft, trajectory=trajectory, pk=draft_id, user=request.user)
    if draft.saved_as_id:
        return redirect("agreements:version", trajectory.pk, draft.saved_as_id)
    initial_title = ""
    parsed, problem = None, ""
    try:
        parsed = services.preview(request.POST.get("markdown", draft.markdown))
        initial_title = parsed.title
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    form = StructureForm(
        _post(request),
        initial={"title": initial_title or draft.filename, "markdown": draft.markdown},
    )
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        try:
            version = services.import_draft_save(
                draft=draft,
                actor=request.user,
                markdown=form.cleaned_data["markdown"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The agreement has been saved as a draft."))
            return redirect("agreements:version", trajectory.pk, version.pk)
    return render(
        request,
        "agreements/import_preview.html",
        {
            "trajectory": trajectory,
            "draft": draft,
            "form": form,
            "parsed": parsed,
            "problem": problem,
        },
    )


@require_GET
@trajectory_view("agreements.view")
def version_detail(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    can_manage = request.user.has_perm("agreements.manage", trajectory)
    return render(
        request,
        "agreements/version.html",
        {
            "trajectory": trajectory,
            "version": version,
            "sections": selectors.version_document(version=version),
            "can_manage": can_manage,
            "next_statuses": _manual_statuses(version) if can_manage else [],
            "can_open_signing": version.status == VersionStatus.ADOPTED
            and request.user.has_perm("signing.manage", trajectory),
            "versions": version.agreement.versions.order_by("number"),
            "open_proposals": version.proposals.filter(status=ProposalStatus.OPEN).count(),
            "can_review": version.in_review
            and request.user.has_perm("agreements.review", trajectory),
        },
    )


def _manual_statuses(version) -> list:
    if version.status == VersionStatus.OPEN_FOR_SIGNING:
        return []  # the signing ceremony decides what happens next
    allowed = TRANSITIONS.get(version.status, set()) - SIGNING_STATUSES
    return [(s, STATUS_ACTIONS.get(s, VersionStatus(s).label)) for s in sorted(allowed)]


# What the button says: the action, not the status it leads to.
STATUS_ACTIONS = {
    VersionStatus.IN_REVIEW: gettext_lazy("Open for review"),
    VersionStatus.ADOPTED: gettext_lazy("Adopt this version"),
}


@trajectory_view("agreements.manage")
@require_POST
def version_status(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    wanted = request.POST.get("status", "")
    if wanted not in dict(_manual_statuses(version)):
        messages.error(
            request,
            _("Signing is opened, completed and cancelled on the Signing page.")
            if wanted in SIGNING_STATUSES or version.status == VersionStatus.OPEN_FOR_SIGNING
            else _("A version that is %(now)s cannot become %(next)s.")
            % {"now": version.get_status_display().lower(), "next": wanted or "?"},
        )
        return redirect("agreements:version", trajectory.pk, version.pk)
    if version.status == VersionStatus.SIGNED and request.POST.get("confirm") != "1":
        # Reviewing a signed text again is a big step: it takes an explicit confirmation.
        messages.error(
            request,
            _("Confirm that you want to review the signed version again: tick the box first."),
        )
        return redirect("agreements:version", trajectory.pk, version.pk)
    try:
        services.version_set_status(
            version=version, actor=request.user, status=request.POST.get("status", "")
        )
    except (ValidationError, ValueError) as exc:
        _messages_from(
            request,
            exc if isinstance(exc, ValidationError) else ValidationError(_("Unknown status.")),
        )
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("agreements:version", trajectory.pk, version.pk)


@trajectory_view("agreements.manage")
@require_http_methods(["GET", "POST"])
def version_edit(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    form = VersionForm(_post(request), instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(version=version, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("agreements:version", trajectory.pk, version.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "trajectory": trajectory,
            "version": version,
            "form": form,
            "title": _("Term and signatories"),
        },
    )


@trajectory_view("agreements.manage")
@require_POST
def consolidate(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    try:
        nxt = services.version_consolidate(version=version, actor=request.user)
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect("agreements:version", trajectory.pk, version.pk)
    messages.success(
        request, _("Version %(n)d has been made with the adopted proposals.") % {"n": nxt.number}
    )
    return redirect("agreements:version", trajectory.pk, nxt.pk)


def _article_context(request, trajectory, version, article, **forms):
    return {
        "trajectory": trajectory,
        "version": version,
        "article": article,
        "proposals": selectors.proposals(version=version, article=article),
        "can_review": version.in_review and request.user.has_perm("agreements.review", trajectory),
        "can_manage": request.user.has_perm("agreements.manage", trajectory),
        "verdict_form": forms.get("verdict_form") or VerdictForm(),
        "proposal_form": forms.get("proposal_form")
        or ProposalForm(version=version, initial={"text": article.text}),
        "comment_form": CommentForm(),
    }


@require_GET
@trajectory_view("agreements.view")
def article_detail(request, trajectory, version_id, article_id):
    version = _version(trajectory, version_id)
    article = _article(version, article_id)
    return render(
        request, "agreements/article.html", _article_context(request, trajectory, version, article)
    )


@trajectory_view("agreements.review")
@require_POST
def verdict(request, trajectory, version_id, article_id):
    version = _version(trajectory, version_id)
    article = _article(version, article_id)
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            services.verdict_set(
                article=article, user=request.user, verdict=form.cleaned_data["verdict"]
            )
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, _("Your verdict has been recorded."))
            return redirect("agreements:article", trajectory.pk, version.pk, article.pk)
    return render(
        request,
        "agreements/article.html",
        _article_context(request, trajectory, version, article, verdict_form=form),
        status=400,
    )


@trajectory_view("agreements.review")
@require_POST
def propose(request, trajectory, version_id, article_id):
    version = _version(trajectory, version_id)
    article = _article(version, article_id)
    form = ProposalForm(request.POST, version=version)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_create(
                version=version,
                user=request.user,
                kind=data["kind"],
                rationale=data["rationale"],
                text=data["text"],
                heading=data["heading"],
                anonymous=data["anonymous"],
                article=article,
                section=data["section"] or article.section
                if data["kind"] == ProposalKind.NEW
                else None,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("Your proposal has been added."))
            return redirect("agreements:article", trajectory.pk, version.pk, article.pk)
    return render(
        request,
        "agreements/article.html",
        _article_context(request, trajectory, version, article, proposal_form=form),
        status=400,
    )


def _proposal(version, proposal_id):
    proposal = selectors.proposal_get(version=version, proposal_id=proposal_id)
    if proposal is None:
        raise Http404(_("This proposal does not exist."))
    return proposal


def _back_to(proposal, trajectory):
    if proposal.article_id:
        return redirect(
            "agreements:article", trajectory.pk, proposal.version_id, proposal.article_id
        )
    return redirect("agreements:proposals", trajectory.pk, proposal.version_id)


@trajectory_view("agreements.review")
@require_POST
def support(request, trajectory, version_id, proposal_id):
    version = _version(trajectory, version_id)
    proposal = _proposal(version, proposal_id)
    try:
        added = services.support_toggle(proposal=proposal, user=request.user)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(
            request,
            _("You support this proposal.") if added else _("You no longer support this proposal."),
        )
    return _back_to(proposal, trajectory)


@trajectory_view("agreements.review")
@require_POST
def comment(request, trajectory, version_id, proposal_id):
    version = _version(trajectory, version_id)
    proposal = _proposal(version, proposal_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment of at most 2,000 characters."))
    else:
        try:
            services.comment_create(
                proposal=proposal, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            _messages_from(request, exc)
    return _back_to(proposal, trajectory)


@require_GET
@trajectory_view("agreements.view")
def proposal_list(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    return render(
        request,
        "agreements/proposals.html",
        {
            "trajectory": trajectory,
            "version": version,
            "proposals": selectors.proposals(version=version),
            "can_manage": request.user.has_perm("agreements.manage", trajectory),
        },
    )


@trajectory_view("agreements.manage")
@require_http_methods(["GET", "POST"])
def decide(request, trajectory, version_id, proposal_id):
    version = _version(trajectory, version_id)
    proposal = _proposal(version, proposal_id)
    sides = sorted(set(trajectory.parties.values_list("side", flat=True))) or ["other"]
    form = DecisionForm(_post(request), sides=sides)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                proposal=proposal,
                actor=request.user,
                method=form.cleaned_data["method"],
                adopted=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                tally=form.tally(),
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("agreements:proposals", trajectory.pk, version.pk)
    return render(
        request,
        "agreements/decide.html",
        {"trajectory": trajectory, "version": version, "proposal": proposal, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@trajectory_view("agreements.manage")
@require_http_methods(["GET", "POST"])
def article_edit(request, trajectory, version_id, article_id):
    version = _version(trajectory, version_id)
    article = _article(version, article_id)
    form = ArticleForm(
        _post(request),
        initial={
            "number": article.number,
            "heading": article.heading,
            "text": article.text,
            "lock_version": article.lock_version,
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                article=article,
                actor=request.user,
                lock_version=data["lock_version"],
                number=data["number"],
                heading=data["heading"],
                text=data["text"],
            )
        except services.EditConflict as exc:
            conflict = True
            article.refresh_from_db()
            form = ArticleForm({**request.POST.dict(), "lock_version": article.lock_version})
            form.is_valid()
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The article has been saved."))
            return redirect("agreements:version", trajectory.pk, version.pk)
    return render(
        request,
        "agreements/article_edit.html",
        {
            "trajectory": trajectory,
            "version": version,
            "article": article,
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _compare_pair(request, trajectory, version):
    other_id = request.GET.get("from") or (version.based_on_id and str(version.based_on_id))
    if not other_id:
        raise Http404(_("There is no earlier version to compare with."))
    try:
        old = _version(trajectory, other_id)
    except ValidationError as exc:
        raise Http404(_("This version does not exist.")) from exc
    if old.agreement_id != version.agreement_id:
        raise Http404(_("This version does not exist."))
    return old


@require_GET
@trajectory_view("agreements.view")
def compare(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    old = _compare_pair(request, trajectory, version)
    return render(
        request,
        "agreements/compare.html",
        {
            "trajectory": trajectory,
            "old": old,
            "new": version,
            "versions": version.agreement.versions.order_by("number"),
        }
        | selectors.comparison(old=old, new=version),
    )


@require_GET
@trajectory_view("agreements.view")
def compare_pdf(request, trajectory, version_id):
    version = _version(trajectory, version_id)
    old = _compare_pair(request, trajectory, version)
    response = HttpResponse(exports.comparison_pdf(old, version), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="wijzigingen-v{old.number}-v{version.number}.pdf"'
    )
    return response


@require_GET
@trajectory_view("agreements.view")
def export(request, trajectory, version_id, fmt):
    version = _version(trajectory, version_id)
    if fmt == "md":
        response = HttpResponse(
            exports.version_markdown(version), content_type="text/markdown; charset=utf-8"
        )
    elif fmt == "docx":
        response = HttpResponse(
            exports.version_docx(version),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        response = HttpResponse(exports.version_pdf(version), content_type="application/pdf")
    else:
        raise Http404(_("Unknown format."))
    response["Content-Disposition"] = f'attachment; filename="overeenkomst-v{version.number}.{fmt}"'
    return response
