"""Thin views for live sessions: design and console (facilitator), presenter screen (members),
and the participant's phone pages (anyone with the code)."""

from __future__ import annotations

import segno
from asgiref.sync import sync_to_async
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rondetafel.trajectories.constants import Side
from rondetafel.trajectories.models import Membership
from rondetafel.trajectories.selectors import side_labels
from rondetafel.trajectories.views import _form_errors_from, trajectory_view

from . import selectors, services
from .batching import vote_batcher
from .constants import (
    JOIN_ATTEMPTS,
    JOIN_PAUSE_SECONDS,
    PARTICIPANT_COOKIE,
    StatementStatus,
    WorkshopStatus,
)
from .forms import ActivityForm, BlockForm, CodeForm, JoinForm, StatementForm, WorkshopForm
from .models import Activity, Statement


def _workshop(trajectory, workshop_id):
    workshop = selectors.workshop_get(trajectory=trajectory, workshop_id=workshop_id)
    if workshop is None:
        raise Http404(_("This session does not exist."))
    return workshop


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- facilitator and members ------------------------------------------------------------------


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
                _form_errors_from(exc, form)
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
            "can_run": can_run,
        },
    )


@require_GET
@trajectory_view("workshops.run")
def console(request, trajectory, workshop_id):
    workshop = _workshop(trajectory, workshop_id)
    activities = list(workshop.activities.all())
    return render(
        request,
        "workshops/console.html",
        {
            "trajectory": trajectory,
            "workshop": workshop,
            "blocks": workshop.blocks.all(),
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
        },
    )


def _side_links(request, workshop) -> list[tuple[str, str]]:
    """A join link per side of the trajectory's parties, named as the party names its side."""
    base = request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))
    return [
        (label, f"{base}?kant={services.side_link_token(workshop=workshop, side=side)}")
        for side, label in side_labels(workshop.trajectory).items()
    ]


def _console_action(request, trajectory, workshop_id, action):
    workshop = _workshop(trajectory, workshop_id)
    try:
        action(workshop)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("workshops:console", trajectory.pk, workshop.pk)


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

    return _console_action(request, trajectory, workshop_id, change)


