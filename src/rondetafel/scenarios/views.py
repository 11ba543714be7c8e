"""Thin views of the scenario workshop: the field's page (build, judging, plenary, explorer,
scenarios) for members, its changes for the facilitator, and the export."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form, form_errors
from rondetafel.trajectories.access import trajectory_view

from . import exports, selectors, services
from .explorer import explorer, wish_from
from .forms import DecisionForm, FieldForm, ParameterForm, ScenarioForm
from .models import ParameterValue


def _field(trajectory, field_id):
    scenario_field = selectors.field_get(trajectory=trajectory, field_id=field_id)
    if scenario_field is None:
        raise Http404(_("This scenario field does not exist."))
    return scenario_field


def _messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
@trajectory_view("scenarios.view")
def field_list(request, trajectory):
    can_manage = request.user.has_perm("scenarios.manage", trajectory)
    form = FieldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the facilitator can start a scenario field."))
        if form.is_valid():
            try:
                scenario_field = services.field_create(
                    trajectory=trajectory, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                return redirect("scenarios:detail", trajectory.pk, scenario_field.pk)
    return render(
        request,
        "scenarios/list.html",
        {
            "trajectory": trajectory,
            "fields": selectors.field_list(trajectory=trajectory),
            "form": form if can_manage else None,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@require_GET
@trajectory_view("scenarios.view")
def field_detail(request, trajectory, field_id):
    scenario_field = _field(trajectory, field_id)
    state = selectors.field_state(scenario_field)
    can_manage = request.user.has_perm("scenarios.manage", trajectory)
    return render(
        request,
        "scenarios/detail.html",
        {
            "trajectory": trajectory,
            "field": scenario_field,
            "state": state,
            "explorer": explorer(state, selectors.fixed_from(state, request.GET)),
            "wish": wish_from(state, request.GET),
            "scores": selectors.scores(scenario_field),
            "can_manage": can_manage,
            "parameter_form": ParameterForm(prefix="parameter") if can_manage else None,
            "decision_form": DecisionForm(prefix="decision") if can_manage else None,
            "sessions": trajectory.workshops.exclude(status="closed") if can_manage else [],
            "versions": _versions(scenario_field),
            "proposals": selectors.value_proposals(scenario_field),
            "drafts": _drafts(trajectory) if can_manage else [],
        },
    )


@require_GET
@trajectory_view("scenarios.view")
def explore_screen(request, trajectory, field_id):
    """The explorer for the projector: every parameter in a column, each value a link that fixes
    it (or lets it go again), so the room sees at once what stays possible."""
    scenario_field = _field(trajectory, field_id)
    state = selectors.field_state(scenario_field)
    fixed = selectors.fixed_from(state, request.GET)
    found = explorer(state, fixed)
    chosen = {
        str(row.value.pk)
        for _p, cells in (found.rows if found else [])
        for row in cells
        if row.fixed
    }
    columns = []
    for parameter, cells in found.rows if found else []:
        links = []
        for row in cells:
            others = chosen - {str(c.value.pk) for c in cells}
            query = others if row.fixed else others | {str(row.value.pk)}
            links.append((row, urlencode([("p", v) for v in sorted(query)])))
        # With a value chosen here, the others are alternatives to switch to, not impossible.
        columns.append((parameter, links, any(row.fixed for row in cells)))
    return render(
        request,
        "scenarios/screen.html",
        {"trajectory": trajectory, "field": scenario_field, "explorer": found, "columns": columns},
    )


def _drafts(trajectory) -> list:
    from rondetafel.agreements.models import Version

    return list(
        Version.objects.filter(agreement__trajectory=trajectory, status="draft").select_related(
            "agreement"
        )
    )


def _versions(scenario_field) -> list:
    chain = []
    current = scenario_field
    while current is not None:
        chain.append(current)
        current = current.previous
    newer = getattr(scenario_field, "next", None)
    while newer is not None:
        chain.insert(0, newer)
        newer = getattr(newer, "next", None)
    if len(chain) < 2:
        return []
    rows = []
    for version in chain:  # to compare: what each version held and allowed
        state = selectors.field_state(version)
        compiled = selectors.space(state)
        rows.append(
            {
                "field": version,
                "parameters": [p.name for p, _v in state.parameters],
                "values": sum(len(v) for _p, v in state.parameters),
                "consistent": compiled.count.value if compiled else None,
                "scenarios": version.scenarios.count(),
            }
        )
    return rows


def _act(request, trajectory, field_id, action):
    """Run a facilitator's change and go back to the field (or its new version)."""
    scenario_field = _field(trajectory, field_id)
    try:
        target = action(scenario_field) or scenario_field
    except ValidationError as exc:
        _messages(request, exc)
        target = scenario_field
    return redirect("scenarios:detail", trajectory.pk, target.pk)


