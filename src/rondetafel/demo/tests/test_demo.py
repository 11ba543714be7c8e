import pytest
from django.urls import reverse

from rondetafel.core.audit import audit_verify
from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE, DORDRECHT_TITLE, demo_logins, load_demo
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.models import Membership, Trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _demo_once(django_db_setup, django_db_blocker):
    """The demo takes half a minute to build: built once for this module (each test's changes
    roll back to it), and removed afterwards, so other modules start from an empty database."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        assert load_demo() is True  # the first load builds
        yield
        call_command("flush", interactive=False, verbosity=0)


class DemoTests:
    def test_builds_both_cases_once(self):
        assert load_demo() is False  # built already (by the module's fixture): not again
        assert Trajectory.objects.filter(title=DORDRECHT_TITLE).count() == 1
        assert Trajectory.objects.count() == 2
        assert set(Trajectory.objects.values_list("title", flat=True)) == {
            DORDRECHT_TITLE,
            BOOMGAARDSHOEK_TITLE,
        }

    def test_dordrecht_has_the_municipality_and_about_twenty_smes(self):
        load_demo()
        t = Trajectory.objects.get(title=DORDRECHT_TITLE)
        smes = Membership.objects.filter(
            trajectory=t, party__side=Side.MARKET, role=Role.PARTICIPANT
        )
        assert 18 <= smes.count() <= 22
        assert t.parties.filter(side=Side.MUNICIPALITY, name="Gemeente Dordrecht").exists()

    def test_boomgaardshoek_brings_the_broad_group(self):
        load_demo()
        t = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
        assert set(t.parties.values_list("side", flat=True)) == {
            Side.MUNICIPALITY,
            Side.CIVIL_SOCIETY,
            Side.SAFETY,
            Side.RESIDENTS,
        }
        assert t.memberships.filter(position="wijkagent").exists()

    def test_every_printed_login_works_and_the_audit_log_is_intact(self, client):
        from rondetafel.demo.builder import DEMO_PASSWORD

        load_demo()
        for _role, email in demo_logins():
            response = client.post(
                reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 302, email
            client.post(reverse("accounts:logout"))
        assert audit_verify().ok


class DemoSessionAndSigningTests:
    def test_dordrecht_session_has_votes_from_both_sides_and_a_consent_outcome(self):
        from rondetafel.workshops import selectors
        from rondetafel.workshops.models import Workshop

        load_demo()
        workshop = Workshop.objects.get(trajectory__title=DORDRECHT_TITLE)
        voting = workshop.activities.get(kind="statements")
        consent = workshop.activities.get(kind="consent")
        rows = selectors.results(voting)["statements"]
        assert len(rows) == 10 and all(r["total"] > 10 for r in rows)
        # The opinion groups cut across the sides: each holds people from both.
        groups = selectors.results(voting)["opinion"]["groups"]
        assert len(groups) >= 2
        for group in groups:
            assert {s["side"] for s in group["sides"] if s["count"]} == {"municipality", "market"}
        assert selectors.results(voting)["opinion"]["common_ground"]
        assert {v.side for v in selectors.equality_of_voice(workshop)} == {"municipality", "market"}
        assert (
            consent.outcome
            and selectors.results(consent)["respondents"] == workshop.participants.count()
        )

    def test_the_renewed_agreement_is_signed_and_verifies(self):
        from rondetafel.agreements.constants import VersionStatus
        from rondetafel.signing import selectors
        from rondetafel.signing.models import Ceremony

        load_demo()
        ceremony = Ceremony.objects.get(trajectory__title=DORDRECHT_TITLE)
        assert ceremony.version.status == VersionStatus.SIGNED
        report, record = selectors.verify(bytes(ceremony.document))
        assert report.ok and record.final
        assert (
            len([s for s in report.signatures if s.kind == "approval"])
            == ceremony.signatories.count()
        )

    def test_boomgaardshoek_session_is_live_with_trust_and_rules_and_can_be_replayed(self):
        from django.core.management import call_command

        from rondetafel.workshops import selectors
        from rondetafel.workshops.models import Response, Workshop

        load_demo()
        workshop = Workshop.objects.get(trajectory__title=BOOMGAARDSHOEK_TITLE)
        trust, rules, grid, assessing = workshop.activities.order_by("position")
        assert assessing.kind == "rule_assess" and len(assessing.config["rules"]) == 20
        assert (
            trust.status == "closed"
            and selectors.results(trust)["respondents"] == workshop.participants.count()
        )
        assert selectors.open_activity(workshop) == rules
        before = Response.objects.filter(activity=rules).count()
        call_command("replay_session", workshop.join_code.lower(), participants=4, seconds=0)
        assert (
            Response.objects.filter(activity=rules).count() == before + 4 * rules.statements.count()
        )
        # The scenario workshop: a field of forms of self-management, four scenarios written up.
        from rondetafel.analysis import morphology as gma
        from rondetafel.scenarios import selectors as scenarios

        (field,) = scenarios.field_list(
            trajectory=Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
        )
        state = scenarios.field_state(field)
        assert len(state.parameters) == 7
        assert all(3 <= len(values) <= 5 for _p, values in state.parameters)
        assert sum(1 for p in state.pairs if p.decision and p.decision.reason) == 8
        compiled = scenarios.space(state)
        assert 0 < compiled.count.value < state.analysis.total
        assert gma.dead_values(state.analysis, gma.explore(compiled)) == []
        names = [s.name for s in field.scenarios.all()]
        assert names[0] == "Het hofje regelt het zelf" and len(names) == 4
        assert all(s.narrative for s in field.scenarios.all())
        first = field.scenarios.first()  # what the card says is what the configuration holds
        chosen = {str(v.pk): v.name for _p, values in state.parameters for v in values}
        assert [chosen[v] for v in first.configuration][:2] == [
            "Bewonerscollectief",
            "Bewoners zelf",
        ]
        # Letting go of rules: the sample ordinance, twenty rules assessed by four sides (who
        # differ on some), a draft framework, and a granted right-to-challenge request.
        from rondetafel.regulations import selectors as regulations

        boomgaardshoek = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
        (regulation,) = regulations.regulations(boomgaardshoek)
        assert regulation.identifier == "CVDR990001" and regulation.provisions.count() == 30
        views = regulations.aggregation(boomgaardshoek)
        assert len(views) == 20
        assert all(
            {s.side for s in v.sides} == {"residents", "municipality", "safety", "civil_society"}
            for v in views
        )
        statuses = [v.status for v in views]
        assert statuses.count("differ") >= 8 and statuses.count("agree") >= 4
        framework = regulations.framework(boomgaardshoek)
        assert framework.decided == 13
        assert all(part.entries for part in framework.parts)
        (request,) = regulations.challenges(boomgaardshoek)
        assert request.status == "granted" and request.rules.get().provision.number == "4:11"

    def test_dordrecht_is_embedded_and_its_steps_follow_the_work(self):
        """Step 5: decisions fed from the goal, the amendments and the signing, plus the
        steering group's; commitments with one overdue; meetings; and step statuses that
        follow the work (the signed agreement makes step 4 done, not "not started")."""
        from django.utils import timezone

        from rondetafel.governance import selectors as governance
        from rondetafel.trajectories.selectors import trajectory_overview

        dordrecht = Trajectory.objects.get(title=DORDRECHT_TITLE)
        sources = {
            d.source_key.split(":")[0] for d in governance.decision_log(trajectory=dordrecht)
        }
        assert {"goal", "proposal", "ceremony", "activity", ""} <= sources
        overdue = list(governance.commitment_list(trajectory=dordrecht, view="overdue"))
        assert [c.description for c in overdue] == [
            "Eerste kennissessie duurzaam beheer organiseren"
        ]
        assert overdue[0].due_on < timezone.localdate()
        (steering,) = governance.bodies(trajectory=dordrecht)
        assert steering.meeting_count == 6
        assert steering.meetings.filter(minutes_status="approved").count() == 1
        statuses = {s.number: s.status for s in trajectory_overview(trajectory=dordrecht)["steps"]}
        assert statuses[1] == "done" and statuses[4] == "done" and statuses[5] == "in_progress"
        boomgaardshoek = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
        assert {b.name for b in governance.bodies(trajectory=boomgaardshoek)} == {
            "Buurtteam Boomgaardshoek",
            "Stuurgroep pilot Boomgaardshoek",
        }

    def test_dordrecht_reviewed_its_agreement_in_groups_and_the_plenary_consented(self):
        """Issue 18's seed: the deepening session from the method library, one group per
        section of the 2019 agreement, the proposals made from phones, decided by consent."""
        from rondetafel.agreements.models import Proposal
        from rondetafel.review.models import SectionGroup
        from rondetafel.workshops.models import Workshop

        workshop = Workshop.objects.get(trajectory__title=DORDRECHT_TITLE)
        groups = SectionGroup.objects.filter(subgroup__block__workshop=workshop)
        assert groups.count() >= 3 and all(g.subgroup.host_id for g in groups)
        proposals = Proposal.objects.filter(version__agreement__trajectory__title=DORDRECHT_TITLE)
        assert proposals.count() == 4
        assert all(p.origin.startswith("participant:") for p in proposals)
        assert all(p.decision_method == "consent" and p.tally for p in proposals)
        assert sorted(p.status for p in proposals) == ["adopted", "adopted", "adopted", "rejected"]
        rejected = proposals.get(status="rejected")
        assert "Capaciteit" in rejected.decision_reason and rejected.tally["municipality"]["block"]
