"""The scenario workshop end to end below the browser: a field built by the facilitator, pairs
judged from phones of two sides, a contested pair settled in plenary (the space shrinks), the
explorer, diverse scenarios written up, the export, versions, and bad input."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from rondetafel.scenarios import selectors, services
from rondetafel.scenarios.constants import PAIRS_KIND
from rondetafel.scenarios.models import Verdict
from rondetafel.trajectories import services as ts
from rondetafel.trajectories.constants import Side
from rondetafel.workshops import services as ws

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(world):
    facilitator = world.users["facilitator"]
    ts.party_create(
        trajectory=world.trajectory, actor=facilitator, name="Bewoners", side=Side.RESIDENTS
    )
    scenario_field = services.field_create(
        trajectory=world.trajectory, actor=facilitator, title="Zelfbeheer", question="Hoe?"
    )
    for name, values in (
        ("Wie beslist", "Bewonerscollectief\nGemeente\nGemengd"),
        ("Wie onderhoudt", "Bewoners\nAannemer"),
        ("Budget", "Buurtbudget\nGemeentebudget"),
    ):
        services.parameter_add(
            scenario_field=scenario_field, actor=facilitator, name=name, values_text=values
        )
    return scenario_field


def _value(state, parameter, value):
    for p, values in state.parameters:
        if p.name == parameter:
            return next(v for v in values if v.name == value)
    raise KeyError(parameter)


def _phone(workshop, side):
    phone = Client()
    phone.post(
        reverse("workshops:join", args=[workshop.join_code]), {"display_name": "", "side": side}
    )
    return phone


def test_phones_judge_their_share_the_plenary_settles_and_the_space_shrinks(world, field):
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    activity = services.judging_start(scenario_field=field, workshop=workshop, actor=facilitator)
    assert activity.kind == PAIRS_KIND
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    phones = {side: _phone(workshop, side) for side in ("municipality", "residents")}
    state = selectors.field_state(field)
    assert len(state.pairs) == 3 * 2 + 3 * 2 + 2 * 2  # 16 pairs
    collective = _value(state, "Wie beslist", "Bewonerscollectief")
    municipal_budget = _value(state, "Budget", "Gemeentebudget")
    contested_key = selectors.pair_key(collective, municipal_budget)
    assert len(contested_key) <= 64  # Response.item; PostgreSQL enforces it
    # Every side judges every pair once: each phone gets all 16 (one person per side).
    for side, phone in phones.items():
        seen = 0
        while True:
            page = phone.get(reverse("workshops:live", args=[workshop.join_code])).content.decode()
            match = re.search(r'name="item" value="([^"]+)"', page)
            if match is None:
                assert "judged all your pairs" in page or "al uw paren" in page
                break
            key = match.group(1)
            if key == contested_key:
                answer = (
                    {"verdict": "inconsistent", "reason": "Wie betaalt, bepaalt."}
                    if side == "municipality"
                    else {"verdict": "consistent"}
                )
            else:
                answer = {"verdict": "consistent"}
            phone.post(
                reverse("workshops:respond", args=[workshop.join_code, activity.pk]),
                {"item": key, **answer},
            )
            seen += 1
            assert seen <= 16
        assert seen == 16
    state = selectors.field_state(field)
    assert [p.key for p in state.contested] == [contested_key]
    assert selectors.space(state).count.value == 12  # contested counts as possible until decided

    # The plenary decides: the space goes from 12 to 10 and the console says so.
    console = Client()
    console.force_login(facilitator)
    page = console.post(
        reverse("scenarios:pair_decide", args=[world.trajectory.pk, field.pk]),
        {
            "first": str(collective.pk),
            "second": str(municipal_budget.pk),
            "decision-verdict": "inconsistent",
            "decision-reason": "Wie betaalt, bepaalt.",
        },
        follow=True,
    ).content.decode()
    assert re.search(r"12 (to|naar) 10", page)
    state = selectors.field_state(field)
    assert state.contested == [] and selectors.space(state).count.value == 10

    # The explorer: with the collective deciding, the municipal budget is crossed out, with why.
    page = console.get(
        reverse("scenarios:detail", args=[world.trajectory.pk, field.pk]),
        {"p": str(collective.pk)},
    ).content.decode()
    assert 'data-space-total="2"' in page
    assert re.search(
        r"<del>Gemeentebudget</del>[^<]*<span[^>]*>· [^<]*Wie betaalt, bepaalt\.", page
    )


def test_diverse_scenarios_are_consistent_written_up_and_exported(world, field):
    from openpyxl import load_workbook

    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=_value(state, "Wie beslist", "Gemeente"),
        second=_value(state, "Wie onderhoudt", "Bewoners"),
        verdict=Verdict.INCONSISTENT,
        reason="Geen zelfbeheer zonder zeggenschap.",
    )
    picked = services.scenarios_pick(scenario_field=field, actor=facilitator, k=3)
    assert len(picked) == 3
    state = selectors.field_state(field)
    compiled = selectors.space(state)
    consistent = {tuple(compiled.space.configuration(r)) for r in range(compiled.space.size)}
    for scenario in picked:
        configuration = tuple(
            state.position[next(v for v in state.position if str(v) == value_id)].value
            for value_id in scenario.configuration
        )
        assert configuration in consistent
    assert len({tuple(s.configuration) for s in picked}) == 3
    # Picking again keeps the three and adds one.
    assert len(services.scenarios_pick(scenario_field=field, actor=facilitator, k=4)) == 1
    services.scenario_write(
        scenario=picked[0], actor=facilitator, name="De buurt beslist", narrative="Zo gaat het."
    )
    client = Client()
    client.force_login(world.users["observer"])
    export = client.get(reverse("scenarios:export_xlsx", args=[world.trajectory.pk, field.pk]))
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Veld", "Oordelen", "Oplossingsruimte", "Scenario's"]
    cards = [row for row in book["Scenario's"].iter_rows(values_only=True)]
    assert ("De buurt beslist", "Wie beslist") == cards[1][:2] and cards[1][3] == "Zo gaat het."
    judgements = list(book["Oordelen"].iter_rows(values_only=True))
    assert any("Geen zelfbeheer zonder zeggenschap." in (row[4] or "") for row in judgements[1:])


def test_changing_the_field_after_judging_began_makes_a_new_version(world, field):
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    services.judging_start(scenario_field=field, workshop=workshop, actor=facilitator)
    field.refresh_from_db()
    state = selectors.field_state(field)
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=_value(state, "Wie beslist", "Gemengd"),
        second=_value(state, "Budget", "Buurtbudget"),
        verdict=Verdict.INCONSISTENT,
        reason="x",
    )
    newer = services.parameter_add(
        scenario_field=field, actor=facilitator, name="Toezicht", values_text="Geen\nGemeente"
    )
    assert newer.pk != field.pk and newer.version == 2 and newer.previous_id == field.pk
    assert field.parameters.count() == 3 and newer.parameters.count() == 4
    assert newer.decisions.count() == 1  # the plenary's decision goes along
    assert list(selectors.field_list(trajectory=world.trajectory)) == [newer]
    with pytest.raises(ValidationError):
        services.parameter_add(
            scenario_field=field, actor=facilitator, name="Nog een", values_text="a\nb"
        )


@pytest.mark.parametrize(
    "name, values, message",
    [
        ("", "a\nb", "Name the parameter"),
        ("Eén", "alleen", "at least two values"),
        ("Eén", "a\nA", "same name"),
        ("Wie beslist", "a\nb", "already has a parameter"),
        ("Veel", "\n".join(str(i) for i in range(9)), "at most 8"),
    ],
)
def test_bad_parameters_are_refused_and_change_nothing(world, field, name, values, message):
    from django.utils import translation

    before = field.parameters.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.parameter_add(
            scenario_field=field, actor=world.users["facilitator"], name=name, values_text=values
        )
    assert message in " ".join(caught.value.messages)
    assert field.parameters.count() == before


def test_judgements_that_leave_a_value_dead_say_so(world, field):
    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    municipality = _value(state, "Wie beslist", "Gemeente")
    for maintainer in ("Bewoners", "Aannemer"):
        services.pair_decide(
            scenario_field=field,
            actor=facilitator,
            first=municipality,
            second=_value(state, "Wie onderhoudt", maintainer),
            verdict=Verdict.INCONSISTENT,
            reason=f"niet met {maintainer}",
        )
    client = Client()
    client.force_login(facilitator)
    page = client.get(
        reverse("scenarios:detail", args=[world.trajectory.pk, field.pk])
    ).content.decode()
    assert "<del>Wie beslist: Gemeente</del>" in page
    assert "niet met Bewoners" in page and "niet met Aannemer" in page


def test_the_pair_answer_is_checked_per_type(world, field):
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    activity = services.judging_start(scenario_field=field, workshop=workshop, actor=facilitator)
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    person, _key = ws.participant_join(workshop=workshop, display_name="", side="residents")
    key = selectors.field_state(field).pairs[0].key
    for item, value, problem in (
        (key, {"verdict": "inconsistent", "reason": ""}, "Say why"),
        (key, {"verdict": "conditional", "condition": " "}, "condition"),
        (key, {"verdict": "maybe"}, "Choose whether"),
        ("nonsense:pair", {"verdict": "consistent"}, "not part of the field"),
    ):
        from django.utils import translation

        with translation.override("en"), pytest.raises(ValidationError) as caught:
            ws.respond(activity=activity, participant=person, item=item, value=value)
        assert problem in " ".join(caught.value.messages)
    assert not activity.responses.exists()


def test_the_console_does_not_offer_pair_judging_without_a_field(world):
    from rondetafel.workshops.forms import ActivityForm

    assert PAIRS_KIND not in dict(ActivityForm(blocks=[]).fields["kind"].choices)


def test_the_pdf_report_reads_as_the_field_its_judgements_and_its_scenarios(world, field, tmp_path):
    import subprocess

    from conftest import require_command

    pdftotext = require_command("pdftotext", "poppler-utils")
    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=_value(state, "Wie beslist", "Gemeente"),
        second=_value(state, "Wie onderhoudt", "Bewoners"),
        verdict=Verdict.INCONSISTENT,
        reason="Geen zelfbeheer zonder zeggenschap.",
    )
    (first, *_rest) = services.scenarios_pick(scenario_field=field, actor=facilitator, k=2)
    services.scenario_write(
        scenario=first, actor=facilitator, name="Buurt aan zet", narrative="Zo."
    )
    client = Client()
    client.force_login(world.users["participant"])
    response = client.get(reverse("scenarios:report_pdf", args=[world.trajectory.pk, field.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "veld.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # table cells wrap over lines
    order = [
        text.index("Scenarioveld: Zelfbeheer"),
        text.index("Parameters en hun waarden"),
        text.index("Geen zelfbeheer zonder zeggenschap."),
        text.index("10 consistente configuraties van 12"),
        text.index("Buurt aan zet"),
    ]
    assert order == sorted(order)


def test_a_wish_gets_the_nearest_consistent_configuration_and_the_judgements_it_breaks(
    world, field
):
    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    municipality = _value(state, "Wie beslist", "Gemeente")
    residents = _value(state, "Wie onderhoudt", "Bewoners")
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=municipality,
        second=residents,
        verdict=Verdict.INCONSISTENT,
        reason="Geen zelfbeheer zonder zeggenschap.",
    )
    budget = _value(state, "Budget", "Buurtbudget")
    client = Client()
    client.force_login(facilitator)
    page = client.get(
        reverse("scenarios:detail", args=[world.trajectory.pk, field.pk]),
        {"w": [str(municipality.pk), str(residents.pk), str(budget.pk)]},
    ).content.decode()
    assert re.search(r"(differs in|verschilt in) 1 parameter", page)
    assert "<ins>" in page
    assert (
        "Wie beslist: Gemeente / Wie onderhoudt: Bewoners (Geen zelfbeheer zonder zeggenschap.)"
        in page
    )


def test_versions_can_be_compared(world, field):
    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    services.judging_start(scenario_field=field, workshop=workshop, actor=facilitator)
    field.refresh_from_db()
    newer = services.parameter_add(
        scenario_field=field, actor=facilitator, name="Toezicht", values_text="Geen\nGemeente"
    )
    client = Client()
    client.force_login(world.users["observer"])
    page = client.get(
        reverse("scenarios:detail", args=[world.trajectory.pk, newer.pk])
    ).content.decode()
    rows = re.findall(r"<tr class=\"utrecht-table__row\"><th[^>]*>(.*?)</tr>", page, re.S)
    versions = [r for r in rows if "Wie beslist, Wie onderhoudt" in r]
    assert len(versions) == 2
    assert "Toezicht" in versions[0] and ">24<" in versions[0]  # version 2: 3 x 2 x 2 x 2
    assert "Toezicht" not in versions[1] and ">12<" in versions[1]


def test_the_room_scores_the_scenarios_and_the_page_shows_means_per_side(world, field):
    facilitator = world.users["facilitator"]
    services.scenarios_pick(scenario_field=field, actor=facilitator, k=2)
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    activity = services.scoring_start(
        scenario_field=field,
        workshop=workshop,
        actor=facilitator,
        criteria_text="Haalbaar\nDraagvlak",
    )
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    given = {"municipality": ("2", "3"), "residents": ("5", "4")}
    for side, (first, second) in given.items():
        phone = _phone(workshop, side)
        respond = reverse("workshops:respond", args=[workshop.join_code, activity.pk])
        for _scenario in range(2):
            page = phone.get(reverse("workshops:live", args=[workshop.join_code])).content.decode()
            item = re.search(r'name="item" value="([0-9a-f]{32})"', page).group(1)
            bad = phone.post(respond, {"item": item, "c0": "6", "c1": "NaN"}, follow=True)
            assert (
                "score from 1 to 5" in bad.content.decode()
                or "score van 1 tot 5" in bad.content.decode()
            )
            phone.post(respond, {"item": item, "c0": first, "c1": second})
        done = phone.get(reverse("workshops:live", args=[workshop.join_code])).content.decode()
        assert "every scenario" in done or "elk scenario" in done
    assert activity.responses.count() == 4
    scores = selectors.scores(field)
    assert scores.criteria == ["Haalbaar", "Draagvlak"]
    assert [side for side, _name in scores.sides] == ["municipality", "residents"]
    for rows in scores.rows.values():
        assert rows == [("Haalbaar", 3.5, [2.0, 5.0]), ("Draagvlak", 3.5, [3.0, 4.0])]
    client = Client()
    client.force_login(world.users["observer"])
    page = client.get(
        reverse("scenarios:detail", args=[world.trajectory.pk, field.pk])
    ).content.decode()
    assert page.count("Bewoners</th>") >= 2  # a column per side on each card


def test_a_composed_scenario_is_kept_only_when_consistent(world, field):
    from django.utils import translation

    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    municipality = _value(state, "Wie beslist", "Gemeente")
    residents = _value(state, "Wie onderhoudt", "Bewoners")
    budget = _value(state, "Budget", "Buurtbudget")
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=municipality,
        second=residents,
        verdict=Verdict.INCONSISTENT,
        reason="Geen zelfbeheer zonder zeggenschap.",
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.scenario_add(
            scenario_field=field,
            actor=facilitator,
            values=[municipality, residents, budget],
            name="Onmogelijk",
        )
    assert caught.value.messages == [
        "Gemeente cannot go with Bewoners (Geen zelfbeheer zonder zeggenschap.)"
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.scenario_add(
            scenario_field=field, actor=facilitator, values=[municipality, budget], name="Half"
        )
    assert "every parameter" in caught.value.messages[0]
    assert not field.scenarios.exists()
    # The page offers to keep the nearest consistent configuration of a wish.
    client = Client()
    client.force_login(facilitator)
    aannemer = _value(state, "Wie onderhoudt", "Aannemer")
    client.post(
        reverse("scenarios:scenario_add", args=[world.trajectory.pk, field.pk]),
        {
            "w": [str(municipality.pk), str(aannemer.pk), str(budget.pk)],
            "name": "Gemeente met aannemer",
        },
    )
    (kept,) = field.scenarios.all()
    assert kept.name == "Gemeente met aannemer"
    assert kept.configuration == [str(municipality.pk), str(aannemer.pk), str(budget.pk)]


def test_values_proposed_from_phones_are_taken_into_the_field(world, field):
    from rondetafel.scenarios.constants import VALUES_KIND

    facilitator = world.users["facilitator"]
    workshop = ws.workshop_create(trajectory=world.trajectory, actor=facilitator, title="Sessie")
    activity = services.proposing_start(scenario_field=field, workshop=workshop, actor=facilitator)
    assert activity.kind == VALUES_KIND
    ws.activity_set_status(activity=activity, actor=facilitator, status="open")
    who_decides = field.parameters.get(name="Wie beslist")
    respond = reverse("workshops:respond", args=[workshop.join_code, activity.pk])
    live = reverse("workshops:live", args=[workshop.join_code])
    phones = [_phone(workshop, side) for side in ("municipality", "residents", "residents")]
    page = phones[0].get(live).content.decode()
    assert (
        "Uw waarde voor Wie beslist" in page and "Bewonerscollectief · Gemeente · Gemengd" in page
    )
    for phone in phones:
        phone.post(respond, {"item": str(who_decides.pk), "name": "Gebiedscommissie"})
    refused = phones[0].post(
        respond, {"item": str(who_decides.pk), "name": "gemeente"}, follow=True
    )
    assert "is al een waarde van Wie beslist" in refused.content.decode()
    client = Client()
    client.force_login(facilitator)
    detail = reverse("scenarios:detail", args=[world.trajectory.pk, field.pk])
    page = client.get(detail).content.decode()
    assert "Gebiedscommissie" in page and "3 personen" in page
    # judging has begun: taking the value in makes a new version, the proposal goes along
    services.judging_start(scenario_field=field, workshop=workshop, actor=facilitator)
    response = client.post(
        reverse("scenarios:value_add", args=[world.trajectory.pk, field.pk]),
        {"parameter": str(who_decides.pk), "name": "Gebiedscommissie"},
        follow=True,
    )
    newer = field.next
    assert newer.version == 2
    assert "Gebiedscommissie" in newer.parameters.get(name="Wie beslist").values.values_list(
        "name", flat=True
    )
    assert not field.parameters.get(name="Wie beslist").values.filter(name="Gebiedscommissie")
    assert "Nog geen waarden voorgesteld." in response.content.decode()
    again = client.post(
        reverse("scenarios:value_add", args=[world.trajectory.pk, newer.pk]),
        {"parameter": str(newer.parameters.get(name="Wie beslist").pk), "name": "gebiedscommissie"},
        follow=True,
    )
    assert "heeft die waarde al" in again.content.decode()


def test_the_presenter_screen_explores_by_clicking_values(world, field):
    facilitator = world.users["facilitator"]
    state = selectors.field_state(field)
    collective = _value(state, "Wie beslist", "Bewonerscollectief")
    services.pair_decide(
        scenario_field=field,
        actor=facilitator,
        first=collective,
        second=_value(state, "Budget", "Gemeentebudget"),
        verdict=Verdict.INCONSISTENT,
        reason="Wie betaalt, bepaalt.",
    )
    client = Client()
    client.force_login(world.users["participant"])  # members may follow along
    url = reverse("scenarios:explore_screen", args=[world.trajectory.pk, field.pk])
    page = client.get(url).content.decode()
    assert 'data-space-total="10"' in page  # 3 x 2 x 2, less the two with both values
    # the value links fix one value each; following one narrows the space
    link = re.search(rf'href="\?(p={collective.pk})"', page)
    assert link is not None
    fixed = client.get(url + "?" + link.group(1)).content.decode()
    assert 'data-space-total="2"' in fixed and "✓ Bewonerscollectief" in fixed
    assert "<del>Gemeentebudget</del>" in fixed and "Wie betaalt, bepaalt." in fixed
    # the fixed value's link lets it go again; another value of its parameter switches to it
    assert 'href="?"' in fixed and 'aria-current="true"' in fixed
    municipality = _value(state, "Wie beslist", "Gemeente")
    assert f'href="?p={municipality.pk}"' in fixed
    outsider = Client()
    outsider.force_login(world.users["other_facilitator"])
    assert outsider.get(url).status_code == 403


def test_a_scenario_becomes_an_article_of_a_draft_agreement_in_reading_order(world, field):
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.selectors import version_document
    from rondetafel.agreements.structure import parse_markdown

    facilitator = world.users["facilitator"]
    draft = ag.agreement_create(
        trajectory=world.trajectory,
        actor=facilitator,
        title="Buurtafspraken",
        parsed=parse_markdown(
            "# Buurtafspraken\n## Afspraken\n### Artikel 1 Samen\nWe beheren samen.\n"
            "## Slot\n### Artikel 2 Looptijd\nTwee jaar.\n"
        ),
    )
    (scenario,) = services.scenarios_pick(scenario_field=field, actor=facilitator, k=1)
    services.scenario_write(
        scenario=scenario, actor=facilitator, name="De buurt beslist", narrative="Zo gaat het."
    )
    client = Client()
    client.force_login(facilitator)
    detail = reverse("scenarios:detail", args=[world.trajectory.pk, field.pk])
    assert "Als artikel in de overeenkomst opnemen" in client.get(detail).content.decode()
    response = client.post(
        reverse(
            "scenarios:scenario_to_agreement", args=[world.trajectory.pk, field.pk, scenario.pk]
        ),
        {"version": str(draft.pk)},
        follow=True,
    )
    assert response.status_code == 200
    document = [
        (s.heading, [(a.number, a.heading) for a in s.articles.all()])
        for s in version_document(version=draft)
    ]
    assert document == [
        ("Afspraken", [("1", "Samen")]),
        ("Slot", [("2", "Looptijd")]),
        ("Zelfbeheer", [("3", "Scenario: De buurt beslist")]),
    ]
    article = version_document(version=draft)[2].articles.get()
    assert (
        article.text.splitlines()[0].startswith("Wie beslist: ") and "Zo gaat het." in article.text
    )
    # into a section in the middle: the articles after it move up one
    ag.article_append(version=draft, actor=facilitator, heading="Extra", text="Nog een.",
                      section_heading="Afspraken")  # fmt: skip
    numbers = [
        (a.heading, a.number) for s in version_document(version=draft) for a in s.articles.all()
    ]
    assert numbers == [("Samen", "1"), ("Extra", "2"), ("Looptijd", "3"),
                       ("Scenario: De buurt beslist", "4")]  # fmt: skip
    # an adopted version does not change
    ag.version_set_status(version=draft, actor=facilitator, status="in_review")
    refused = client.post(
        reverse(
            "scenarios:scenario_to_agreement", args=[world.trajectory.pk, field.pk, scenario.pk]
        ),
        {"version": str(draft.pk)},
        follow=True,
    )
    assert (
        "Alleen een conceptversie" in refused.content.decode()
        or "concept" in refused.content.decode()
    )
    assert sum(len(s.articles.all()) for s in version_document(version=draft)) == 4