@require_POST
@trajectory_view("scenarios.manage")
def parameter_add(request, trajectory, field_id):
    def add(scenario_field):
        form = ParameterForm(request.POST, prefix="parameter")
        if not form.is_valid():
            raise form_errors(form)
        target = services.parameter_add(
            scenario_field=scenario_field,
            actor=request.user,
            name=form.cleaned_data["name"],
            values_text=form.cleaned_data["values"],
            description=form.cleaned_data["description"],
        )
        _say_new_version(request, scenario_field, target)
        return target

    return _act(request, trajectory, field_id, add)


def _say_new_version(request, old, new) -> None:
    if new.pk != old.pk:
        messages.info(
            request,
            _("Judging had begun, so the change made version %(n)d of the field.")
            % {"n": new.version},
        )


@require_POST
@trajectory_view("scenarios.manage")
def parameter_remove(request, trajectory, field_id, parameter_id):
    def remove(scenario_field):
        parameter = scenario_field.parameters.filter(pk=parameter_id).first()
        if parameter is None:
            raise Http404(_("This parameter does not exist."))
        target = services.parameter_remove(parameter=parameter, actor=request.user)
        _say_new_version(request, scenario_field, target)
        return target

    return _act(request, trajectory, field_id, remove)


def _posted_session(request, trajectory):
    workshop = trajectory.workshops.filter(pk=_uuid(request.POST.get("session"))).first()
    if workshop is None:
        raise ValidationError(_("Choose a session of this trajectory."))
    return workshop


def _start_in_session(request, trajectory, field_id, start, ready: str):
    """Add one of the field's activities to the posted session and say where to start it."""

    def run(scenario_field):
        workshop = _posted_session(request, trajectory)
        start(scenario_field=scenario_field, workshop=workshop, actor=request.user)
        messages.success(request, ready % {"title": workshop.title})

    return _act(request, trajectory, field_id, run)


@require_POST
@trajectory_view("scenarios.manage")
def judging_start(request, trajectory, field_id):
    ready = _("Pair judging is ready in the session “%(title)s”: start it from its console.")
    return _start_in_session(request, trajectory, field_id, services.judging_start, ready)


@require_POST
@trajectory_view("scenarios.manage")
def proposing_start(request, trajectory, field_id):
    ready = _("Proposing values is ready in the session “%(title)s”: start it from its console.")
    return _start_in_session(request, trajectory, field_id, services.proposing_start, ready)


@require_POST
@trajectory_view("scenarios.manage")
def value_add(request, trajectory, field_id):
    def add(scenario_field):
        parameter = scenario_field.parameters.filter(
            pk=_uuid(request.POST.get("parameter"))
        ).first()
        if parameter is None:
            raise ValidationError(_("This parameter is not part of this field."))
        target = services.value_add(
            parameter=parameter, actor=request.user, name=request.POST.get("name", "")
        )
        _say_new_version(request, scenario_field, target)
        messages.success(request, _("The value is in the field."))
        return target

    return _act(request, trajectory, field_id, add)


@require_POST
@trajectory_view("scenarios.manage")
def scoring_start(request, trajectory, field_id):
    ready = _("Scoring is ready in the session “%(title)s”: start it from its console.")
    criteria = request.POST.get("criteria", "")
    start = partial(services.scoring_start, criteria_text=criteria)
    return _start_in_session(request, trajectory, field_id, start, ready)


