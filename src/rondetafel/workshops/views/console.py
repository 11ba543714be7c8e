"""The facilitator's console and the session pages for members: planning, running activities,
moderation, the agenda, the report and exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.core.forms import errors_onto_form, form_errors
from rondetafel.trajectories.access import trajectory_view
from rondetafel.trajectories.selectors import side_labels

from .. import report as session_report
from .. import selectors, services
from ..constants import (
    StatementStatus,
    WorkshopStatus,
)
from ..forms import ActivityForm, BlockEditForm, BlockForm, MethodForm, WorkshopForm
from ..library import METHODS
from ..models import Statement
from .common import (
    activity_or_404,
    block_or_404,
    console_action,
    session_or_404,
    uuid_or_none,
)


@require_http_methods(["GET", "POST"])
@trajectory_view("workshops.view")
def workshop_list(request, trajectory):
    can_run = request.user.has_perm("workshops.run", trajectory)
    form = WorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(_("Only the facilitator can plan a session."))
        if form.is_valid():
            try:
                workshop = services.workshop_create(
                    trajectory=trajectory, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_onto_form(exc, form)
            else:
                messages.success(request, _("The session has been created."))
                return redirect("workshops:console", trajectory.pk, workshop.pk)
    return render(
        request,
        "workshops/list.html",
        {
            "trajectory": trajectory,
            "workshops": trajectory.workshops.all(),
            "form": form,
            "method_form": MethodForm(prefix="method") if can_run else None,
            "methods": list(METHODS.values()) if can_run else [],
            "can_run": can_run,
        },
    )


@require_GET
@trajectory_view("workshops.run")
def console(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    activities = selectors.activities_in_agenda_order(workshop)
    return render(
        request,
        "workshops/console.html",
        {
            "trajectory": trajectory,
            "workshop": workshop,
            "blocks": workshop.blocks.all(),
            "agenda": selectors.agenda_times(workshop),
            "activities": [(a, selectors.results(a)) for a in activities],
            "pending": Statement.objects.filter(
                activity__workshop=workshop, status=StatementStatus.PENDING
            ).select_related("activity"),
            "voice": selectors.equality_of_voice(workshop),
            "participants": workshop.participants.count(),
            "rounds": selectors.rounds(workshop),
            # Prefixed: both forms have a kind and a title, and ids must be unique.
            "block_form": BlockForm(prefix="block"),
            "activity_form": ActivityForm(prefix="activity", blocks=list(workshop.blocks.all())),
            "join_url": request.build_absolute_uri(
                reverse("workshops:join", args=[workshop.join_code])
            ),
            "side_links": _side_links(request, workshop),
            "names_removed_on": selectors.names_removed_on(workshop),
        },
    )


def _side_links(request, workshop) -> list[tuple[str, str]]:
    """A join link per side of the trajectory's parties, named as the party names its side."""
    base = request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))
    return [
        (label, f"{base}?kant={services.side_link_token(workshop=workshop, side=side)}")
        for side, label in side_labels(workshop.trajectory).items()
    ]


@require_POST
@trajectory_view("workshops.run")
def workshop_status(request, trajectory, workshop_id):
    """Open, close or reopen the session from the console."""
    commands = {
        "open": (WorkshopStatus.LIVE, _("The session is open: people can join.")),
        "close": (WorkshopStatus.CLOSED, _("The session is closed.")),
        "reopen": (WorkshopStatus.LIVE, _("The session is open again.")),
    }

    def change(workshop):
        command = request.POST.get("command", "")
        if command not in commands:
            raise ValidationError(_("Unknown command."))
        status, message = commands[command]
        services.workshop_set_status(workshop=workshop, actor=request.user, status=status)
        messages.success(request, message)

    return console_action(request, trajectory, workshop_id, change)


