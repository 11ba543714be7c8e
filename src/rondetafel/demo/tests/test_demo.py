import pytest

from rondetafel.core.audit import audit_verify
from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE, DORDRECHT_TITLE, demo_logins, load_demo
from rondetafel.trajectories.constants import Role, Side
from rondetafel.trajectories.models import Membership, Trajectory

pytestmark = pytest.mark.django_db


class DemoTests:
    def test_builds_both_cases_once(self):
        assert load_demo() is True
        assert load_demo() is False
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
            assert client.login(username=email, password=DEMO_PASSWORD), email
        assert audit_verify().ok