@require_POST
@trajectory_view("scenarios.manage")
def pair_decide(request, trajectory, field_id):
    def decide(scenario_field):
        form = DecisionForm(request.POST, prefix="decision")
        if not form.is_valid():
            raise form_errors(form)
        values = ParameterValue.objects.filter(
            parameter__field=scenario_field,
            pk__in=[_uuid(request.POST.get("first")), _uuid(request.POST.get("second"))],
        ).select_related("parameter")
        by_id = {str(v.pk): v for v in values}
        first, second = by_id.get(request.POST.get("first")), by_id.get(request.POST.get("second"))
        if first is None or second is None:
            raise ValidationError(_("These values are not part of this field."))
        data = form.cleaned_data
        # One text box on the page: a reason, or for "only if" the condition.
        condition = data["condition"] or (
            data["reason"] if data["verdict"] == "conditional" else ""
        )
        before, after = services.pair_decide(
            scenario_field=scenario_field,
            actor=request.user,
            first=first,
            second=second,
            verdict=data["verdict"],
            reason=data["reason"],
            condition=condition,
        )
        messages.success(
            request,
            _("Decided. The solution space went from %(before)s to %(after)s configurations.")
            % {"before": f"{before:,}".replace(",", "."), "after": f"{after:,}".replace(",", ".")},
        )

    return _act(request, trajectory, field_id, decide)


@require_POST
@trajectory_view("scenarios.manage")
def scenarios_pick(request, trajectory, field_id):
    def pick(scenario_field):
        try:
            k = max(1, min(8, int(request.POST.get("k", "3"))))
        except ValueError as exc:
            raise ValidationError(_("Choose how many scenarios, from 1 to 8.")) from exc
        added = services.scenarios_pick(scenario_field=scenario_field, actor=request.user, k=k)
        messages.success(
            request,
            _("%(n)d scenarios added, as far apart as the field allows.") % {"n": len(added)},
        )

    return _act(request, trajectory, field_id, pick)


@require_POST
@trajectory_view("scenarios.manage")
def scenario_add(request, trajectory, field_id):
    def add(scenario_field):
        wanted = [_uuid(v) for v in request.POST.getlist("w")]
        values = list(ParameterValue.objects.filter(parameter__field=scenario_field, pk__in=wanted))
        if len(values) != len(wanted):
            raise ValidationError(_("These values are not part of this field."))
        services.scenario_add(
            scenario_field=scenario_field,
            actor=request.user,
            values=values,
            name=request.POST.get("name", ""),
        )
        messages.success(request, _("The scenario has been added."))

    return _act(request, trajectory, field_id, add)


@require_POST
@trajectory_view("scenarios.manage")
def scenario_write(request, trajectory, field_id, scenario_id):
    def write(scenario_field):
        scenario = scenario_field.scenarios.filter(pk=scenario_id).first()
        if scenario is None:
            raise Http404(_("This scenario does not exist."))
        form = ScenarioForm(request.POST, prefix=f"s{scenario.pk}")
        if not form.is_valid():
            raise form_errors(form)
        services.scenario_write(scenario=scenario, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The scenario has been saved."))

    return _act(request, trajectory, field_id, write)


@require_POST
@trajectory_view("scenarios.manage")
def scenario_to_agreement(request, trajectory, field_id, scenario_id):
    from rondetafel.agreements.models import Version

    scenario_field = _field(trajectory, field_id)
    scenario = scenario_field.scenarios.filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404(_("This scenario does not exist."))
    version = Version.objects.filter(
        agreement__trajectory=trajectory, pk=_uuid(request.POST.get("version"))
    ).first()
    try:
        if version is None:
            raise ValidationError(_("Choose a draft agreement of this trajectory."))
        services.scenario_to_agreement(scenario=scenario, version=version, actor=request.user)
    except ValidationError as exc:
        _messages(request, exc)
        return redirect("scenarios:detail", trajectory.pk, scenario_field.pk)
    messages.success(
        request,
        _("“%(name)s” is an article of the draft now, for the room to review.")
        % {"name": scenario.name},
    )
    return redirect("agreements:version", trajectory.pk, version.pk)


@require_GET
@trajectory_view("scenarios.view")
def export_xlsx(request, trajectory, field_id):
    scenario_field = _field(trajectory, field_id)
    response = HttpResponse(
        exports.workbook(selectors.field_state(scenario_field)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="scenarioveld.xlsx"'
    return response


@require_GET
@trajectory_view("scenarios.view")
def report_pdf(request, trajectory, field_id):
    scenario_field = _field(trajectory, field_id)
    response = HttpResponse(
        exports.pdf(selectors.field_state(scenario_field)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="scenarioveld.pdf"'
    return response


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
