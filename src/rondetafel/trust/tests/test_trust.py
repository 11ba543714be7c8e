"""Trust surveys end to end through services and views: waves, pseudonymous pairing, bad input,
the report per side with its honest sentence, and the minimum group size."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from rondetafel.trust import selectors, services
from rondetafel.trust.models import Answer, Respondent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def survey(world):
    return services.survey_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title="Vertrouwen",
        instruments=["klijn", "zaheer", "oecd_local", "process"],
        party="de gemeente",
    )


def _klijn(survey, value):
    return {str(i.pk): value for i in survey.items.filter(instrument="klijn")}


def _answer(wave, code, side, value, device=None, **extra):
    answers = _klijn(wave.survey, value)
    answers.update(extra)
    return services.respond(
        wave=wave, code=code, side=side, answers=answers, device=device or f"device-{code}"
    )


def _client(world, role):
    client = client_for(world, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_instruments_become_items_with_source_wording_and_reverse_coding(survey):
    items = list(survey.items.all())
    assert len(items) == 5 + 5 + 1 + 2
    zaheer = [i for i in items if i.instrument == "zaheer"]
    assert sum(i.reverse for i in zaheer) == 3
    assert all("de gemeente" in i.text_nl and "{party}" not in i.text_en for i in zaheer)


def test_a_named_party_is_required_for_inter_organisational_items(world):
    with pytest.raises(ValidationError) as error:
        services.survey_create(
            trajectory=world.trajectory, actor=None, title="X", instruments=["zaheer"]
        )
    assert "party" in error.value.error_dict


def test_paired_rise_per_side_with_an_honest_sentence(survey):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    t1 = services.wave_open(survey=survey, actor=None, label="T1")
    before = [2, 2, 3, 2, 3, 2]
    after = [4, 4, 4, 3, 5, 4]
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        _answer(t0, f"code{i}", "residents", b)
        _answer(t1, f"code{i}", "residents", a)
    for i in range(3):  # too few municipal respondents to report on
        _answer(t0, f"gem{i}", "municipality", 3)
        _answer(t1, f"gem{i}", "municipality", 3)
    report = selectors.report(survey)
    residents = next(g for g in report.groups if g.key == "residents")
    change = residents.changes[0]
    assert change.paired.pairs == 6 and change.paired.improved == 6
    assert change.sentence.startswith(
        "Trust in the collaboration rose from 2.3 to 4.0 among the 6 respondents from "
        "Residents who answered at both T0 and T1"
    )
    assert "clear change (Wilcoxon p = 0.031" in change.sentence  # English: a full stop
    municipality = next(g for g in report.groups if g.key == "municipality")
    assert municipality.changes[0].paired is None
    assert "Too few paired answers" in municipality.changes[0].sentence
    assert municipality.per_wave["T0"] == (3, None)  # counted, but no figure
    assert report.alphas["T0"] is None or -5 < report.alphas["T0"] <= 1


def test_five_pairs_cannot_be_significant_and_the_report_says_so(survey):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    t1 = services.wave_open(survey=survey, actor=None, label="T1")
    for i in range(5):
        _answer(t0, f"code{i}", "market", 2)
        _answer(t1, f"code{i}", "market", 4)
    market = next(g for g in selectors.report(survey).groups if g.key == "market")
    assert "no test can show a clear change" in market.changes[0].sentence
    assert "0.062" in market.changes[0].sentence


def test_a_second_submission_replaces_the_first(survey):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    first = _answer(t0, "AN07", "market", 2, device="phone")
    again = _answer(t0, " an07 ", "residents", 4, device="phone")
    assert first.pk == again.pk and Respondent.objects.count() == 1
    again.refresh_from_db()
    assert again.side == "residents"
    assert set(Answer.objects.values_list("number", flat=True)) == {4.0}


def test_one_code_used_by_two_people_is_flagged_and_left_out_of_pairing(survey):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    _answer(t0, "SAME", "market", 2, device="phone-a")
    _answer(t0, "SAME", "market", 5, device="phone-b")
    assert list(Respondent.objects.values_list("flagged", flat=True)) == [True, True]
    assert selectors.report(survey).flagged == 2


def test_only_the_facilitator_sees_how_many_answers_share_a_code(survey, world):
    from django.urls import reverse

    from conftest import client_for

    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    _answer(t0, "SAME", "market", 2, device="phone-a")
    _answer(t0, "SAME", "market", 5, device="phone-b")
    url = reverse("trust:report", args=[world.trajectory.pk, survey.pk])
    for role in ("participant", "client", "observer", "facilitator"):
        page = client_for(world, role).get(url).content.decode()
        said = "code die ook iemand anders" in page or "code that someone else" in page
        assert said == (role == "facilitator"), role


@pytest.mark.parametrize(
    ("answers", "field"),
    [({"klijn": "6"}, "item"), ({"klijn": "2.5"}, "item"), ({"oecd": "11"}, "item")],
)
def test_answers_out_of_range_are_refused_and_nothing_is_stored(survey, answers, field):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    klijn = survey.items.filter(instrument="klijn").first()
    oecd = survey.items.get(instrument="oecd_local")
    raw = {str(klijn.pk if "klijn" in answers else oecd.pk): next(iter(answers.values()))}
    with pytest.raises(ValidationError) as error:
        services.respond(wave=t0, code="abc", side="market", answers=raw, device="d")
    assert next(iter(error.value.error_dict)) in raw
    assert not Respondent.objects.exists()


def test_a_closed_wave_refuses_answers(survey, world):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    _answer(t0, "early", "market", 3)
    services.wave_set_status(wave=t0, actor=None, status="closed")
    with pytest.raises(ValidationError, match="closed"):
        _answer(t0, "late", "market", 3)
    page = _client(world, "anonymous").get(reverse("trust:respond", args=[t0.token]))
    assert page.status_code == 410 and "closed" in page.content.decode()
    assert Respondent.objects.count() == 1


def test_empty_waves_and_surveys_give_a_report_without_errors(survey, world):
    services.wave_open(survey=survey, actor=None, label="T0")
    services.wave_open(survey=survey, actor=None, label="T1")
    report = selectors.report(survey)
    assert all(g.changes[0].paired is None for g in report.groups)
    page = _client(world, "participant").get(
        reverse("trust:report", args=[world.trajectory.pk, survey.pk])
    )
    assert page.status_code == 200


def test_the_questionnaire_by_link_in_a_browserless_round_trip(survey, world):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    client = _client(world, "anonymous")
    url = reverse("trust:respond", args=[t0.token])
    form = client.get(url)
    assert form.status_code == 200 and "Your code" in form.content.decode()
    data = {"code": "AN07", "side": "residents"}
    data.update({f"item_{k}": "4" for k in _klijn(survey, 4)})
    text_free = client.post(url, data)
    assert text_free.status_code == 200 and "Thank you" in text_free.content.decode()
    bad = dict(data, **{f"item_{next(iter(_klijn(survey, 1)))}": "9"})
    refused = client.post(url, bad)
    assert refused.status_code == 400
    assert set(Answer.objects.values_list("number", flat=True)) == {4.0}


def test_one_network_cannot_fill_a_wave_with_fresh_cookies(survey, world, settings):
    from django.test import Client

    settings.TRUST_SUBMISSIONS_PER_ADDRESS_HOUR = 3
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    url = reverse("trust:respond", args=[t0.token])
    data = {"side": "residents"}
    data.update({f"item_{k}": "4" for k in _klijn(survey, 4)})

    def submit(n, address):
        client = Client(REMOTE_ADDR=address)  # a fresh cookie jar each time: a new "device"
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client.post(url, dict(data, code=f"BOT{n}"))

    assert [submit(n, "198.51.100.20").status_code for n in range(3)] == [200, 200, 200]
    refused = submit(3, "198.51.100.20")
    assert refused.status_code == 429
    assert "Very many questionnaires were sent from this network" in refused.content.decode()
    assert t0.respondents.count() == 3  # the fourth stored nothing
    assert submit(4, "203.0.113.21").status_code == 200  # another network is not affected
    assert t0.respondents.count() == 4


def test_invitations_go_to_every_member(survey, world):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    sent = services.invite(wave=t0, actor=None, link="https://example.test/v/x/")
    assert sent == len(mail.outbox) >= 4
    assert "https://example.test/v/x/" in mail.outbox[0].body


def test_facilitator_pages_and_the_pdf(survey, world):
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    t1 = services.wave_open(survey=survey, actor=None, label="T1")
    for i in range(6):
        _answer(t0, f"code{i}", "residents", 2)
        _answer(t1, f"code{i}", "residents", 4)
    facilitator = _client(world, "facilitator")
    detail = facilitator.get(reverse("trust:detail", args=[world.trajectory.pk, survey.pk]))
    assert t0.token in detail.content.decode()
    report = _client(world, "client").get(
        reverse("trust:report", args=[world.trajectory.pk, survey.pk])
    )
    html = report.content.decode()
    assert "<svg" in html and "rose from 2.0 to 4.0" in html
    pdf = facilitator.get(reverse("trust:report_pdf", args=[world.trajectory.pk, survey.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_wave_in_a_session_shows_on_the_phones(survey, world):
    from rondetafel.workshops import services as ws

    workshop = ws.workshop_create(trajectory=world.trajectory, actor=None, title="Sessie")
    participant, key = ws.participant_join(workshop=workshop, display_name="Ans", side="residents")
    wave = services.wave_open(survey=survey, actor=None, label="T1", workshop=workshop)
    client = _client(world, "anonymous")
    client.cookies["rt_participant"] = key
    page = client.get(reverse("workshops:live", args=[workshop.join_code]))
    assert reverse("trust:respond", args=[wave.token]) in page.content.decode()


def test_yes_no_and_per_question_changes_and_open_answers(survey):
    yes_no = services.item_add(survey=survey, actor=None, kind="yesno", text_nl="Ik doe weer mee.")
    open_item = services.item_add(survey=survey, actor=None, kind="text", text_nl="Wat mist u?")
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    t1 = services.wave_open(survey=survey, actor=None, label="T1")
    for i in range(6):
        _answer(t0, f"code{i}", "market", 2, **{str(yes_no.pk): "0", str(open_item.pk): "Tijd"})
        _answer(t1, f"code{i}", "market", 4, **{str(yes_no.pk): "1" if i < 5 else "0"})
    market = next(g for g in selectors.report(survey).groups if g.key == "market")
    result = market.yes_no[0].result
    assert (result.became_yes, result.became_no, result.pairs) == (5, 0, 6)
    assert result.p == pytest.approx(2 / 2**5)
    per_item = {i.item.key: (i.before, i.after, i.pairs) for i in market.items}
    assert per_item["agreement"] == (2.0, 4.0, 6)
    report = selectors.report(survey)
    assert report.open_answers == [("Wat mist u?", [("T0", ["Tijd"] * 6)])]
    with pytest.raises(ValidationError, match="fixed"):
        services.item_add(survey=survey, actor=None, kind="yesno", text_nl="Te laat")


def test_only_the_facilitator_creates_surveys(world):
    data = {"title": "X", "instruments": ["klijn"], "min_group": "5"}
    url = reverse("trust:list", args=[world.trajectory.pk])
    assert _client(world, "participant").post(url, data).status_code == 403
    response = _client(world, "facilitator").post(url, data)
    assert response.status_code == 302
    bad = _client(world, "facilitator").post(
        url, {"title": "Y", "instruments": ["zaheer"], "min_group": "5"}
    )
    assert bad.status_code == 400 and "Name the party" in bad.content.decode()


def test_the_api_gives_aggregates_only_with_the_minimum_group(survey, world):
    """Members read the report's figures over the API: per side and wave, a mean only from the
    minimum group on, the change in words; never a code, an open answer or the flagged count."""
    from django.test import Client

    from rondetafel.accounts.services import api_token_create

    open_item = services.item_add(survey=survey, actor=None, kind="text", text_nl="Wat mist u?")
    t0 = services.wave_open(survey=survey, actor=None, label="T0")
    t1 = services.wave_open(survey=survey, actor=None, label="T1")
    for i, (b, a) in enumerate(zip([2, 2, 3, 2, 3, 2], [4, 4, 4, 3, 5, 4], strict=True)):
        _answer(t0, f"code{i}", "residents", b)
        _answer(t1, f"code{i}", "residents", a)
    for i in range(3):
        _answer(t0, f"gem{i}", "municipality", 3)
    _answer(t0, "code0", "residents", 2, **{str(open_item.pk): "Geheime opmerking"})
    _token, key = api_token_create(user=world.users["observer"], name="script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    base = f"/api/trajectories/{world.trajectory.pk}/surveys"
    assert [s["title"] for s in api.get(base).json()] == ["Vertrouwen"]
    response = api.get(f"{base}/{survey.pk}/report")
    body = response.json()
    groups = {g["key"]: g for g in body["groups"]}
    residents = {w["wave"]: w for w in groups["residents"]["waves"]}
    assert residents["T0"]["respondents"] == 6 and residents["T0"]["mean"] == pytest.approx(
        2.33, abs=0.01
    )
    assert {w["wave"]: (w["respondents"], w["mean"]) for w in groups["municipality"]["waves"]}[
        "T0"
    ] == (3, None)
    assert "4,0" in groups["residents"]["changes"][0]["sentence"]
    text = response.content.decode()
    assert "code0" not in text and "Geheime opmerking" not in text and "flagged" not in text
    assert Client().get(base).status_code == 401