@require_POST
@trajectory_view("workshops.run")
def block_add(request, trajectory, workshop_id):
    def add(workshop):
        form = BlockForm(request.POST, prefix="block")
        if not form.is_valid():
            raise form_errors(form)
        services.block_add(workshop=workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The block has been added to the agenda."))

    return console_action(request, trajectory, workshop_id, add)


@require_POST
@trajectory_view("workshops.run")
def activity_add(request, trajectory, workshop_id):
    def add(workshop):
        blocks = list(workshop.blocks.all())
        form = ActivityForm(request.POST, prefix="activity", blocks=blocks)
        if not form.is_valid():
            raise form_errors(form)
        data = form.cleaned_data
        services.activity_add(
            workshop=workshop,
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            options_text=data["options"],
            block=next((b for b in blocks if str(b.pk) == data.get("block")), None),
        )
        messages.success(request, _("The activity has been added."))

    return console_action(request, trajectory, workshop_id, add)


@require_POST
@trajectory_view("workshops.run")
def activity_control(request, trajectory, workshop_id, activity_id):
    def control(workshop):
        activity = activity_or_404(workshop, activity_id)
        services.activity_command(
            activity=activity,
            actor=request.user,
            command=request.POST.get("command", ""),
            data=request.POST,
        )

    return console_action(request, trajectory, workshop_id, control)


@require_POST
@trajectory_view("workshops.run")
def activity_design(request, trajectory, workshop_id, activity_id):
    """Move an activity up or down, into another block, rename it or remove it."""

    def change(workshop):
        activity = activity_or_404(workshop, activity_id)
        command = request.POST.get("command")
        if command in ("up", "down"):
            services.activity_move(
                activity=activity, actor=request.user, step=-1 if command == "up" else 1
            )
        elif command == "block":
            block = workshop.blocks.filter(pk=uuid_or_none(request.POST.get("block"))).first()
            services.activity_move(
                activity=activity, actor=request.user, block=block, to_block=True
            )
            messages.success(request, _("The activity has moved."))
        elif command == "rename":
            services.activity_update(
                activity=activity, actor=request.user, title=request.POST.get("title", "")
            )
            messages.success(request, _("The activity has a new title."))
        elif command == "remove":
            services.activity_remove(activity=activity, actor=request.user)
            messages.success(request, _("The activity has been removed."))
        else:
            raise ValidationError(_("Unknown command."))

    return console_action(request, trajectory, workshop_id, change)


@require_POST
@trajectory_view("workshops.run")
def agenda_reorder(request, trajectory, workshop_id):
    """The agenda's new order after a drag (keyboard users move blocks with the buttons)."""

    def change(workshop):
        order = request.POST.getlist("order")
        if request.POST.get("what") == "activities":
            services.activities_reorder(workshop=workshop, actor=request.user, order=order)
            messages.success(request, _("The activities have a new order."))
        else:
            services.blocks_reorder(workshop=workshop, actor=request.user, order=order)
            messages.success(request, _("The agenda has a new order; the times follow."))

    return console_action(request, trajectory, workshop_id, change)


@require_POST
@trajectory_view("workshops.run")
def workshop_duplicate(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    copy = services.workshop_duplicate(workshop=workshop, actor=request.user)
    messages.success(
        request, _("A copy of the session has been made, without its participants or answers.")
    )
    return redirect("workshops:console", trajectory.pk, copy.pk)


@require_POST
@trajectory_view("workshops.run")
def workshop_from_method(request, trajectory):
    form = MethodForm(request.POST, prefix="method")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workshops:list", trajectory.pk)
    workshop = services.workshop_from_method(
        trajectory=trajectory, actor=request.user, **form.cleaned_data
    )
    messages.success(
        request, _("The session has been set up from the method library; adjust it to your day.")
    )
    return redirect("workshops:console", trajectory.pk, workshop.pk)


@require_GET
@trajectory_view("workshops.run")
def run_sheet(request, trajectory, workshop_id):
    """The printable run sheet: the agenda with its times, goals and activities, and for each
    sub-session round its groups with their hosts and members."""
    from weasyprint import HTML

    workshop = session_or_404(trajectory, workshop_id)
    html = render_to_string(
        "workshops/run_sheet_pdf.html",
        {
            "workshop": workshop,
            "trajectory": trajectory,
            "agenda": [
                (block, start, end, list(block.activities.order_by("position")))
                for block, start, end in selectors.agenda_times(workshop)
            ],
            "loose": list(workshop.activities.filter(block__isnull=True).order_by("position")),
            "rounds": selectors.rounds(workshop),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draaiboek-{workshop.join_code}.pdf"'
    return response


@require_POST
@trajectory_view("workshops.run")
def moderate(request, trajectory, workshop_id, statement_id):
    def decide(workshop):
        statement = Statement.objects.filter(activity__workshop=workshop, pk=statement_id).first()
        if statement is None:
            raise Http404(_("This statement does not exist."))
        services.statement_moderate(
            statement=statement, actor=request.user, accept=request.POST.get("accept") == "1"
        )

    return console_action(request, trajectory, workshop_id, decide)


@require_GET
@trajectory_view("workshops.run")
def console_voice(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    return render(
        request, "workshops/_voice.html", {"voice": selectors.equality_of_voice(workshop)}
    )


@require_POST
@trajectory_view("workshops.run")
def block_control(request, trajectory, workshop_id, block_id):
    def control(workshop):
        block = block_or_404(workshop, block_id)
        command = request.POST.get("command")
        if command == "start":
            services.block_start(block=block, actor=request.user)
        elif command == "end":
            services.block_end(block=block, actor=request.user)
        elif command in ("up", "down"):
            services.block_move(block=block, actor=request.user, step=-1 if command == "up" else 1)
        elif command == "edit":
            form = BlockEditForm(request.POST)
            if not form.is_valid():
                raise form_errors(form)
            services.block_update(block=block, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The block has been changed; the times follow."))
        elif command == "remove":
            services.block_remove(block=block, actor=request.user)
            messages.success(request, _("The block has been removed from the agenda."))
        else:
            raise ValidationError(_("Unknown command."))

    return console_action(request, trajectory, workshop_id, control)


@require_GET
@trajectory_view("workshops.view")
def report(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    return render(
        request,
        "workshops/report.html",
        {
            "trajectory": trajectory,
            **session_report.context(
                workshop, show_hidden=request.user.has_perm("workshops.run", trajectory)
            ),
        },
    )


@require_GET
@trajectory_view("workshops.view")
def report_pdf(request, trajectory, workshop_id):
    workshop = session_or_404(trajectory, workshop_id)
    show_hidden = request.user.has_perm("workshops.run", trajectory)
    response = HttpResponse(
        session_report.pdf(workshop, show_hidden=show_hidden), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="sessieverslag.pdf"'
    return response


@require_GET
@trajectory_view("workshops.run")
def activity_export(request, trajectory, workshop_id, activity_id):
    activity = activity_or_404(session_or_404(trajectory, workshop_id), activity_id)
    response = HttpResponse(
        session_report.activity_csv(activity), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="activiteit-{activity.position}.csv"'
    return response