@require_POST
@trajectory_view("workshops.run")
def block_add(request, trajectory, workshop_id):
    def add(workshop):
        form = BlockForm(request.POST, prefix="block")
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.block_add(workshop=workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The block has been added to the agenda."))

    return _console_action(request, trajectory, workshop_id, add)


@require_POST
@trajectory_view("workshops.run")
def activity_add(request, trajectory, workshop_id):
    def add(workshop):
        blocks = list(workshop.blocks.all())
        form = ActivityForm(request.POST, prefix="activity", blocks=blocks)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
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

    return _console_action(request, trajectory, workshop_id, add)


def _activity(workshop, activity_id) -> Activity:
    activity = workshop.activities.filter(pk=activity_id).first()
    if activity is None:
        raise Http404(_("This activity does not exist."))
    return activity


@require_POST
@trajectory_view("workshops.run")
def activity_control(request, trajectory, workshop_id, activity_id):
    def control(workshop):
        activity = _activity(workshop, activity_id)
        command = request.POST.get("command", "")
        if command in ("open", "closed"):
            services.activity_set_status(activity=activity, actor=request.user, status=command)
        elif command in ("show", "hide"):
            services.activity_show_results(
                activity=activity, actor=request.user, visible=command == "show"
            )
        elif command == "themes":
            services.themes_add(
                activity=activity, actor=request.user, names_text=request.POST.get("themes", "")
            )
        elif command == "cluster":
            idea = activity.statements.filter(pk=_uuid_or_none(request.POST.get("idea"))).first()
            theme = activity.themes.filter(pk=_uuid_or_none(request.POST.get("theme"))).first()
            if idea is None:
                raise ValidationError(_("This idea does not exist."))
            services.idea_cluster(idea=idea, actor=request.user, theme=theme)
        elif command in ("collect", "vote"):
            services.ideas_phase(activity=activity, actor=request.user, phase=command)
        elif command == "outcome":
            services.activity_record_outcome(
                activity=activity, actor=request.user, outcome=request.POST.get("outcome", "")
            )
        else:
            raise ValidationError(_("Unknown command."))

    return _console_action(request, trajectory, workshop_id, control)


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

    return _console_action(request, trajectory, workshop_id, decide)


def _block(workshop, block_id):
    block = workshop.blocks.filter(pk=block_id).first()
    if block is None:
        raise Http404(_("This block does not exist."))
    return block


def _participant_in(workshop, participant_id):
    participant = (
        workshop.participants.filter(pk=participant_id).first() if participant_id else None
    )
    if participant_id and participant is None:
        raise ValidationError(_("This person did not join this session."))
    return participant


@require_POST
@trajectory_view("workshops.run")
def groups(request, trajectory, workshop_id, block_id):
    """One form target for the round's commands: define, host, pair, assign, move, publish."""

    def command(workshop):
        block = _block(workshop, block_id)
        post = request.POST
        action = post.get("command", "")
        if action == "define":
            services.subgroups_define(
                block=block, actor=request.user, topics_text=post.get("topics", "")
            )
        elif action == "host":
            subgroup = block.subgroups.filter(pk=_uuid_or_none(post.get("subgroup"))).first()
            if subgroup is None:
                raise ValidationError(_("This group does not exist."))
            services.subgroup_set_host(
                subgroup=subgroup,
                actor=request.user,
                participant=_participant_in(workshop, _uuid_or_none(post.get("participant"))),
            )
        elif action == "pair":
            first = _participant_in(workshop, _uuid_or_none(post.get("first")))
            second = _participant_in(workshop, _uuid_or_none(post.get("second")))
            if first is None or second is None:
                raise ValidationError(_("Choose two different people."))
            services.pair_rule_add(
                block=block,
                actor=request.user,
                first=first,
                second=second,
                together=post.get("together") == "1",
            )
        elif action == "assign":
            outcome = services.groups_assign(block=block, actor=request.user)
            messages.success(
                request,
                _(
                    "The groups have been made. Largest gap between a group and the room: %(gap)d percentage points."
                )
                % {"gap": round(100 * outcome["largest_gap"])},
            )
        elif action == "move":
            subgroup = block.subgroups.filter(pk=_uuid_or_none(post.get("subgroup"))).first()
            participant = _participant_in(workshop, _uuid_or_none(post.get("participant")))
            if subgroup is None or participant is None:
                raise ValidationError(_("This person or group is not part of this round."))
            services.group_move(
                block=block, actor=request.user, participant=participant, subgroup=subgroup
            )
        elif action == "publish":
            services.groups_publish(block=block, actor=request.user)
            messages.success(
                request, _("The groups are published: everyone sees their group and topic.")
            )
        else:
            raise ValidationError(_("Unknown command."))

    return _console_action(request, trajectory, workshop_id, command)


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _join_panel(request, workshop) -> dict:
    join_url = request.build_absolute_uri(reverse("workshops:join", args=[workshop.join_code]))
    qr = segno.make(join_url, error="m").svg_inline(
        scale=8, title=_("QR code to join"), svgclass="rt-qr"
    )
    return {
        "join_url": join_url,
        "join_start_url": request.build_absolute_uri(reverse("workshops:join_start")),
        "qr": mark_safe(qr),  # noqa: S308 - segno builds this SVG; the URL in it is escaped
    }


def _screen_context(request, trajectory, workshop):
    from .activities import activity_types

    activity = selectors.open_activity(workshop) or workshop.current_activity
    results = selectors.results(activity) if activity else None
    chart = None
    if activity is not None and results and activity.results_visible:
        chart = activity_types[activity.kind].chart(activity, results)
    return {
        "trajectory": trajectory,
        "workshop": workshop,
        "agenda_block": selectors.current_block(workshop),
        "activity": activity,
        "results": results,
        "chart": chart,
        "answers": selectors.answer_count(activity) if activity else 0,
        "participants": workshop.participants.count(),
        **_join_panel(request, workshop),
    }


@require_GET
@trajectory_view("workshops.view")
def screen(request, trajectory, workshop_id):
    """The presenter view: full screen, no app chrome, for a projector and a room."""
    workshop = _workshop(trajectory, workshop_id)
    return render(
        request,
        "workshops/screen.html",
        {
            **_screen_context(request, trajectory, workshop),
            "can_run": request.user.has_perm("workshops.run", trajectory),
        },
    )


@require_POST
@trajectory_view("workshops.run")
def screen_control(request, trajectory, workshop_id):
    """The presenter's keyboard shortcuts (next, previous, show or hide the results). Answers
    with JSON; the screen itself follows through the live snapshot like every other view."""
    workshop = _workshop(trajectory, workshop_id)
    command = request.POST.get("command", "")
    try:
        if command in ("next", "previous"):
            activity = services.activity_advance(
                workshop=workshop, actor=request.user, step=1 if command == "next" else -1
            )
            if activity is None:
                raise ValidationError(
                    _("This is the last activity.")
                    if command == "next"
                    else _("This is the first activity.")
                )
        elif command in ("show", "hide"):
            activity = workshop.current_activity
            if activity is None:
                raise ValidationError(_("No activity has been started yet."))
            services.activity_show_results(
                activity=activity, actor=request.user, visible=command == "show"
            )
        else:
            raise ValidationError(_("Unknown command."))
    except ValidationError as exc:
        return JsonResponse({"detail": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True, "activity": activity.title})


@require_GET
@trajectory_view("workshops.run")
def console_voice(request, trajectory, workshop_id):
    workshop = _workshop(trajectory, workshop_id)
    return render(
        request, "workshops/_voice.html", {"voice": selectors.equality_of_voice(workshop)}
    )


@require_GET
@trajectory_view("workshops.view")
def screen_fragment(request, trajectory, workshop_id):
    workshop = _workshop(trajectory, workshop_id)
    return render(
        request, "workshops/_screen_live.html", _screen_context(request, trajectory, workshop)
    )


@require_GET
def version(request, code):
    """Public by the session code: only a number that changes, so pages know when to refresh."""
    workshop = selectors.workshop_by_code(code)
    if workshop is None:
        raise Http404(_("There is no session with this code."))
    return JsonResponse({"version": workshop.version})


# --- participants (no account needed) ----------------------------------------------------------


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _too_many_attempts(request) -> bool:
    return cache.get(f"join-attempts:{_address(request)}", 0) >= JOIN_ATTEMPTS


def _count_failed_attempt(request) -> None:
    key = f"join-attempts:{_address(request)}"
    cache.add(key, 0, JOIN_PAUSE_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, JOIN_PAUSE_SECONDS)


@require_http_methods(["GET", "POST"])
def join_start(request):
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _too_many_attempts(request):
            form.add_error(
                "code", _("Too many wrong codes from this address. Try again in ten minutes.")
            )
        else:
            workshop = selectors.workshop_by_code(form.cleaned_data["code"])
            if workshop is None or workshop.status == WorkshopStatus.CLOSED:
                _count_failed_attempt(request)
                form.add_error("code", _("There is no open session with this code."))
            else:
                return redirect("workshops:join", workshop.join_code)
    return render(request, "workshops/join_start.html", {"form": form})


def _participant(request, workshop):
    return selectors.participant_by_key(
        workshop=workshop, key=request.COOKIES.get(PARTICIPANT_COOKIE)
    )


def _workshop_by_code(code):
    workshop = selectors.workshop_by_code(code)
    if workshop is None:
        raise Http404(_("There is no session with this code."))
    return workshop


@require_http_methods(["GET", "POST"])
def join(request, code):
    workshop = _workshop_by_code(code)
    if _participant(request, workshop):
        return redirect("workshops:live", workshop.join_code)
    if workshop.status == WorkshopStatus.CLOSED:
        return render(request, "workshops/ended.html", {"workshop": workshop})
    membership = (
        Membership.objects.filter(trajectory=workshop.trajectory, user=request.user)
        .select_related("party")
        .first()
        if request.user.is_authenticated
        else None
    )
    initial = {}
    if membership:
        initial = {
            "display_name": request.user.full_name,
            "side": membership.party.side if membership.party else "",
        }
    token = request.GET.get("kant") or request.POST.get("kant") or ""
    fixed_side = services.side_from_token(workshop=workshop, token=token) if token else None
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and fixed_side:
        data["side"] = fixed_side  # the link decides, whatever the form says
    if fixed_side:
        initial["side"] = fixed_side
    sides = side_labels(workshop.trajectory)
    form = JoinForm(data, initial=initial, sides=sides)
    if fixed_side:
        form.fields["side"].widget = forms.HiddenInput()
    if request.method == "POST" and form.is_valid():
        try:
            _participant_obj, key = services.participant_join(
                workshop=workshop,
                display_name=form.cleaned_data["display_name"],
                side=form.cleaned_data["side"],
                user=request.user if membership else None,
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            response = redirect("workshops:live", workshop.join_code)
            response.set_cookie(
                PARTICIPANT_COOKIE,
                key,
                max_age=14 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
                path="/",
            )
            return response
    return render(
        request,
        "workshops/join.html",
        {
            "workshop": workshop,
            "form": form,
            "fixed_side": sides.get(fixed_side) or dict(Side.choices).get(fixed_side),
            "token": token if fixed_side else "",
        },
    )


def _survey_waves(workshop):
    from rondetafel.trust.selectors import open_waves_for_workshop

    return open_waves_for_workshop(workshop)


def _live_context(workshop, participant):
    activity = selectors.open_activity(workshop)
    context = {
        "workshop": workshop,
        "participant": participant,
        "my_group": selectors.my_group(workshop=workshop, participant=participant),
        "agenda_block": selectors.current_block(workshop),
        "wish": selectors.open_wish(workshop=workshop, participant=participant),
        "activity": activity,
        "activity_key": selectors.activity_key(
            selectors.open_activity(workshop) or workshop.current_activity
        ),
        "survey_waves": _survey_waves(workshop),
    }
    if activity is not None:
        if activity.kind == "statements":
            statements = selectors.statements_for(activity=activity, participant=participant)
            context["statement"] = statements[0] if statements else None
            context["remaining"] = len(statements)
        elif activity.kind == "qa":
            context["questions"] = selectors.questions_for(
                activity=activity, participant=participant
            )
        else:
            context["answer"] = selectors.my_answer(activity=activity, participant=participant)
            if activity.kind in ("ranking", "allocation", "grid"):
                context["option_rows"] = selectors.option_rows(activity, context["answer"])
            if activity.kind == "ideas":
                context["themes"] = selectors.theme_rows(activity, context["answer"])
            if activity.kind.startswith("scale"):
                low, high = activity.config["min"], activity.config["max"]
                context["scale_numbers"] = list(range(low, high + 1))
        # Results only after one's own answer: seeing the room first would steer the answer.
        answered = (
            context.get("answer") is not None
            or (activity.kind == "statements" and context.get("statement") is None)
            or (activity.kind == "qa")
        )
        if activity.results_visible and answered:
            context["results"] = selectors.results(activity)
    return context


@require_GET
def live(request, code):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        return redirect("workshops:join", workshop.join_code)
    context = _live_context(workshop, participant)
    context["side_label"] = side_labels(workshop.trajectory).get(
        participant.side, participant.get_side_display()
    )
    return render(request, "workshops/live.html", context)


@require_GET
def live_fragment(request, code):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    return render(request, "workshops/_live_activity.html", _live_context(workshop, participant))


@require_POST
async def respond(request, code, activity_id):
    """The phone form's answer (the fallback when scripts or sockets are unavailable). It goes
    through the same batches as the WebSocket's votes: a room of phones posting at the same
    moment shares a few transactions instead of queueing for one each."""
    identity = await sync_to_async(selectors.phone_identity)(
        code=code, key=request.COOKIES.get(PARTICIPANT_COOKIE)
    )
    if identity is None:
        raise PermissionDenied(_("Join the session first."))
    join_code, workshop_id, participant_id = identity
    outcome = await vote_batcher(thread_sensitive=True).submit(
        services.vote_from_form(
            request.POST,
            activity_id=activity_id,
            participant_id=participant_id,
            workshop_id=workshop_id,
        )
    )
    if outcome.ok:
        messages.success(request, _("Your answer has been recorded."))
    else:
        messages.error(request, outcome.detail)
    return redirect("workshops:live", join_code)


@require_POST
def submit_statement(request, code, activity_id):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    activity = _activity(workshop, activity_id)
    form = StatementForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.statement_submit(
            activity=activity,
            participant=participant,
            text=form.cleaned_data["text"],
            client_id=form.cleaned_data["client_id"],
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("Thank you. The facilitator will look at your statement before it is shown.")
        )
    return redirect("workshops:live", workshop.join_code)


@require_POST
def wish(request, code, block_id):
    workshop = _workshop_by_code(code)
    participant = _participant(request, workshop)
    if participant is None:
        raise PermissionDenied(_("Join the session first."))
    block = _block(workshop, block_id)
    try:
        services.preference_set(
            block=block, participant=participant, topics=[request.POST.get("topic", "")]
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Your wish has been noted."))
    return redirect("workshops:live", workshop.join_code)


@require_GET
@trajectory_view("workshops.view")
def report(request, trajectory, workshop_id):
    from . import report as session_report

    workshop = _workshop(trajectory, workshop_id)
    return render(
        request,
        "workshops/report.html",
        {"trajectory": trajectory, **session_report.context(workshop)},
    )


@require_GET
@trajectory_view("workshops.view")
def report_pdf(request, trajectory, workshop_id):
    from django.http import HttpResponse

    from . import report as session_report

    workshop = _workshop(trajectory, workshop_id)
    response = HttpResponse(session_report.pdf(workshop), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="sessieverslag.pdf"'
    return response


@require_GET
@trajectory_view("workshops.run")
def activity_export(request, trajectory, workshop_id, activity_id):
    from django.http import HttpResponse

    from . import report as session_report

    activity = _activity(_workshop(trajectory, workshop_id), activity_id)
    response = HttpResponse(
        session_report.activity_csv(activity), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="activiteit-{activity.position}.csv"'
    return response


@require_POST
@trajectory_view("workshops.run")
def block_control(request, trajectory, workshop_id, block_id):
    def control(workshop):
        block = _block(workshop, block_id)
        if request.POST.get("command") == "start":
            services.block_start(block=block, actor=request.user)
        elif request.POST.get("command") == "end":
            services.block_end(block=block, actor=request.user)
        else:
            raise ValidationError(_("Unknown command."))

    return _console_action(request, trajectory, workshop_id, control)


# --- opinion landscape and Pol.is --------------------------------------------------------------


def _statement_activity(workshop, activity_id) -> Activity:
    activity = _activity(workshop, activity_id)
    if activity.kind != "statements":
        raise Http404(_("Only statement voting has an opinion landscape."))
    return activity


@require_GET
@trajectory_view("workshops.run")
def opinion(request, trajectory, workshop_id, activity_id):
    workshop = _workshop(trajectory, workshop_id)
    activity = _statement_activity(workshop, activity_id)
    return render(
        request,
        "workshops/opinion.html",
        {
            "trajectory": trajectory,
            "workshop": workshop,
            "activity": activity,
            "results": selectors.results(activity),
        },
    )


@require_GET
@trajectory_view("workshops.run")
def opinion_fragment(request, trajectory, workshop_id, activity_id):
    activity = _statement_activity(_workshop(trajectory, workshop_id), activity_id)
    return render(
        request,
        "workshops/_opinion_live.html",
        {"activity": activity, "results": selectors.results(activity)},
    )


@require_GET
@trajectory_view("workshops.run")
def activity_polis_export(request, trajectory, workshop_id, activity_id):
    from django.http import HttpResponse

    from . import polis

    activity = _statement_activity(_workshop(trajectory, workshop_id), activity_id)
    response = HttpResponse(polis.export_zip(activity), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="polis-{activity.position}.zip"'
    return response


@require_http_methods(["GET", "POST"])
@trajectory_view("workshops.run")
def polis_import(request, trajectory):
    from . import polis
    from .forms import PolisImportForm

    form = PolisImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = polis.import_export(
                trajectory=trajectory,
                actor=request.user,
                comments_csv=data["comments_text"],
                votes_csv=data["votes_text"],
                participants_votes_csv=data["participants_votes_text"],
                title=data["title"],
                all_or_nothing=not data["keep_valid"],
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            if outcome.stored and not outcome.problems:
                messages.success(request, _("The conversation has been imported."))
                return redirect(
                    "workshops:opinion",
                    trajectory.pk,
                    outcome.workshop.pk,
                    outcome.workshop.activities.get().pk,
                )
    problems = [(p, polis.problem_message(p)) for p in (outcome.problems if outcome else [])]
    return render(
        request,
        "workshops/polis_import.html",
        {"trajectory": trajectory, "form": form, "outcome": outcome, "problems": problems},
        status=400 if request.method == "POST" and (not form.is_valid() or problems) else 200,
    )
