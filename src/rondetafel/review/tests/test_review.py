"""The agreement reviewed in a session: groups from the sections of a version, verdicts and
proposals from phones without accounts, the host's notes and verdicts, and the plenary consent
that decides each proposal with its tally per side; with the refusals a room runs into."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import agreement_in_review
from rondetafel.agreements import services as ag
from rondetafel.agreements.models import Proposal, Version
from rondetafel.review import services
from rondetafel.review.activity import ArticleReview
from rondetafel.workshops import services as ws
from rondetafel.workshops.constants import PARTICIPANT_COOKIE
from rondetafel.workshops.models import GroupMember

MD = (
    "# Convenant\n## Kennis\n### Artikel 1 Kennis delen\nWe delen kennis.\n"
    "### Artikel 2 Kennissessies\nTwee keer per jaar.\n"
    "## Looptijd\n### Artikel 3 Duur\nEén jaar.\n"
)


@pytest.fixture
def room(world):
    """A version in review, a live session with a sub-session round formed from its two
    sections, four phones without accounts (two sides), groups assigned and published."""
    version = agreement_in_review(world, MD)
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(
        trajectory=world.trajectory, actor=facilitator, title="Verdieping"
    )
    block = ws.block_add(
        workshop=workshop, actor=facilitator, kind="subsessions", title="Deelsessies"
    )
    phones = {}
    for name, side in (
        ("Ayla", "market"),
        ("Bram", "municipality"),
        ("Cor", "market"),
        ("Dirk", "municipality"),
    ):
        phones[name] = ws.participant_join(workshop=workshop, display_name=name, side=side)
    activity = services.round_from_version(block=block, version=version, actor=facilitator)
    ws.groups_assign(block=block, actor=facilitator)
    ws.groups_publish(block=block, actor=facilitator)
    ws.workshop_set_status(workshop=workshop, actor=facilitator, status="live")
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    return world, version, workshop, block, activity, phones


def _group_of(block, participant):
    return GroupMember.objects.get(block=block, participant=participant).subgroup


def _article(version, number):
    return version.sections.get(articles__number=number).articles.get(number=number)


def test_groups_are_the_sections_and_each_phone_reads_its_own(room):
    world, version, workshop, block, activity, phones = room
    assert [g.topic for g in block.subgroups.order_by("position")] == ["Kennis", "Looptijd"]
    for participant, _key in phones.values():
        context = ArticleReview("x", "x").phone_context(activity, participant)
        heading = _group_of(block, participant).topic
        assert context["group"].heading == heading
        expected = [str(a) for a in version.sections.get(heading=heading).articles.all()]
        assert [str(a) for a, _v in context["articles"]] == expected
    # both sides in both groups: balanced as every round
    for group in block.subgroups.all():
        sides = {m.participant.side for m in group.members.select_related("participant")}
        assert sides == {"market", "municipality"}


def test_a_phone_without_an_account_proposes_as_itself_or_on_behalf_of_its_side(room):
    world, version, workshop, block, activity, phones = room
    ayla, _ = phones["Ayla"]
    section = _group_of(block, ayla).topic
    article = version.sections.get(heading=section).articles.first()
    named = services.phone_proposal(
        activity=activity,
        participant=ayla,
        kind="amend",
        article_id=article.pk,
        text=article.text + " Ook digitaal.",
        rationale="Bereik",
    )
    assert named.proposed_by is None and named.side == "market" and named.proposer_name == "Ayla"
    hidden = services.phone_proposal(
        activity=activity,
        participant=ayla,
        kind="new",
        heading="Nieuw",
        text="Meer.",
        rationale="Nodig",
        on_behalf_of_side=True,
    )
    assert hidden.proposer_name == "" and hidden.anonymous and hidden.section.heading == section
    context = ArticleReview("x", "x").phone_context(activity, ayla)
    assert [p.pk for p in context["my_proposals"]] == [named.pk, hidden.pk]


def test_a_proposal_outside_the_groups_section_or_on_a_closed_version_is_refused(room):
    world, version, workshop, block, activity, phones = room
    ayla, _ = phones["Ayla"]
    other = version.sections.exclude(heading=_group_of(block, ayla).topic).get().articles.first()
    with pytest.raises(ValidationError, match="onderdeel van uw groep"):
        services.phone_proposal(
            activity=activity, participant=ayla, kind="delete", article_id=other.pk, rationale="Weg"
        )
    Version.objects.filter(pk=version.pk).update(status="adopted")
    mine = version.sections.get(heading=_group_of(block, ayla).topic).articles.first()
    with pytest.raises(ValidationError):
        services.phone_proposal(
            activity=activity, participant=ayla, kind="delete", article_id=mine.pk, rationale="Weg"
        )
    assert not Proposal.objects.exists()


def test_a_section_removed_after_the_groups_were_formed_loses_nothing_and_says_so(room):
    world, version, workshop, block, activity, phones = room
    bram, _ = phones["Bram"]
    heading = _group_of(block, bram).topic
    version.sections.get(heading=heading).delete()
    context = ArticleReview("x", "x").phone_context(activity, bram)
    assert context["group"].heading == heading and context["group"].section is None
    assert context["articles"] == []
    with pytest.raises(ValidationError, match="geen onderdeel"):
        services.phone_proposal(
            activity=activity, participant=bram, kind="new", text="x", rationale="y"
        )


def test_verdicts_change_until_the_round_closes_and_the_host_enters_one_for_a_member(room):
    world, version, workshop, block, activity, phones = room
    ayla, _ = phones["Ayla"]
    group = _group_of(block, ayla)
    article = version.sections.get(heading=group.topic).articles.first()
    ws.respond(activity=activity, participant=ayla, item=str(article.pk), value={"verdict": "keep"})
    ws.respond(
        activity=activity, participant=ayla, item=str(article.pk), value={"verdict": "amend"}
    )
    context = ArticleReview("x", "x").phone_context(activity, ayla)
    assert dict((str(a.pk), v) for a, v in context["articles"])[str(article.pk)] == "amend"
    with pytest.raises(ValidationError):
        ws.respond(
            activity=activity, participant=ayla, item=str(article.pk), value={"verdict": "maybe"}
        )
    member = next(
        m.participant for m in group.members.select_related("participant") if m.participant != ayla
    )
    with pytest.raises(ValidationError, match="gespreksleider"):
        services.verdict_by_host(
            activity=activity, host=ayla, member=member, article_id=article.pk, verdict="keep"
        )
    ws.subgroup_set_host(subgroup=group, actor=world.users["facilitator"], participant=ayla)
    services.verdict_by_host(
        activity=activity, host=ayla, member=member, article_id=article.pk, verdict="delete"
    )
    services.group_report_save(
        activity=activity, host=ayla, notes="Goed gesprek", outcome="Eén wijziging"
    )
    results = ArticleReview("x", "x").results(activity, list(activity.responses.all()), {})
    row = next(a for g in results["groups"] for a in g["articles"] if a["label"] == str(article))
    assert (row["keep"], row["amend"], row["delete"]) == (0, 1, 1)
    ws.activity_set_status(activity=activity, actor=world.users["facilitator"], status="closed")
    with pytest.raises(ValidationError):
        ws.respond(
            activity=activity, participant=ayla, item=str(article.pk), value={"verdict": "keep"}
        )


def test_the_plenary_consent_decides_each_proposal_with_its_tally_per_side(room):
    world, version, workshop, block, activity, phones = room
    facilitator = world.users["facilitator"]
    (ayla, _), (bram, _) = phones["Ayla"], phones["Bram"]
    a_art = version.sections.get(heading=_group_of(block, ayla).topic).articles.first()
    b_art = version.sections.get(heading=_group_of(block, bram).topic).articles.first()
    first = services.phone_proposal(
        activity=activity,
        participant=ayla,
        kind="amend",
        article_id=a_art.pk,
        text="Iets anders.",
        rationale="Beter",
    )
    second = services.phone_proposal(
        activity=activity,
        participant=bram,
        kind="delete",
        article_id=b_art.pk,
        rationale="Overbodig",
    )
    ws.activity_set_status(activity=activity, actor=facilitator, status="closed")
    plenary = services.consent_start(workshop=workshop, version=version, actor=facilitator)
    assert set(plenary.config["proposals"]) == {str(first.pk), str(second.pk)}
    ws.activity_set_status(activity=plenary, actor=facilitator, status="open")
    current = plenary.config["proposals"][0]
    with pytest.raises(ValidationError, match="antwoord|answered"):
        services.consent_decide(activity=plenary, actor=facilitator)
    for name, answer, reason in (
        ("Ayla", "agree", ""),
        ("Bram", "object", "Te vaag"),
        ("Cor", "agree", ""),
        ("Dirk", "stand_aside", ""),
    ):
        ws.respond(
            activity=plenary,
            participant=phones[name][0],
            item=current,
            value={"answer": answer, "reason": reason},
        )
    from rondetafel.workshops.models import Workshop
    from rondetafel.workshops.selectors import phone_key

    def key():
        return phone_key(Workshop.objects.get(pk=workshop.pk))

    before = key()
    decided = services.consent_decide(activity=plenary, actor=facilitator)
    # phones on a socket redraw only when their key changes: the next proposal changes it
    assert key() != before
    assert decided.status == "adopted" and decided.decision_method == "consent"
    assert decided.tally == {
        "market": {"agree": 2, "stand_aside": 0, "object": 0, "block": 0},
        "municipality": {"agree": 0, "stand_aside": 1, "object": 1, "block": 0},
    }
    assert "Te vaag" in decided.decision_reason
    plenary.refresh_from_db()
    from rondetafel.review.activity import ProposalConsent

    queue = ProposalConsent("x", "x").results(plenary, list(plenary.responses.all()), {})["queue"]
    shown = {part["section"]: [q["status"] for q in part["items"]] for part in queue}
    assert sorted(shown) == ["Kennis", "Looptijd"]  # every group's proposals, per section
    assert sorted(sum(shown.values(), [])) == ["Open", "Vastgesteld"]
    following = plenary.config["proposals"][plenary.config["current"]]
    ws.respond(
        activity=plenary,
        participant=ayla,
        item=following,
        value={"answer": "block", "reason": "Nee"},
    )
    with pytest.raises(ValidationError):  # the room has moved on: an answer on the old one
        ws.respond(
            activity=plenary,
            participant=bram,
            item=current,
            value={"answer": "agree", "reason": ""},
        )
    blocked = services.consent_decide(activity=plenary, actor=facilitator)
    assert blocked.status == "rejected" and "Nee" in blocked.decision_reason  # a block blocks
    with pytest.raises(ValidationError):
        services.consent_decide(activity=plenary, actor=facilitator)  # nothing left
    # What was adopted flows into the next version; what was blocked does not.
    Version.objects.filter(pk=version.pk).update(status="adopted")
    nxt = ag.version_consolidate(version=Version.objects.get(pk=version.pk), actor=facilitator)
    texts = [a.text for s in nxt.sections.all() for a in s.articles.all()]
    if decided.pk == first.pk:  # the amendment adopted, the deletion blocked
        assert "Iets anders." in texts and b_art.text in texts
    else:  # the deletion adopted, the amendment blocked
        assert b_art.text not in texts and a_art.text in texts and "Iets anders." not in texts


def test_consent_on_a_proposal_decided_elsewhere_is_refused(room):
    world, version, workshop, block, activity, phones = room
    facilitator = world.users["facilitator"]
    ayla, _ = phones["Ayla"]
    article = version.sections.get(heading=_group_of(block, ayla).topic).articles.first()
    proposal = services.phone_proposal(
        activity=activity, participant=ayla, kind="delete", article_id=article.pk, rationale="Weg"
    )
    plenary = services.consent_start(workshop=workshop, version=version, actor=facilitator)
    ws.activity_set_status(activity=plenary, actor=facilitator, status="open")
    ag.proposal_decide(
        proposal=proposal,
        actor=facilitator,
        method="facilitator",
        adopted=False,
        reason="Al besproken",
        tally={},
    )
    with pytest.raises(ValidationError, match="besloten|decided"):
        ws.respond(
            activity=plenary,
            participant=ayla,
            item=str(proposal.pk),
            value={"answer": "agree", "reason": ""},
        )
    with pytest.raises(ValidationError, match="besloten|decided"):
        services.consent_decide(activity=plenary, actor=facilitator)


def test_the_phone_proposes_through_its_own_page_and_others_are_refused(room):
    world, version, workshop, block, activity, phones = room
    ayla, key = phones["Ayla"]
    article = version.sections.get(heading=_group_of(block, ayla).topic).articles.first()
    url = reverse("review:propose", args=[workshop.join_code, activity.pk])
    stranger = Client()
    assert (
        stranger.post(url, {"kind": "delete", "article": article.pk, "rationale": "x"}).status_code
        == 403
    )
    phone = Client()
    phone.cookies[PARTICIPANT_COOKIE] = key
    response = phone.post(
        url, {"kind": "amend", "article": article.pk, "text": "", "rationale": "x"}, follow=True
    )
    assert "Geef de voorgestelde tekst" in response.content.decode()  # refused, said on the phone
    response = phone.post(
        url, {"kind": "delete", "article": article.pk, "rationale": "Overbodig"}, follow=True
    )
    assert "Uw voorstel is verstuurd" in response.content.decode()
    assert Proposal.objects.get().proposer_name == "Ayla"
