"""Every URL the project has, requested by every role, answers with the expected status.

The URL list is walked from the resolver, so a new URL without an expectation here fails
``test_every_url_has_an_expectation``: the matrix grows with the project.
"""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import ROLES, client_for

#           anonymous participant observer client facilitator other_facilitator
MEMBERS = (302, 200, 200, 200, 200, 403)
FACILITATOR_ONLY = (302, 403, 403, 403, 200, 403)
EVERYONE = (200,) * 6
LOGGED_IN = (302, 200, 200, 200, 200, 200)
REGISTER = (302, 403, 403, 200, 200, 403)
FACILITATOR_CHANGE = (302, 403, 403, 403, 302, 403)  # a refused change goes back with a message
ASSESSORS = (
    302,
    200,
    403,
    200,
    403,
    403,
)  # those at the table: not observers, not the neutral facilitator
API_MEMBERS = (401, 200, 200, 200, 200, 403)
API_REGISTER = (401, 403, 403, 200, 200, 403)
API_FACILITATOR = (401, 403, 403, 403, 200, 403)
API_FACILITATOR_CREATED = (401, 403, 403, 403, 201, 403)

# name: (method, statuses per role, body for the request)
EXPECTED: dict[str, tuple[str, tuple[int, ...], dict | None]] = {
    "core:home": ("GET", (200, 302, 302, 302, 302, 302), None),
    "core:privacy": ("GET", EVERYONE, None),
    "trajectories:list": ("GET", LOGGED_IN, None),
    "trajectories:create": ("GET", (302, 403, 403, 403, 200, 200), None),
    "trajectories:detail": ("GET", MEMBERS, None),
    "trajectories:edit": ("GET", FACILITATOR_ONLY, None),
    "trajectories:parties": ("GET", MEMBERS, None),
    "trajectories:party_edit": ("GET", FACILITATOR_ONLY, None),
    "trajectories:people": ("GET", MEMBERS, None),
    "trajectories:invite": ("GET", FACILITATOR_ONLY, None),
    "trajectories:membership_edit": ("GET", FACILITATOR_ONLY, None),
    "trajectories:membership_remove": ("POST", (302, 403, 403, 403, 302, 403), None),
    "trajectories:step_edit": ("GET", FACILITATOR_ONLY, None),
    # The participant asked to be erased (set up in _kwargs): only the facilitator carries it out.
    "trajectories:member_erase": ("GET", FACILITATOR_ONLY, None),
    "trajectories:audit_log": ("GET", (302, 403, 403, 200, 200, 403), None),
    # The invitation is for someone new: anyone logged in as somebody else is refused.
    "trajectories:invitation": ("GET", (200, 403, 403, 403, 403, 403), None),
    "accounts:account": ("GET", LOGGED_IN, None),
    "accounts:personal_data": ("GET", LOGGED_IN, None),
    # Anyone logged in may ask for themselves; back to the account page (anonymous: to log in).
    "accounts:erasure_request": ("POST", (302,) * 6, None),
    # The token belongs to the facilitator: for anyone else it does not exist.
    "accounts:token_revoke": ("POST", (302, 404, 404, 404, 302, 404), None),
    "accounts:login": ("GET", (200, 302, 302, 302, 302, 302), None),
    # The code step needs a right password first; without one, back to the log-in page.
    "accounts:login_code": ("GET", (302,) * 6, None),
    "accounts:two_factor_setup": ("GET", LOGGED_IN, None),
    # Without an identity provider configured, logging in through one does not exist.
    "accounts:oidc_start": ("GET", (404,) * 6, None),
    "accounts:oidc_callback": ("GET", (404,) * 6, None),
    # Turning it off answers on the account page (anonymous: to log in).
    "accounts:two_factor_disable": ("POST", (302,) * 6, None),
    "accounts:logout": ("POST", (302,) * 6, None),
    "accounts:password_reset": ("GET", EVERYONE, None),
    "accounts:password_reset_done": ("GET", EVERYONE, None),
    "accounts:password_reset_confirm": ("GET", EVERYONE, None),
    "accounts:password_reset_complete": ("GET", EVERYONE, None),
    "set_language": ("POST", (302,) * 6, {"language": "en"}),
    "stakeholders:intake": ("GET", MEMBERS, None),
    "stakeholders:goal_edit": ("GET", FACILITATOR_ONLY, None),
    # Only someone who speaks for a party may give its verdict (the world's facilitator has none).
    "stakeholders:goal_sign_off": ("POST", (302, 302, 403, 302, 403, 403), {"verdict": "agree"}),
    "stakeholders:intake_edit": ("GET", FACILITATOR_ONLY, None),
    "stakeholders:register": ("GET", REGISTER, None),
    "stakeholders:grid": ("GET", REGISTER, None),
    "stakeholders:salience": ("GET", REGISTER, None),
    "stakeholders:network": ("GET", REGISTER, None),
    "stakeholders:common_ground": ("GET", MEMBERS, None),
    "stakeholders:export": ("GET", REGISTER, None),
    "stakeholders:import": ("GET", FACILITATOR_ONLY, None),
    "stakeholders:engagement": ("GET", REGISTER, None),
    "stakeholders:engagement_export": ("GET", REGISTER, None),
    "stakeholders:import_preview": ("GET", FACILITATOR_ONLY, None),
    "stakeholders:detail": ("GET", REGISTER, None),
    "stakeholders:edit": ("GET", FACILITATOR_ONLY, None),
    "stakeholders:add_record": (
        "POST",
        (302, 403, 403, 403, 302, 403),
        {"position-text": "Meer groen"},
    ),
    "stakeholders:update_record": ("POST", (302, 403, 403, 403, 302, 403), {"operation": "delete"}),
    "agreements:list": ("GET", MEMBERS, None),
    "agreements:import": ("GET", FACILITATOR_ONLY, None),
    "agreements:import_preview": ("GET", FACILITATOR_ONLY, None),
    "agreements:version": ("GET", MEMBERS, None),
    "agreements:version_status": ("POST", (302, 403, 403, 403, 302, 403), {"status": "adopted"}),
    "agreements:version_edit": ("GET", FACILITATOR_ONLY, None),
    "agreements:consolidate": ("POST", (302, 403, 403, 403, 302, 403), None),
    "agreements:proposals": ("GET", MEMBERS, None),
    "agreements:compare": ("GET", MEMBERS, None),
    "agreements:compare_pdf": ("GET", MEMBERS, None),
    "agreements:export": ("GET", MEMBERS, None),
    "agreements:article": ("GET", MEMBERS, None),
    "agreements:article_edit": ("GET", FACILITATOR_ONLY, None),
    # Observers read but do not review.
    "agreements:verdict": ("POST", (302, 302, 403, 302, 302, 403), {"verdict": "keep"}),
    "agreements:propose": (
        "POST",
        (302, 302, 403, 302, 302, 403),
        {"kind": "delete", "rationale": "Overbodig"},
    ),
    "agreements:support": ("POST", (302, 302, 403, 302, 302, 403), None),
    "agreements:comment": ("POST", (302, 302, 403, 302, 302, 403), {"text": "Eens"}),
    "agreements:decide": ("GET", FACILITATOR_ONLY, None),
    "workshops:list": ("GET", MEMBERS, None),
    "workshops:console": ("GET", FACILITATOR_ONLY, None),
    "workshops:workshop_status": ("POST", (302, 403, 403, 403, 302, 403), None),
    # Without a command the facilitator hears which commands exist (400, JSON).
    "workshops:screen_control": ("POST", (302, 403, 403, 403, 400, 403), None),
    "workshops:block_add": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:activity_add": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:activity_control": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:moderate": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:groups": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:block_control": ("POST", (302, 403, 403, 403, 302, 403), None),
    "workshops:activity_export": ("GET", FACILITATOR_ONLY, None),
    "workshops:activity_design": ("POST", FACILITATOR_CHANGE, {"command": "down"}),
    "workshops:workshop_duplicate": ("POST", FACILITATOR_CHANGE, None),
    # An order that does not match the agenda is refused with a message (302 back).
    "workshops:agenda_reorder": ("POST", FACILITATOR_CHANGE, None),
    "workshops:run_sheet": ("GET", FACILITATOR_ONLY, None),
    "workshops:from_method": ("POST", FACILITATOR_CHANGE, {"method-method": "intake_round"}),
    "workshops:activity_polis_export": ("GET", FACILITATOR_ONLY, None),
    "workshops:opinion": ("GET", FACILITATOR_ONLY, None),
    "workshops:opinion_fragment": ("GET", FACILITATOR_ONLY, None),
    "workshops:polis_import": ("GET", FACILITATOR_ONLY, None),
    "workshops:report": ("GET", MEMBERS, None),
    "workshops:console_voice": ("GET", FACILITATOR_ONLY, None),
    "workshops:report_pdf": ("GET", MEMBERS, None),
    "workshops:wish": ("POST", (403,) * 6, None),
    "workshops:screen": ("GET", MEMBERS, None),
    "workshops:screen_fragment": ("GET", MEMBERS, None),
    # Participants are identified by the session code and a cookie, not by their account:
    "workshops:join_start": ("GET", EVERYONE, None),
    "workshops:join": ("GET", EVERYONE, None),
    "workshops:version": ("GET", EVERYONE, None),
    "workshops:live": ("GET", (302,) * 6, None),  # no participant cookie: to the join page
    "workshops:live_fragment": ("GET", (403,) * 6, None),
    "workshops:respond": ("POST", (403,) * 6, None),
    "workshops:submit_statement": ("POST", (403,) * 6, None),
    "trust:list": ("GET", MEMBERS, None),
    "trust:detail": ("GET", FACILITATOR_ONLY, None),
    "trust:item_add": ("POST", (302, 403, 403, 403, 400, 403), None),
    "trust:wave_add": ("POST", (302, 403, 403, 403, 400, 403), None),
    "trust:wave_control": ("POST", (302, 403, 403, 403, 302, 403), None),
    "trust:report": ("GET", MEMBERS, None),
    "trust:report_pdf": ("GET", MEMBERS, None),
    "trust:respond": ("GET", EVERYONE, None),
    "scenarios:list": ("GET", MEMBERS, None),
    "scenarios:detail": ("GET", MEMBERS, None),
    "scenarios:explore_screen": ("GET", MEMBERS, None),
    "scenarios:export_xlsx": ("GET", MEMBERS, None),
    "scenarios:report_pdf": ("GET", MEMBERS, None),
    "scenarios:parameter_add": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:parameter_remove": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:judging_start": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:proposing_start": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:value_add": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:scoring_start": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:pair_decide": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:scenarios_pick": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:scenario_add": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:scenario_write": ("POST", FACILITATOR_CHANGE, None),
    "scenarios:scenario_to_agreement": ("POST", FACILITATOR_CHANGE, None),
    "signing:verify": ("GET", EVERYONE, None),
    "signing:root_certificate": ("GET", EVERYONE, None),
    "core:live": ("GET", EVERYONE, None),
    # Readiness answers 503 while no worker beats: the status, not a refusal (core/tests).
    "core:ready": ("GET", (503,) * 6, None),
    # The test client is on loopback without a proxy header: the local scraper (core/tests).
    "core:metrics": ("GET", EVERYONE, None),
    "regulations:index": ("GET", MEMBERS, None),
    "regulations:inventory": ("GET", MEMBERS, None),
    "regulations:results": ("GET", MEMBERS, None),
    "regulations:framework": ("GET", MEMBERS, None),
    "regulations:framework_pdf": ("GET", MEMBERS, None),
    "regulations:framework_docx": ("GET", MEMBERS, None),
    "regulations:regulation": ("GET", MEMBERS, None),
    "regulations:rule": ("GET", MEMBERS, None),
    "regulations:challenges": ("GET", MEMBERS, None),
    "regulations:challenge": ("GET", MEMBERS, None),
    "regulations:assess_list": ("GET", ASSESSORS, None),
    "regulations:assess": ("GET", ASSESSORS, None),
    "regulations:import_xml": ("POST", (302, 403, 403, 403, 400, 403), None),
    "regulations:import_sheet": ("POST", (302, 403, 403, 403, 400, 403), None),
    "regulations:policy_add": ("POST", FACILITATOR_CHANGE, None),
    "regulations:cluster_add": ("POST", FACILITATOR_CHANGE, None),
    "regulations:assessing_start": ("POST", FACILITATOR_CHANGE, None),
    "regulations:rule_update": ("POST", FACILITATOR_CHANGE, None),
    "regulations:rule_remove": ("POST", FACILITATOR_CHANGE, None),
    "regulations:rule_reviewed": ("POST", FACILITATOR_CHANGE, None),
    "regulations:decide": ("POST", FACILITATOR_CHANGE, None),
    "regulations:framework_agreement": ("POST", FACILITATOR_CHANGE, None),
    "regulations:challenge_terms": ("POST", FACILITATOR_CHANGE, None),
    # the municipality decides: its client and the facilitator
    "regulations:challenge_assess": ("POST", (302, 403, 403, 302, 302, 403), None),
    "regulations:challenge_decide": ("POST", (302, 403, 403, 302, 302, 403), None),
    # filed by the participant here; a withdrawal by someone else is refused with a message
    "regulations:challenge_withdraw": ("POST", (302, 302, 403, 302, 302, 403), None),
    "regulations:challenge_report": ("POST", (302, 302, 403, 403, 403, 403), None),
    "signing:list": ("GET", MEMBERS, None),
    "signing:open": ("GET", FACILITATOR_ONLY, None),
    "signing:ceremony": ("GET", MEMBERS, None),
    "signing:sign": ("GET", (302, 200, 403, 200, 403, 403), None),
    "signing:send_code": ("POST", (302, 302, 403, 302, 403, 403), None),
    "signing:screen": ("GET", MEMBERS, None),
    "signing:progress": ("GET", MEMBERS, None),
    "signing:document": ("GET", MEMBERS, None),
    "signing:certificate": ("GET", MEMBERS, None),
    "signing:room_code": ("POST", (302, 403, 403, 403, 302, 403), None),
    "signing:unlock": ("POST", (302, 403, 403, 403, 302, 403), None),
    "signing:cancel": ("POST", (302, 403, 403, 403, 302, 403), None),
    "governance:dashboard": ("GET", MEMBERS, None),
    "governance:decisions": ("GET", MEMBERS, None),
    "governance:decision_edit": ("GET", FACILITATOR_ONLY, None),
    "governance:commitments": ("GET", MEMBERS, None),
    "governance:commitment": ("GET", MEMBERS, None),
    # Its owner (the participant) and the facilitator move it on; nobody else.
    "governance:commitment_progress": (
        "POST",
        (302, 302, 403, 403, 302, 403),
        {"status": "under_way"},
    ),
    # Without a new owner the facilitator hears that one is needed (400).
    "governance:commitment_reassign": ("POST", (302, 403, 403, 403, 400, 403), None),
    "governance:bodies": ("GET", MEMBERS, None),
    "governance:body": ("GET", MEMBERS, None),
    "governance:meeting": ("GET", MEMBERS, None),
    "governance:minutes_approve": ("POST", FACILITATOR_CHANGE, None),
    "governance:inbox": ("GET", LOGGED_IN, None),
    # Calendar apps do not log in: the signed address is the key.
    "governance:person_calendar": ("GET", EVERYONE, None),
    "governance:body_calendar": ("GET", EVERYONE, None),
    "reports:list": ("GET", MEMBERS, None),
    "reports:generate": ("POST", FACILITATOR_CHANGE, {"kind": "case", "language": "nl"}),
    "reports:quote_add": ("POST", (302, 403, 403, 403, 400, 403), None),
    # Only the person quoted consents (the world's quote quotes the participant).
    "reports:quote_consent": ("POST", (302, 302, 403, 403, 403, 403), {"given": "1"}),
    # The world's report is a draft: the facilitator and the client read it.
    "reports:report": ("GET", (302, 403, 403, 200, 200, 403), None),
    "reports:edit": ("GET", FACILITATOR_ONLY, None),
    "reports:publish": ("POST", FACILITATOR_CHANGE, {"published": "1"}),
    "reports:pdf": ("GET", (302, 403, 403, 200, 200, 403), None),
    "reports:docx": ("GET", (302, 403, 403, 200, 200, 403), None),
    "reports:feedback": ("GET", MEMBERS, None),
    "reports:feedback_answer": ("POST", (302, 403, 403, 403, 400, 403), None),
    "reports:feedback_publish": ("POST", FACILITATOR_CHANGE, {"published": "1"}),
    # The result link needs no account: the token is the key.
    "reports:results": ("GET", EVERYONE, None),
    "review:index": ("GET", FACILITATOR_ONLY, None),
    "review:form_round": ("POST", FACILITATOR_CHANGE, None),
    "review:start_consent": ("POST", FACILITATOR_CHANGE, None),
    # Phones only: without having joined the session, nobody proposes or hosts.
    "review:propose": ("POST", (403,) * 6, {"kind": "delete", "rationale": "x"}),
    "review:host_report": ("POST", (403,) * 6, {"notes": "x"}),
    "review:host_verdict": ("POST", (403,) * 6, None),
    "api:api-root": ("GET", (404,) * 6, None),
    "api:openapi-json": ("GET", EVERYONE, None),
    "api:openapi-view": ("GET", EVERYONE, None),
    "api:list_trajectories": ("GET", (401, 200, 200, 200, 200, 200), None),
    "api:create_trajectory": (
        "POST",
        (401, 403, 403, 403, 201, 201),
        {"title": "Nieuw", "question": "Wat?"},
    ),
    "api:get_trajectory": ("GET", API_MEMBERS, None),
    "api:update_trajectory": ("PATCH", API_FACILITATOR, {"title": "Anders"}),
    "api:list_parties": ("GET", API_MEMBERS, None),
    "api:create_party": (
        "POST",
        API_FACILITATOR_CREATED,
        {"name": "Bewoners", "side": "residents"},
    ),
    "api:update_party": ("PATCH", API_FACILITATOR, {"side_label": "stad"}),
    "api:list_memberships": ("GET", API_MEMBERS, None),
    "api:update_membership": ("PATCH", API_FACILITATOR, {"position": "wethouder"}),
    "api:remove_membership": ("DELETE", (401, 403, 403, 403, 204, 403), None),
    "api:list_stakeholders": ("GET", API_REGISTER, None),
    "api:create_stakeholder": (
        "POST",
        (401, 403, 403, 403, 201, 403),
        {"name": "Buurtvereniging", "side": "residents"},
    ),
    "api:get_stakeholder": ("GET", API_REGISTER, None),
    "api:update_stakeholder": ("PATCH", API_FACILITATOR, {"role": "bewoners"}),
    "api:list_assessments": ("GET", API_REGISTER, None),
    "api:create_assessment": (
        "POST",
        (401, 403, 403, 403, 201, 403),
        {"assessed_on": "2026-11-01", "power": 2, "interest": 5},
    ),
    "api:list_agreements": ("GET", API_MEMBERS, None),
    "api:list_sessions": ("GET", API_MEMBERS, None),
    "api:list_ceremonies": ("GET", API_MEMBERS, None),
    "api:list_surveys": ("GET", API_MEMBERS, None),
    "api:get_survey_report": ("GET", API_MEMBERS, None),
    "api:get_ceremony": ("GET", API_MEMBERS, None),
    "api:get_ceremony_document": ("GET", API_MEMBERS, None),
    "api:get_session": ("GET", API_MEMBERS, None),
    "api:get_session_agenda": ("GET", API_MEMBERS, None),
    "api:list_session_activities": ("GET", API_MEMBERS, None),
    "api:set_session_status": ("POST", API_FACILITATOR, {"status": "live"}),
    "api:list_articles": ("GET", API_MEMBERS, None),
    "api:update_article": ("PATCH", API_FACILITATOR, {"text": "Nieuw", "lock_version": 1}),
    "api:list_proposals": ("GET", API_MEMBERS, None),
    "api:create_proposal": (
        "POST",
        (401, 201, 403, 201, 201, 403),
        {"kind": "delete", "rationale": "Weg ermee", "article_id": "ARTICLE"},
    ),
    "api:create_invitation": (
        "POST",
        API_FACILITATOR_CREATED,
        {"email": "nieuw@test.example", "full_name": "Nieuw", "role": "observer"},
    ),
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def all_url_names() -> list[str]:
    return sorted({name for name, _p in _walk(get_resolver().url_patterns)})


def test_every_url_has_an_expectation():
    missing = [name for name in all_url_names() if name not in EXPECTED]
    assert not missing, f"URLs without an expected status per role: {missing}"
    stale = [name for name in EXPECTED if name not in all_url_names()]
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


def _kwargs(world, name: str, pattern: URLPattern) -> dict:
    from rondetafel.accounts.services import api_token_create
    from rondetafel.trajectories.services import invitation_create

    keys = set(pattern.pattern.converters)
    values = {
        "trajectory_id": world.trajectory.pk,
        "party_id": world.party.pk,
        "membership_id": world.memberships["participant"].pk,
        "number": 1,
        "uidb64": "MQ",
        "token": "set-password",
        "fmt": "pdf"
        if name.startswith("agreements:") or name == "stakeholders:engagement_export"
        else "csv",
        "kind": "position",
    }
    if "token_id" in keys:
        token, _key = api_token_create(user=world.users["facilitator"], name="ci")
        values["token_id"] = token.pk
    if keys & {"stakeholder_id", "record_id", "batch_id"} or name == "stakeholders:goal_sign_off":  # noqa: E501
        values.update(_stakeholder_world(world))
    if name.startswith("workshops:"):
        values.update(_workshop_world(world))
    if "session_id" in keys:
        values["session_id"] = _workshop_world(world)["workshop_id"]
    if name.startswith("trust:") or "survey_id" in keys:
        values.update(_trust_world(world))
    if name.startswith("scenarios:"):
        values.update(_scenario_world(world))
    if name.startswith("regulations:"):
        values.update(_regulation_world(world))
    if name.startswith("governance:"):
        values.update(_governance_world(world, name))
    if name.startswith("reports:"):
        values.update(_reports_world(world))
    if name.startswith("review:"):
        values.update(_review_world(world))
    if name.startswith("signing:") or "ceremony_id" in keys:
        values.update(_signing_world(world, name))
    elif keys & {"version_id", "draft_id"}:
        values.update(_agreement_world(world, name))
    if name == "trajectories:member_erase":
        from rondetafel.accounts.services import erasure_request_create

        erasure_request_create(user=world.users["participant"])
    if name == "trajectories:invitation":
        _inv, values["token"] = invitation_create(
            trajectory=world.trajectory,
            email="new@test.example",
            full_name="Nieuw",
            role="participant",
            invited_by=world.users["facilitator"],
        )
    return {k: v for k, v in values.items() if k in keys}


def _governance_world(world, name: str) -> dict:
    import datetime

    from django.utils import timezone

    from rondetafel.governance import calendar
    from rondetafel.governance import services as gs

    facilitator = world.users["facilitator"]
    body = gs.body_create(
        trajectory=world.trajectory,
        actor=facilitator,
        name="Stuurgroep",
        members=[world.memberships["participant"]],
    )
    meeting = gs.meeting_create(
        body=body, actor=facilitator, starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    decision = gs.decision_create(
        trajectory=world.trajectory,
        actor=facilitator,
        title="Elk kwartaal een stuurgroep",
        decided_by="Stuurgroep",
        decided_on=timezone.localdate(),
    )
    commitment = gs.commitment_create(
        trajectory=world.trajectory,
        actor=facilitator,
        description="Kennisagenda",
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        owner=world.memberships["participant"],
    )
    token = (
        calendar.feed_token("body", body.pk)
        if name == "governance:body_calendar"
        else calendar.feed_token("user", world.users["participant"].pk)
    )
    return {
        "body_id": body.pk,
        "meeting_id": meeting.pk,
        "decision_id": decision.pk,
        "commitment_id": commitment.pk,
        "token": token,
    }


def _review_world(world) -> dict:
    from conftest import agreement_in_review
    from rondetafel.review import services as rv
    from rondetafel.workshops import services as ws

    facilitator = world.users["facilitator"]
    version = agreement_in_review(
        world, "# C\n## Een\n### Artikel 1 A\nTekst.\n## Twee\n### Artikel 2 B\nTekst.\n"
    )
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    block = ws.block_add(workshop=workshop, actor=facilitator, kind="subsessions", title="Groepen")
    activity = rv.round_from_version(block=block, version=version, actor=facilitator)
    return {"code": workshop.join_code, "activity_id": activity.pk}


def _reports_world(world) -> dict:
    from rondetafel.reports import services as rs

    report = rs.report_generate(
        trajectory=world.trajectory, actor=world.users["facilitator"], kind="case", language="nl"
    )
    quote = rs.quote_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        text="Gelijkwaardig",
        speaker="Participant",
        membership=world.memberships["participant"],
    )
    page = rs.feedback_page_for(world.trajectory)
    return {"report_id": report.pk, "quote_id": quote.pk, "token": page.token}


def _stakeholder_world(world) -> dict:
    from rondetafel.stakeholders import services as ss
    from rondetafel.stakeholders.models import ImportBatch

    facilitator = world.users["facilitator"]
    ss.goal_save(
        trajectory=world.trajectory,
        actor=facilitator,
        text="Samen verder",
        engagement_level="collaborate",
        ladder_level="coproduceren",
    )
    stakeholder = ss.stakeholder_create(
        trajectory=world.trajectory, actor=facilitator, name="Wijkraad", side="residents"
    )
    position = ss.position_create(stakeholder=stakeholder, actor=facilitator, text="Meer groen")
    batch = ImportBatch.objects.create(
        trajectory=world.trajectory,
        uploaded_by=facilitator,
        filename="x.csv",
        header=["naam", "kant"],
        rows=[["Buurtvereniging", "bewoners"]],
    )
    return {"stakeholder_id": stakeholder.pk, "record_id": position.pk, "batch_id": batch.pk}


def _agreement_world(world, name) -> dict:
    """A draft agreement v1 for editing URLs; otherwise v1 in review (with one proposal by the
    client) and its successor v2, so review, decision and comparison URLs all have objects."""
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.models import ImportDraft
    from rondetafel.agreements.structure import parse_markdown

    facilitator = world.users["facilitator"]
    v1 = ag.agreement_create(
        trajectory=world.trajectory,
        actor=facilitator,
        title="Convenant",
        parsed=parse_markdown("# Convenant\n## Afspraken\n### Artikel 1 Samen\nWe werken samen."),
    )
    draft = ImportDraft.objects.create(
        trajectory=world.trajectory, uploaded_by=facilitator, filename="c.md", markdown="## A\n1. B"
    )
    values = {"draft_id": draft.pk, "version_id": v1.pk}
    article = v1.sections.get().articles.get()
    values["article_id"] = article.pk
    if name in (
        "agreements:version_edit",
        "agreements:article_edit",
        "agreements:version_status",
        "api:update_article",
    ):  # noqa: E501
        return values
    ag.version_set_status(version=v1, actor=facilitator, status="in_review")
    proposal = ag.proposal_create(
        version=v1,
        user=world.users["client"],
        kind="amend",
        article=article,
        rationale="Duidelijker",
        text="We werken gelijkwaardig samen.",
    )
    values["proposal_id"] = proposal.pk
    if name in ("agreements:compare", "agreements:compare_pdf"):
        ag.proposal_decide(
            proposal=proposal,
            actor=facilitator,
            method="facilitator",
            adopted=True,
            reason="Iedereen eens",
            tally={},
        )
        values["version_id"] = ag.version_consolidate(version=v1, actor=facilitator).pk
    return values


def _workshop_world(world) -> dict:
    from rondetafel.workshops import services as ws

    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    activity = ws.activity_add(
        workshop=workshop,
        actor=facilitator,
        kind="statements",
        title="Stellingen",
        options_text="A",
    )
    block = ws.block_add(workshop=workshop, actor=facilitator, kind="subsessions", title="Ronde")
    return {
        "workshop_id": workshop.pk,
        "block_id": block.pk,
        "activity_id": activity.pk,
        "statement_id": activity.statements.get().pk,
        "code": workshop.join_code,
    }


def _scenario_world(world) -> dict:
    from rondetafel.scenarios import services as scenarios

    facilitator = world.users["facilitator"]
    field = scenarios.field_create(trajectory=world.trajectory, actor=facilitator, title="Veld")
    for name in ("A", "B"):
        scenarios.parameter_add(
            scenario_field=field, actor=facilitator, name=name, values_text="x\ny"
        )
    (scenario,) = scenarios.scenarios_pick(scenario_field=field, actor=facilitator, k=1)
    return {
        "field_id": field.pk,
        "parameter_id": field.parameters.first().pk,
        "scenario_id": scenario.pk,
    }


def _regulation_world(world) -> dict:
    from datetime import timedelta
    from pathlib import Path

    from django.utils import timezone

    from rondetafel.regulations import cvdr, importing
    from rondetafel.regulations import services as regulations

    facilitator = world.users["facilitator"]
    sample = Path(cvdr.__file__).parent / "samples" / "apv-voorbeeld.xml"
    regulation = importing.import_xml(
        trajectory=world.trajectory, actor=facilitator, content=sample.read_bytes()
    ).regulation
    (rule,) = regulations.rules_from_provisions(
        trajectory=world.trajectory,
        actor=facilitator,
        provisions=[regulation.provisions.get(number="4:11")],
    )
    request = regulations.challenge_submit(
        trajectory=world.trajectory,
        requester=world.users["participant"],
        data={
            **dict.fromkeys(regulations.REQUIRED_PARTS, "Ingevuld."),
            "start_on": timezone.localdate() + timedelta(weeks=26),
        },
    )
    return {"regulation_id": regulation.pk, "rule_id": rule.pk, "request_id": request.pk}


def _trust_world(world) -> dict:
    from rondetafel.trust import services as trust

    survey = trust.survey_create(
        trajectory=world.trajectory, actor=None, title="Vertrouwen", instruments=["klijn"]
    )
    wave = trust.wave_open(survey=survey, actor=None, label="T0")
    return {"survey_id": survey.pk, "wave_id": wave.pk, "token": wave.token}


def _signing_world(world, name) -> dict:
    """An adopted version open for signing by the participant and the client; complete (both
    signed) for the completion certificate."""
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.structure import parse_markdown
    from rondetafel.signing import services as signing

    facilitator = world.users["facilitator"]
    version = ag.agreement_create(
        trajectory=world.trajectory,
        actor=facilitator,
        title="Convenant",
        parsed=parse_markdown("# Convenant\n## Afspraken\n### Artikel 1 Samen\nWe werken samen."),
    )
    ag.version_set_status(version=version, actor=facilitator, status="adopted")
    if name == "signing:open":
        return {"version_id": version.pk}
    ceremony = signing.ceremony_open(
        version=version, actor=facilitator, choice="everyone", order="parallel"
    )
    signatory = ceremony.signatories.first()
    if name == "signing:certificate":
        for person in ceremony.signatories.all():
            signing.sign(
                signatory=person,
                actor=person.user,
                method="room",
                code=ceremony.room_code,
                confirmed=True,
            )
    return {"ceremony_id": ceremony.pk, "signatory_id": signatory.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_per_role(world, name, role):
    patterns = dict(_walk(get_resolver().url_patterns))
    method, statuses, body = EXPECTED[name]
    kwargs = _kwargs(world, name, patterns[name])
    url = reverse(name, kwargs=kwargs)
    client = client_for(world, role)
    if body and body.get("article_id") == "ARTICLE":
        from rondetafel.agreements.models import Article

        article = Article.objects.filter(section__version_id=kwargs["version_id"]).first()
        body = {**body, "article_id": str(article.pk)}
    if method == "GET":
        response = client.get(url)
    elif name.startswith("api:"):
        response = client.generic(
            method, url, json.dumps(body or {}), content_type="application/json"
        )
    else:
        response = client.post(url, body or {})
    expected = statuses[ROLES.index(role)]
    assert response.status_code == expected, (
        f"{method} {url} as {role}: {response.status_code}, expected {expected}"
    )


# --- object ids from another trajectory ----------------------------------------------------------

_NOT_OBJECTS = {"trajectory_id", "token_id", "number", "uidb64", "token", "fmt", "kind", "code"}
_PATTERNS = dict(_walk(get_resolver().url_patterns))
FOREIGN = sorted(
    name
    for name, pattern in _PATTERNS.items()
    if name in EXPECTED
    and "trajectory_id" in pattern.pattern.converters
    and set(pattern.pattern.converters) - _NOT_OBJECTS
)


def _foreign_world(world):
    """The other facilitator's trajectory with a party and members of its own, its objects made
    by the same helpers as the matrix's."""
    from conftest import World
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side

    facilitator = world.users["other_facilitator"]
    trajectory = world.other_trajectory
    party = ts.party_create(
        trajectory=trajectory, actor=facilitator, name="Bewoners", side=Side.RESIDENTS
    )
    users = {**world.users, "facilitator": facilitator}
    memberships = {"facilitator": trajectory.memberships.get(user=facilitator)}
    for role in ("participant", "observer", "client"):
        users[role] = user_create(
            email=f"{role}-elders@test.example",
            full_name=f"{role} elders",
            password="pw-Geheim-123",
        )
        memberships[role] = ts.membership_create(
            trajectory=trajectory, user=users[role], role=Role(role), party=party, actor=facilitator
        )
    return World(trajectory, world.trajectory, party, users, memberships)


@pytest.mark.parametrize("name", FOREIGN)
def test_an_object_of_another_trajectory_is_not_found_through_this_one(world, name):
    """Someone with the right to this page in this trajectory (its facilitator, or else the
    first member the matrix does not refuse) asks for an object of the other trajectory under this
    trajectory's address: 404, so nothing is shown, changed, or even confirmed to exist."""
    method, statuses, body = EXPECTED[name]
    role = next(
        r
        for r in ("facilitator", "client", "participant", "observer")
        if statuses[ROLES.index(r)] != 403
    )
    kwargs = {**_kwargs(_foreign_world(world), name, _PATTERNS[name])}
    kwargs["trajectory_id"] = world.trajectory.pk
    url = reverse(name, kwargs=kwargs)
    client = client_for(world, role)
    if body and body.get("article_id") == "ARTICLE":  # an article of the other trajectory's too
        from rondetafel.agreements.models import Article

        article = Article.objects.filter(section__version_id=kwargs["version_id"]).first()
        body = {**body, "article_id": str(article.pk)}
    if method == "GET":
        response = client.get(url)
    elif name.startswith("api:"):
        from rondetafel.accounts.services import api_token_create

        _token, key = api_token_create(user=world.users[role], name="ci")
        response = client.generic(
            method,
            url,
            json.dumps(body or {}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    else:
        response = client.post(url, body or {})
    assert response.status_code == 404, (
        f"{method} {url} as {role}: {response.status_code}, expected 404"
    )


# --- every other method ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_method_the_view_does_not_take_is_refused(world, name):
    """Each URL answers only the methods it is made for: a page that shows something does not
    also answer DELETE as if it were GET. Asked by the facilitator, who may use every page; the
    API's operations share paths, so there it is PUT, which none of them takes."""
    method = EXPECTED[name][0]
    other = "PUT" if name.startswith("api:") or method == "DELETE" else "DELETE"
    url = reverse(name, kwargs=_kwargs(world, name, _PATTERNS[name]))
    response = client_for(world, "facilitator").generic(other, url)
    expected = NOT_BY_METHOD.get(name, 405)
    assert response.status_code == expected, f"{other} {url}: {response.status_code}"


# Views that decide before the method, each for a reason; none of them changes anything.
NOT_BY_METHOD = {
    "api:api-root": 404,  # no such page
    "accounts:oidc_start": 404,  # no identity provider configured
    "accounts:oidc_callback": 404,
    "accounts:login": 302,  # Django's: a logged-in person is sent on, whatever they ask
    "set_language": 302,  # Django's: back to where the person came from
    "accounts:password_reset_confirm": 200,  # Django's: says the link is not valid
    "api:openapi-json": 200,  # django-ninja's documentation, read by any method
    "api:openapi-view": 200,
}
