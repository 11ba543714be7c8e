"""Thin views for intake, register, maps and the engagement plan."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.analysis.stakeholders import Quadrant, Salience
from rondetafel.core.forms import errors_onto_form
from rondetafel.core.spreadsheet import safe_cell
from rondetafel.core.uploads import own_upload, upload_step
from rondetafel.trajectories import selectors as trajectory_selectors
from rondetafel.trajectories.access import trajectory_view
from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.selectors import side_labels

from . import charts, selectors, services
from .constants import (
    IAP2_PROMISE,
    LADDER_MEANING,
    QUADRANT_LABEL,
    QUADRANT_STRATEGY,
    SALIENCE_LABEL,
    CommitmentStatus,
    Kind,
)
from .forms import (
    ActionForm,
    AssessmentForm,
    CommitmentForm,
    GoalForm,
    ImportMappingForm,
    ImportUploadForm,
    IntakeForm,
    InteractionForm,
    InterestForm,
    NewStakeholderForm,
    PlacementForm,
    PositionForm,
    RelationshipForm,
    SignOffForm,
    StakeholderForm,
)
from .importing import FIELDS, guess_mapping
from .models import Commitment, ImportBatch, Interest, PlannedAction, Position, Relationship

PER_PAGE = 50


def _post(request):
    return request.POST if request.method == "POST" else None


# --- step 1 ----------------------------------------------------------------------------------


@require_GET
@trajectory_view("stakeholders.view_goal")
def intake(request, trajectory):
    context = selectors.intake_overview(trajectory=trajectory)
    goal = context["goal"]
    party = services.representative_party(trajectory=trajectory, user=request.user)
    context.update(
        trajectory=trajectory,
        show_intakes=request.user.has_perm("stakeholders.view_intakes", trajectory),
        can_manage=request.user.has_perm("stakeholders.manage", trajectory),
        my_party=party,
        sign_off_form=SignOffForm() if goal and party else None,
        promise=(goal.promise or IAP2_PROMISE.get(goal.engagement_level, "")) if goal else "",
        ladder_meaning=LADDER_MEANING.get(goal.ladder_level, "") if goal else "",
    )
    return render(request, "stakeholders/intake.html", context)


@trajectory_view("stakeholders.manage")
@require_http_methods(["GET", "POST"])
def intake_edit(request, trajectory, party_id):
    party = trajectory_selectors.party_get(trajectory=trajectory, party_id=party_id)
    if party is None:
        raise Http404(_("This party does not exist."))
    existing = getattr(party, "intake", None) if hasattr(party, "intake") else None
    form = IntakeForm(_post(request), instance=existing)
    if request.method == "POST" and form.is_valid():
        services.intake_save(party=party, actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("The intake of %(party)s has been saved.") % {"party": party.name}
        )
        return redirect("stakeholders:intake", trajectory.pk)
    return render(
        request,
        "stakeholders/simple_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "title": _("Intake: %(party)s") % {"party": party.name},
        },
    )


@trajectory_view("stakeholders.manage")
@require_http_methods(["GET", "POST"])
def goal_edit(request, trajectory):
    context = selectors.intake_overview(trajectory=trajectory)
    form = GoalForm(_post(request), instance=context["goal"])
    if request.method == "POST" and form.is_valid():
        services.goal_save(trajectory=trajectory, actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("The shared goal has been saved. Each party can now sign it off.")
        )
        return redirect("stakeholders:intake", trajectory.pk)
    context.update(trajectory=trajectory, form=form)
    return render(request, "stakeholders/goal_form.html", context)


@trajectory_view("stakeholders.view_goal")
@require_POST
def goal_sign_off(request, trajectory):
    goal = selectors.intake_overview(trajectory=trajectory)["goal"]
    if goal is None:
        raise Http404(_("There is no shared goal yet."))
    form = SignOffForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("stakeholders:intake", trajectory.pk)
    try:
        services.goal_sign_off(goal=goal, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    messages.success(request, _("Your verdict on the shared goal has been recorded."))
    return redirect("stakeholders:intake", trajectory.pk)


# --- register --------------------------------------------------------------------------------


def _filters(request) -> dict:
    allowed = {
        "side": {s.value for s in Side},
        "kind": {k.value for k in Kind},
        "quadrant": {q.value for q in Quadrant},
        "salience": {s.value for s in Salience},
    }
    return {k: v for k in allowed if (v := request.GET.get(k, "")) in allowed[k]}


def _filter_context(filters) -> dict:
    return {
        "filters": filters,
        "side_choices": Side.choices,
        "kind_choices": Kind.choices,
        "quadrant_choices": [(q.value, QUADRANT_LABEL[q]) for q in Quadrant],
        "salience_choices": [(s.value, SALIENCE_LABEL[s]) for s in Salience],
    }


@trajectory_view("stakeholders.view_register")
@require_http_methods(["GET", "POST"])
def register(request, trajectory):
    can_manage = request.user.has_perm("stakeholders.manage", trajectory)
    form = NewStakeholderForm(_post(request), trajectory=trajectory) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator can change the register."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            scores = {"power": data.pop("power"), "interest": data.pop("interest")}
            try:
                stakeholder = services.stakeholder_create_with_scores(
                    trajectory=trajectory, actor=request.user, scores=scores, **data
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                messages.success(
                    request, _("%(name)s has been added.") % {"name": stakeholder.name}
                )
                return redirect("stakeholders:detail", trajectory.pk, stakeholder.pk)
    filters = _filters(request)
    page = Paginator(
        selectors.stakeholder_list(trajectory=trajectory, **filters), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/register.html",
        {
            "trajectory": trajectory,
            "page": page,
            "form": form,
            "can_manage": can_manage,
            "querystring": _querystring(filters),
        }
        | _filter_context(filters),
    )


def _querystring(filters) -> str:
    from urllib.parse import urlencode

    return urlencode(filters)


RECORD_FORMS = {
    "assessment": (AssessmentForm, _("Assessment")),
    "position": (PositionForm, _("Position")),
    "interest": (InterestForm, _("Interest")),
    "relationship": (RelationshipForm, _("Relationship")),
    "action": (ActionForm, _("Planned action")),
    "interaction": (InteractionForm, _("Interaction")),
    "commitment": (CommitmentForm, _("Commitment")),
}


def _create_record(kind, stakeholder, actor, data):
    trajectory = stakeholder.trajectory
    return {
        "assessment": lambda: services.assessment_create(
            stakeholder=stakeholder, actor=actor, **data
        ),
        "position": lambda: services.position_create(stakeholder=stakeholder, actor=actor, **data),
        "interest": lambda: services.interest_create(stakeholder=stakeholder, actor=actor, **data),
        "relationship": lambda: services.relationship_create(
            trajectory=trajectory, actor=actor, source=stakeholder, **data
        ),
        "action": lambda: services.action_create(stakeholder=stakeholder, actor=actor, **data),
        "interaction": lambda: services.interaction_create(
            stakeholder=stakeholder, actor=actor, **data
        ),
        "commitment": lambda: services.commitment_create(
            stakeholder=stakeholder, actor=actor, **data
        ),
    }[kind]()


def _stakeholder_or_404(trajectory, stakeholder_id):
    stakeholder = selectors.stakeholder_get(trajectory=trajectory, stakeholder_id=stakeholder_id)
    if stakeholder is None:
        raise Http404(_("This stakeholder does not exist."))
    return stakeholder


def _detail_context(request, trajectory, stakeholder, bound=None):
    context = selectors.stakeholder_detail(stakeholder=stakeholder)
    can_manage = request.user.has_perm("stakeholders.manage", trajectory)
    forms_by_kind = {}
    if can_manage:
        for kind, (form_class, title) in RECORD_FORMS.items():
            form = bound if bound is not None and bound[0] == kind else None
            forms_by_kind[kind] = (
                form[1] if form else form_class(stakeholder=stakeholder, prefix=kind),
                title,
            )
    context.update(
        trajectory=trajectory,
        stakeholder=stakeholder,
        can_manage=can_manage,
        record_forms=forms_by_kind,
        commitment_statuses=CommitmentStatus.choices,
    )
    return context


@require_GET
@trajectory_view("stakeholders.view_register")
def detail(request, trajectory, stakeholder_id):
    stakeholder = _stakeholder_or_404(trajectory, stakeholder_id)
    return render(
        request, "stakeholders/detail.html", _detail_context(request, trajectory, stakeholder)
    )


@trajectory_view("stakeholders.manage")
@require_POST
def add_record(request, trajectory, stakeholder_id, kind):
    stakeholder = _stakeholder_or_404(trajectory, stakeholder_id)
    if kind not in RECORD_FORMS:
        raise Http404(_("Unknown kind of record."))
    form = RECORD_FORMS[kind][0](request.POST, stakeholder=stakeholder, prefix=kind)
    if form.is_valid():
        try:
            _create_record(kind, stakeholder, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(
                request, _("%(what)s has been saved.") % {"what": RECORD_FORMS[kind][1]}
            )
            return redirect(
                reverse("stakeholders:detail", args=[trajectory.pk, stakeholder.pk]) + f"#{kind}"
            )
    response = render(
        request,
        "stakeholders/detail.html",
        _detail_context(request, trajectory, stakeholder, bound=(kind, form)),
    )
    response.status_code = 400
    return response


DELETABLE = {
    "position": Position,
    "interest": Interest,
    "relationship": Relationship,
    "action": PlannedAction,
    "commitment": Commitment,
}


@trajectory_view("stakeholders.manage")
@require_POST
def update_record(request, trajectory, stakeholder_id, kind, record_id):
    stakeholder = _stakeholder_or_404(trajectory, stakeholder_id)
    model = DELETABLE.get(kind)
    if model is None:
        raise Http404(_("Unknown kind of record."))
    owner = {"relationship": {"source": stakeholder}}.get(kind, {"stakeholder": stakeholder})
    record = model.objects.filter(pk=record_id, **owner).first()
    if record is None:
        raise Http404(_("This record does not exist."))
    operation = request.POST.get("operation")
    if operation == "delete":
        services.record_delete(record=record, actor=request.user, trajectory=trajectory)
    elif operation == "done" and kind == "action":
        services.action_set_done(action=record, actor=request.user, done=not record.done)
    elif kind == "commitment" and operation in CommitmentStatus.values:
        services.commitment_set_status(commitment=record, actor=request.user, status=operation)
    else:
        messages.error(request, _("Unknown operation."))
        return redirect("stakeholders:detail", trajectory.pk, stakeholder.pk)
    messages.success(request, _("The change has been saved."))
    return redirect("stakeholders:detail", trajectory.pk, stakeholder.pk)


@trajectory_view("stakeholders.manage")
@require_http_methods(["GET", "POST"])
def edit(request, trajectory, stakeholder_id):
    stakeholder = _stakeholder_or_404(trajectory, stakeholder_id)
    form = StakeholderForm(_post(request), instance=stakeholder, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(
                stakeholder=_stakeholder_or_404(trajectory, stakeholder_id),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("stakeholders:detail", trajectory.pk, stakeholder.pk)
    return render(
        request,
        "stakeholders/simple_form.html",
        {"trajectory": trajectory, "form": form, "title": stakeholder.name},
    )


# --- maps ------------------------------------------------------------------------------------


@trajectory_view("stakeholders.view_register")
@require_http_methods(["GET", "POST"])
def grid(request, trajectory):
    can_manage = request.user.has_perm("stakeholders.manage", trajectory)
    form = PlacementForm(_post(request), trajectory=trajectory) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator can record a position."))
        if form.is_valid():
            data = form.cleaned_data
            stakeholder = data.pop("stakeholder")
            current = stakeholder.current
            keep = (
                {
                    f: getattr(current, f)
                    for f in ("legitimacy", "urgency", "attitude", "attitude_desired", "engagement")
                }
                if current
                else {}
            )
            services.assessment_create(
                stakeholder=stakeholder,
                actor=request.user,
                note=_("Agreed position on the grid"),
                **keep,
                **data,
            )
            messages.success(
                request,
                _("The agreed position of %(name)s has been recorded.")
                % {"name": stakeholder.name},
            )
            return redirect("stakeholders:grid", trajectory.pk)
    filters = _filters(request)
    stakeholders = _with_urls(
        trajectory, list(selectors.stakeholder_list(trajectory=trajectory, **filters))
    )
    return render(
        request,
        "stakeholders/grid.html",
        {
            "trajectory": trajectory,
            "points_svg": charts.svg_points(
                _named_dots(charts.grid_points(stakeholders)), _grid_label
            ),
            "point_count": sum(1 for s in stakeholders if s.current),
            "stakeholders": stakeholders,
            "form": form,
            "strategies": [
                (QUADRANT_LABEL[q], QUADRANT_STRATEGY[q])
                for q in (
                    Quadrant.MANAGE_CLOSELY,
                    Quadrant.KEEP_SATISFIED,
                    Quadrant.KEEP_INFORMED,
                    Quadrant.MONITOR,
                )
            ],
            "legend": _legend(trajectory),
        }
        | _filter_context(filters),
    )


def _with_urls(trajectory, stakeholders):
    """Reverse once, not once per row: a map of 2,000 stakeholders would spend most of its
    time resolving the same URL pattern."""
    placeholder = "00000000-0000-0000-0000-000000000000"
    pattern = reverse("stakeholders:detail", args=[trajectory.pk, placeholder])
    for s in stakeholders:
        s.url = pattern.replace(placeholder, str(s.pk))
    return stakeholders


def _grid_label(s) -> str:
    return _("%(name)s: power %(power)d, interest %(interest)d") % {
        "name": s.name,
        "power": s.current.power,
        "interest": s.current.interest,
    }


def _named_dots(points):
    """A name under each marker that has room for one (charts.grid_points decides)."""
    for p in points:
        if getattr(p, "named", False):
            p.extra = format_html(
                '<text x="{}" y="{}" class="rt-dot-label" text-anchor="middle">{}</text>',
                f"{p.x:.1f}",
                f"{p.y + 20:.1f}",
                Truncator(p.stakeholder.name).chars(16),
            )
    return points


def _salience_label(s) -> str:
    return f"{s.name}: {s.current.salience_label}"


def _legend(trajectory=None):
    names = {**dict(Side.choices), **(side_labels(trajectory) if trajectory else {})}
    return [
        (names[code], charts.SIDE_SHAPE[Side(code)], charts.SIDE_COLOUR[Side(code)])
        for code, _label in Side.choices
    ]


@require_GET
@trajectory_view("stakeholders.view_register")
def salience_view(request, trajectory):
    filters = _filters(request)
    stakeholders = _with_urls(
        trajectory, list(selectors.stakeholder_list(trajectory=trajectory, **filters))
    )
    return render(
        request,
        "stakeholders/salience.html",
        {
            "trajectory": trajectory,
            "points_svg": charts.svg_points(charts.salience_points(stakeholders), _salience_label),
            "region_labels": [
                (*charts.salience_label_at(kind), label)
                for kind, label in SALIENCE_LABEL.items()
                if kind != Salience.NON_STAKEHOLDER
            ],
            "stakeholders": stakeholders,
            "legend": _legend(trajectory),
        }
        | _filter_context(filters),
    )


@require_GET
@trajectory_view("stakeholders.view_register")
def network_view(request, trajectory):
    filters = _filters(request)
    stakeholders = _with_urls(
        trajectory, list(selectors.stakeholder_list(trajectory=trajectory, **filters))
    )
    relationships = list(selectors.relationships(trajectory=trajectory))
    points, edges = charts.network(stakeholders, relationships)
    for p in points:
        p.extra = format_html(
            '<text x="{}" y="{}" class="rt-node-label" text-anchor="{}">{}</text>',
            f"{p.label_x:.1f}",
            f"{p.label_y:.1f}",
            p.anchor,
            Truncator(p.stakeholder.name).chars(36),
        )
    shown = {p.stakeholder.pk for p in points}
    return render(
        request,
        "stakeholders/network.html",
        {
            "trajectory": trajectory,
            "points_svg": charts.svg_points(points, str),
            "edges_svg": charts.svg_edges(edges),
            "size": charts.NETWORK,
            "legend": _legend(trajectory),
            "relationships": [
                r for r in relationships if r.source_id in shown and r.target_id in shown
            ],
        }
        | _filter_context(filters),
    )


@require_GET
@trajectory_view("stakeholders.view_common_ground")
def common_ground(request, trajectory):
    rows = selectors.common_ground_rows(trajectory=trajectory)
    names = {**dict(Side.choices), **side_labels(trajectory)}
    sides = [
        (code, names[code]) for code, _l in Side.choices if any(code in r["cells"] for r in rows)
    ]
    for row in rows:
        row["by_side"] = [row["cells"].get(code, []) for code, _label in sides]
    return render(
        request,
        "stakeholders/common_ground.html",
        {"trajectory": trajectory, "rows": rows, "sides": sides},
    )


# --- import and export -------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "name",
    "kind",
    "organisation",
    "party",
    "side",
    "role",
    "email",
    "phone",
    "consent",
    "consent_on",
    "power",
    "interest",
    "legitimacy",
    "urgency",
    "attitude",
    "attitude_desired",
    "engagement",
    "assessed_on",
]


def _export_rows(trajectory):
    for s in selectors.stakeholder_list(trajectory=trajectory):
        a = s.current
        yield [
            s.name,
            s.kind,
            s.organisation,
            s.party.name if s.party else "",
            s.side,
            s.role,
            s.email,
            s.phone,
            "ja" if s.consent else "nee",
            s.consent_on.isoformat() if s.consent_on else "",
            *(
                [
                    a.power,
                    a.interest,
                    "ja" if a.legitimacy else "nee",
                    "ja" if a.urgency else "nee",
                    a.attitude,
                    a.attitude_desired,
                    a.engagement,
                    a.assessed_on.isoformat(),
                ]
                if a
                else [""] * 8
            ),
        ]


@require_GET
@trajectory_view("stakeholders.view_register")
def export(request, trajectory, fmt):
    filename = f"belanghebbenden-{trajectory.pk}.{fmt}"
    rows = ([safe_cell(v) for v in row] for row in _export_rows(trajectory))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Stakeholders"))
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("Unknown format."))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@trajectory_view("stakeholders.manage")
@require_http_methods(["GET", "POST"])
def import_upload(request, trajectory):
    def keep(filename, content):
        batch = services.import_upload(
            trajectory=trajectory, actor=request.user, filename=filename, content=content
        )
        return reverse("stakeholders:import_preview", args=[trajectory.pk, batch.pk])

    return upload_step(
        request,
        form_class=ImportUploadForm,
        keep=keep,
        template="stakeholders/import_upload.html",
        context={"trajectory": trajectory},
    )


@trajectory_view("stakeholders.manage")
@require_http_methods(["GET", "POST"])
def import_preview(request, trajectory, batch_id):
    batch = own_upload(ImportBatch, trajectory=trajectory, pk=batch_id, user=request.user)
    form = ImportMappingForm(
        _post(request), header=batch.header, initial_mapping=guess_mapping(batch.header)
    )
    results, imported, done = None, None, False
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if "run" in request.POST and batch.imported_at is None:
            results, imported = services.import_run(
                batch=batch,
                actor=request.user,
                mapping=mapping,
                keep_valid=form.cleaned_data["keep_valid"],
            )
            batch.refresh_from_db()
            done = True
        else:
            results = services.import_check(batch=batch, mapping=mapping)
    elif request.method == "GET":
        results = services.import_check(batch=batch, mapping=guess_mapping(batch.header))
    bad = [r for r in results or [] if not r.ok]
    return render(
        request,
        "stakeholders/import_preview.html",
        {
            "trajectory": trajectory,
            "batch": batch,
            "form": form,
            "results": results,
            "bad": bad[:500],
            "bad_count": len(bad),
            "good_count": len(results or []) - len(bad),
            "preview": (results or [])[:10],
            "imported": imported,
            "done": done,
            "field_labels": {k: v[0] for k, v in FIELDS.items()},
        },
    )


@trajectory_view("stakeholders.view_register")
@require_http_methods(["GET", "POST"])
def engagement_plan(request, trajectory):
    from . import engagement
    from .forms import CommunicationForm

    manage = request.user.has_perm("stakeholders.manage", trajectory)
    if request.method == "POST" and not manage:
        raise PermissionDenied(_("Only the facilitator can change the plan."))
    form = CommunicationForm(request.POST or None) if manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.communication_add(
                trajectory=trajectory, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto_form(exc, form)
        else:
            messages.success(request, _("Added to the communication plan."))
            return redirect("stakeholders:engagement", trajectory.pk)
    return render(
        request,
        "stakeholders/engagement.html",
        {
            "trajectory": trajectory,
            "groups": engagement.plan(trajectory),
            "communications": engagement.communications(trajectory),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@trajectory_view("stakeholders.view_register")
@require_http_methods(["GET"])
def engagement_export(request, trajectory, fmt):
    from . import engagement

    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        content = engagement.xlsx(trajectory)
    elif fmt == "pdf":
        content_type, content = "application/pdf", engagement.pdf(trajectory)
    else:
        raise Http404(_("Choose Excel or PDF."))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="betrokkenheidsplan.{fmt}"'
    return response
