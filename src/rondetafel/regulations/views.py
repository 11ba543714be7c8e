"""Thin views: regulations and their import, the rules inventory, assessing at one's own pace,
every side's assessment and the decision per rule, the minimal framework (HTML, PDF, DOCX, into
an agreement), and the right to challenge."""

from __future__ import annotations

import uuid
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form, form_errors
from rondetafel.core.uploads import MAX_UPLOAD_BYTES
from rondetafel.trajectories.access import trajectory_view

from . import exports, importing, selectors, services
from .constants import CHALLENGE_CRITERIA
from .forms import (
    AssessmentForm,
    ChallengeAssessForm,
    ChallengeDecideForm,
    ChallengeForm,
    ChallengeReportForm,
    ClusterForm,
    DecisionForm,
    PolicyRuleForm,
    RuleForm,
    SheetImportForm,
    TermsForm,
    XmlImportForm,
)


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _say(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _submit(request, form, write, success: str) -> None:
    """A posted form into a service: its success or its refusal said as a message."""
    try:
        if not form.is_valid():
            raise form_errors(form)
        write(**form.cleaned_data)
        messages.success(request, success)
    except ValidationError as exc:
        _say(request, exc)


def _rule(trajectory, rule_id):
    rule = selectors.rule_get(trajectory, rule_id)
    if rule is None:
        raise Http404(_("This rule does not exist."))
    return rule


# --- regulations ------------------------------------------------------------------------------


@require_GET
@trajectory_view("regulations.view")
def index(request, trajectory):
    return _index(request, trajectory)


def _index(request, trajectory, refused: dict | None = None):
    """The regulations and the import forms; `refused` puts a refused form back (status 400)."""
    can_manage = request.user.has_perm("regulations.manage", trajectory)
    context = {
        "trajectory": trajectory,
        "regulations": selectors.regulations(trajectory),
        "rule_count": selectors.rules(trajectory).count(),
        "xml_form": XmlImportForm(prefix="xml") if can_manage else None,
        "sheet_form": SheetImportForm(prefix="sheet") if can_manage else None,
        **(refused or {}),
    }
    return render(request, "regulations/index.html", context, status=400 if refused else 200)


def _imported(request, trajectory, report):
    messages.success(
        request,
        ngettext(
            "%(n)d article imported.", "%(n)d articles imported.", report.articles
        ) % {"n": report.articles},
    )  # fmt: skip
    if report.unknown:
        messages.warning(
            request,
            _("Unknown elements were kept as text: %(list)s.")
            % {"list": ", ".join(f"<{k}> ({n}×)" for k, n in sorted(report.unknown.items()))},
        )
    if report.regulation.previous_id:
        messages.info(
            request,
            _(
                "A newer version beside version %(old)s: %(changed)d articles changed, %(new)d "
                "new, %(dropped)d gone; %(flagged)d rules flagged for review."
            )
            % {
                "old": report.regulation.previous.version,
                "changed": len(report.changed),
                "new": len(report.new),
                "dropped": len(report.dropped),
                "flagged": report.flagged_rules,
            },
        )
    return redirect("regulations:regulation", trajectory.pk, report.regulation.pk)


def _import(request, trajectory, form, name: str, run):
    """An uploaded file through `run(filename, content, **cleaned_data)`: the regulation's
    page with a report, or the form again with the refusal (nothing stored)."""
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError({"file": _("The file is larger than 10 MB.")})
            report = run(upload.name, upload.read(), **data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            return _imported(request, trajectory, report)
    return _index(request, trajectory, refused={name: form})


@require_POST
@trajectory_view("regulations.manage")
def import_xml(request, trajectory):
    def run(filename, content):
        return importing.import_xml(trajectory=trajectory, actor=request.user, content=content)

    form = XmlImportForm(request.POST, request.FILES, prefix="xml")
    return _import(request, trajectory, form, "xml_form", run)


@require_POST
@trajectory_view("regulations.manage")
def import_sheet(request, trajectory):
    def run(filename, content, **data):
        return importing.import_sheet(
            trajectory=trajectory, actor=request.user, filename=filename, content=content, **data
        )

    form = SheetImportForm(request.POST, request.FILES, prefix="sheet")
    return _import(request, trajectory, form, "sheet_form", run)


@require_http_methods(["GET", "POST"])
@trajectory_view("regulations.view")
def regulation(request, trajectory, regulation_id):
    found = selectors.regulation_get(trajectory, regulation_id)
    if found is None:
        raise Http404(_("This regulation does not exist."))
    can_manage = request.user.has_perm("regulations.manage", trajectory)
    if request.method == "POST":  # put the ticked articles in scope
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator changes the inventory."))
        # "a": whole articles; "m": single members, as "<article id>:<member number>"
        articles = [_uuid(v) for v in request.POST.getlist("a")]
        members = [(_uuid(a), m.strip()[:10]) for a, _s, m in (
            v.partition(":") for v in request.POST.getlist("m"))]  # fmt: skip
        here = {
            p.pk: p
            for p in selectors.provisions_of(trajectory, articles + [a for a, _m in members])
            if p.regulation_id == found.pk
        }
        provisions = [here[a] for a in articles if a in here]
        provisions += [(here[a], m) for a, m in members if a in here]
        cluster = (
            selectors.clusters(trajectory).filter(pk=_uuid(request.POST.get("cluster"))).first()
        )
        try:
            added = services.rules_from_provisions(
                trajectory=trajectory,
                actor=request.user,
                provisions=provisions,
                cluster=cluster,
                holder=request.POST.get("holder", ""),
            )
        except ValidationError as exc:
            _say(request, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d rule put in the inventory.", "%(n)d rules put in the inventory.", len(added)
                ) % {"n": len(added)},
            )  # fmt: skip
            return redirect("regulations:inventory", trajectory.pk)
        return redirect("regulations:regulation", trajectory.pk, found.pk)
    in_scope = {  # "<article id>" for whole articles, "<article id>:<member>" for members
        f"{p}:{m}" if m else str(p)
        for p, m in selectors.rules(trajectory)
        .filter(provision__regulation=found)
        .values_list("provision_id", "member")
    }
    return render(
        request,
        "regulations/regulation.html",
        {
            "trajectory": trajectory,
            "regulation": found,
            "provisions": found.provisions.all(),
            "in_scope": in_scope,
            "can_manage": can_manage,
            "clusters": selectors.clusters(trajectory),
        },
    )


# --- the inventory ----------------------------------------------------------------------------


@require_GET
@trajectory_view("regulations.view")
def inventory(request, trajectory):
    can_manage = request.user.has_perm("regulations.manage", trajectory)
    clusters = selectors.clusters(trajectory)
    rule_list = list(selectors.rules(trajectory))
    return render(
        request,
        "regulations/inventory.html",
        {
            "trajectory": trajectory,
            "rules": [
                (
                    r,
                    RuleForm(
                        prefix=f"r{r.pk}",
                        clusters=clusters,
                        initial={"holder": r.holder, "form": r.form, "cluster": r.cluster_id},
                    )
                    if can_manage
                    else None,
                )
                for r in rule_list
            ],
            "can_manage": can_manage,
            "policy_form": PolicyRuleForm(prefix="policy", clusters=clusters)
            if can_manage
            else None,
            "cluster_form": ClusterForm(prefix="cluster") if can_manage else None,
            "sessions": trajectory.workshops.exclude(status="closed") if can_manage else [],
            "regulations": selectors.regulations(trajectory),
        },
    )


@require_POST
@trajectory_view("regulations.manage")
def rule_update(request, trajectory, rule_id):
    rule = _rule(trajectory, rule_id)
    form = RuleForm(request.POST, prefix=f"r{rule.pk}", clusters=selectors.clusters(trajectory))
    write = partial(services.rule_update, rule=rule, actor=request.user)
    _submit(request, form, write, _("Saved: %(rule)s.") % {"rule": rule.title})
    return redirect("regulations:inventory", trajectory.pk)


@require_POST
@trajectory_view("regulations.manage")
def rule_remove(request, trajectory, rule_id):
    rule = _rule(trajectory, rule_id)
    services.rule_remove(rule=rule, actor=request.user)
    messages.success(request, _("Taken out of the inventory: %(rule)s.") % {"rule": rule.title})
    return redirect("regulations:inventory", trajectory.pk)


@require_POST
@trajectory_view("regulations.manage")
def rule_reviewed(request, trajectory, rule_id):
    rule = _rule(trajectory, rule_id)
    services.rule_reviewed(rule=rule, actor=request.user)
    messages.success(request, _("Marked as reviewed: %(rule)s.") % {"rule": rule.title})
    return redirect("regulations:rule", trajectory.pk, rule.pk)


@require_POST
@trajectory_view("regulations.manage")
def policy_add(request, trajectory):
    form = PolicyRuleForm(request.POST, prefix="policy", clusters=selectors.clusters(trajectory))
    write = partial(services.rule_add_policy, trajectory=trajectory, actor=request.user)
    _submit(request, form, write, _("The policy rule is in the inventory."))
    return redirect("regulations:inventory", trajectory.pk)


@require_POST
@trajectory_view("regulations.manage")
def cluster_add(request, trajectory):
    form = ClusterForm(request.POST, prefix="cluster")
    write = partial(services.cluster_add, trajectory=trajectory, actor=request.user)
    _submit(request, form, write, _("The cluster has been added."))
    return redirect("regulations:inventory", trajectory.pk)


@require_POST
@trajectory_view("regulations.manage")
def assessing_start(request, trajectory):
    workshop = trajectory.workshops.filter(pk=_uuid(request.POST.get("session"))).first()
    try:
        if workshop is None:
            raise ValidationError(_("Choose a session of this trajectory."))
        services.assessing_start(trajectory=trajectory, workshop=workshop, actor=request.user)
        messages.success(
            request,
            _("Assessing the rules is ready in the session “%(title)s”: start it from its console.")
            % {"title": workshop.title},
        )
    except ValidationError as exc:
        _say(request, exc)
    return redirect("regulations:inventory", trajectory.pk)


# --- assessing at one's own pace --------------------------------------------------------------


@require_GET
@trajectory_view("regulations.assess")
def assess_list(request, trajectory):
    mine = selectors.my_assessments(trajectory, request.user)
    rule_list = list(selectors.rules(trajectory))
    return render(
        request,
        "regulations/assess_list.html",
        {
            "trajectory": trajectory,
            "rules": [(r, mine.get(r.pk)) for r in rule_list],
            "done": sum(1 for r in rule_list if r.pk in mine),
        },
    )


@require_http_methods(["GET", "POST"])
@trajectory_view("regulations.assess")
def assess(request, trajectory, rule_id):
    rule = _rule(trajectory, rule_id)
    mine = selectors.my_assessments(trajectory, request.user).get(rule.pk)
    initial = {}
    if mine is not None:
        initial = {
            k: getattr(mine, k) for k in (*services.ASSESSMENT_FIELDS, "reason", "conditions")
        }
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(rule=rule, user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(
                request, _("Your assessment of “%(rule)s” is saved.") % {"rule": rule.title}
            )
            following = _next_to_assess(trajectory, request.user, rule)
            if following is not None:
                return redirect("regulations:assess", trajectory.pk, following.pk)
            return redirect("regulations:assess_list", trajectory.pk)
    return render(
        request,
        "regulations/assess.html",
        {"trajectory": trajectory, "rule": rule, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )


def _next_to_assess(trajectory, user, after):
    mine = selectors.my_assessments(trajectory, user)
    rule_list = list(selectors.rules(trajectory))
    ids = [r.pk for r in rule_list]
    start = ids.index(after.pk) + 1 if after.pk in ids else 0
    for rule in rule_list[start:] + rule_list[:start]:
        if rule.pk not in mine:
            return rule
    return None


# --- every side's assessment, and the decision ------------------------------------------------


RESULTS_PER_PAGE = 50
STATUS_FILTERS = ("differ", "agree", "single", "none", "undecided")


@require_GET
@trajectory_view("regulations.view")
def results(request, trajectory):
    """Every rule's per-side view; filtered (where the sides differ, undecided, a cluster) and
    50 to a page, so an APV of 400 articles stays a page one can read and load quickly."""
    every = selectors.statuses(trajectory)
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    clusters = list(selectors.clusters(trajectory))
    cluster = next((c for c in clusters if str(c.pk) == request.GET.get("cluster")), None)
    shown = [
        r
        for r in every
        if (not status or r.status == status or (status == "undecided" and not r.decided))
        and (cluster is None or r.cluster_id == cluster.pk)
    ]
    page = Paginator(shown, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    on_page = selectors.rules(trajectory, light=True).filter(
        pk__in=[r.rule_id for r in page.object_list]
    )
    query = {"status": status, "cluster": cluster.pk if cluster else ""}
    return render(
        request,
        "regulations/results.html",
        {
            "trajectory": trajectory,
            "total": len(every),
            "views": selectors.aggregation(trajectory, on_page, with_reasons=False),
            "page": page,
            "shown": len(shown),
            "status": status,
            "cluster": cluster,
            "clusters": clusters,
            "query": urlencode({k: v for k, v in query.items() if v}),
            "sides": selectors.sides_in(set().union(*(r.sides for r in every)), trajectory),
            "differ": sum(1 for r in every if r.status == "differ"),
            "agree": sum(1 for r in every if r.status == "agree"),
        },
    )


@require_GET
@trajectory_view("regulations.view")
def rule(request, trajectory, rule_id):
    found = _rule(trajectory, rule_id)
    (view,) = selectors.aggregation(trajectory, [found])
    can_manage = request.user.has_perm("regulations.manage", trajectory)
    decision = getattr(found, "decision", None)
    initial = (
        {
            "outcome": decision.outcome,
            "role": decision.role,
            "conditions": decision.conditions,
            "reason": decision.reason,
        }
        if decision
        else {}
    )
    return render(
        request,
        "regulations/rule.html",
        {
            "trajectory": trajectory,
            "rule": found,
            "view": view,
            "decision": decision,
            "can_manage": can_manage,
            "decision_form": DecisionForm(initial=initial)
            if can_manage and not found.removed_at
            else None,
        },
    )


@require_POST
@trajectory_view("regulations.manage")
def decide(request, trajectory, rule_id):
    found = _rule(trajectory, rule_id)
    write = partial(services.decision_record, rule=found, actor=request.user)
    message = _("The decision on “%(rule)s” is recorded.") % {"rule": found.title}
    _submit(request, DecisionForm(request.POST), write, message)
    return redirect("regulations:rule", trajectory.pk, found.pk)


# --- the minimal framework --------------------------------------------------------------------


@require_GET
@trajectory_view("regulations.view")
def framework(request, trajectory):
    return render(
        request,
        "regulations/framework.html",
        {
            "trajectory": trajectory,
            "framework": selectors.framework(trajectory),
            "can_manage": request.user.has_perm("regulations.manage", trajectory),
            "drafts": selectors.draft_versions(trajectory),
        },
    )


@require_GET
@trajectory_view("regulations.view")
def framework_pdf(request, trajectory):
    response = HttpResponse(exports.pdf(trajectory), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="minimaal-kader.pdf"'
    return response


@require_GET
@trajectory_view("regulations.view")
def framework_docx(request, trajectory):
    response = HttpResponse(
        exports.docx(trajectory),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="minimaal-kader.docx"'
    return response


@require_POST
@trajectory_view("regulations.manage")
def framework_agreement(request, trajectory):
    from rondetafel.agreements.models import Version

    into = request.POST.get("into", "")
    draft = None
    try:
        if into:  # an existing draft, or (empty) a new agreement
            draft = Version.objects.filter(
                agreement__trajectory=trajectory, pk=_uuid(into), status="draft"
            ).first()
            if draft is None:
                raise ValidationError(_("Choose a draft agreement of this trajectory."))
        version = services.framework_to_agreement(
            trajectory=trajectory,
            actor=request.user,
            title=request.POST.get("title", ""),
            version=draft,
        )
    except ValidationError as exc:
        _say(request, exc)
        return redirect("regulations:framework", trajectory.pk)
    messages.success(request, _("The framework is a draft agreement now: review it with the room."))
    return redirect("agreements:version", trajectory.pk, version.pk)


# --- the right to challenge -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@trajectory_view("regulations.view")
def challenges(request, trajectory):
    may_file = request.user.has_perm("regulations.challenge", trajectory)
    rule_choices = selectors.rules(trajectory)
    form = ChallengeForm(request.POST if request.method == "POST" else None, rules=rule_choices)
    if request.method == "POST":
        if not may_file:
            raise PermissionDenied(_("Only people at the table can file a request."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("rules")
            try:
                filed = services.challenge_submit(
                    trajectory=trajectory, requester=request.user, data=data, rules=chosen
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                messages.success(
                    request,
                    _("Your request is in. The municipality decides by %(date)s.")
                    % {"date": filed.decision_due.strftime("%d-%m-%Y")},
                )
                return redirect("regulations:challenge", trajectory.pk, filed.pk)
    can_decide = request.user.has_perm("regulations.decide_challenge", trajectory)
    terms = services.terms_of(trajectory)
    return render(
        request,
        "regulations/challenges.html",
        {
            "trajectory": trajectory,
            "requests": selectors.challenges(trajectory),
            "form": form if may_file else None,
            "terms": terms,
            "terms_form": TermsForm(
                initial={"decision_weeks": terms.decision_weeks, "notice_weeks": terms.notice_weeks}
            )
            if request.user.has_perm("regulations.manage", trajectory)
            else None,
            "can_decide": can_decide,
        },
        status=400 if form.errors else 200,
    )


def _challenge(trajectory, request_id):
    found = selectors.challenge_get(trajectory, request_id)
    if found is None:
        raise Http404(_("This request does not exist."))
    return found


@require_GET
@trajectory_view("regulations.view")
def challenge(request, trajectory, request_id):
    found = _challenge(trajectory, request_id)
    can_decide = request.user.has_perm("regulations.decide_challenge", trajectory)
    is_requester = found.requester_id == request.user.pk
    criteria_initial = {
        **{f"{k}_met": "yes" if v["met"] else "no" for k, v in found.criteria.items()},
        **{f"{k}_note": v["note"] for k, v in found.criteria.items()},
    }
    return render(
        request,
        "regulations/challenge.html",
        {
            "trajectory": trajectory,
            "request_": found,
            "steps": found.steps.select_related("actor"),
            "criteria": [(label, found.criteria.get(key)) for key, label in CHALLENGE_CRITERIA],
            "can_decide": can_decide and found.open,
            "assess_form": ChallengeAssessForm(initial=criteria_initial) if can_decide else None,
            "decide_form": ChallengeDecideForm() if can_decide else None,
            "is_requester": is_requester,
            "report_form": ChallengeReportForm() if is_requester else None,
            "reports": found.reports.all(),
        },
    )


def _challenge_act(request, trajectory, request_id, action, message):
    found = _challenge(trajectory, request_id)
    try:
        action(found)
        messages.success(request, message)
    except ValidationError as exc:
        _say(request, exc)
    return redirect("regulations:challenge", trajectory.pk, found.pk)


@require_POST
@trajectory_view("regulations.decide_challenge")
def challenge_assess(request, trajectory, request_id):
    def act(found):
        form = ChallengeAssessForm(request.POST)
        if not form.is_valid():
            raise form_errors(form)
        services.challenge_assess(
            request=found,
            actor=request.user,
            criteria=form.criteria(),
            note=form.cleaned_data["note"],
        )

    return _challenge_act(request, trajectory, request_id, act, _("The assessment is recorded."))


@require_POST
@trajectory_view("regulations.decide_challenge")
def challenge_decide(request, trajectory, request_id):
    def act(found):
        form = ChallengeDecideForm(request.POST)
        if not form.is_valid():
            raise form_errors(form)
        services.challenge_decide(request=found, actor=request.user, **form.cleaned_data)

    return _challenge_act(
        request, trajectory, request_id, act, _("The decision is recorded; the requester sees it.")
    )


@require_POST
@trajectory_view("regulations.challenge")
def challenge_withdraw(request, trajectory, request_id):
    return _challenge_act(
        request,
        trajectory,
        request_id,
        lambda found: services.challenge_withdraw(request=found, actor=request.user),
        _("The request is withdrawn."),
    )


@require_POST
@trajectory_view("regulations.challenge")
def challenge_report(request, trajectory, request_id):
    def act(found):
        if found.requester_id != request.user.pk:
            raise PermissionDenied(_("Only the requester accounts for the request."))
        form = ChallengeReportForm(request.POST)
        if not form.is_valid():
            raise form_errors(form)
        services.challenge_report(request=found, actor=request.user, **form.cleaned_data)

    return _challenge_act(request, trajectory, request_id, act, _("The yearly account is in."))


@require_POST
@trajectory_view("regulations.manage")
def challenge_terms(request, trajectory):
    write = partial(services.terms_update, trajectory=trajectory, actor=request.user)
    message = _("The terms are saved; they apply to new requests.")
    _submit(request, TermsForm(request.POST), write, message)
    return redirect("regulations:challenges", trajectory.pk)
