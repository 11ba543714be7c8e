from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rondetafel.accounts.models import User
from rondetafel.trajectories import services
from rondetafel.trajectories.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def _invite(world, email="nieuw@test.example", role="participant"):
    return services.invitation_create(
        trajectory=world.trajectory,
        email=email,
        full_name="Nieuwe Deelnemer",
        role=role,
        party=world.party,
        invited_by=world.users["facilitator"],
    )


class InvitationFlowTests:
    def test_facilitator_invites_and_newcomer_accepts(
        self, world, django_capture_on_commit_callbacks
    ):
        client = Client()
        client.force_login(world.users["facilitator"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("trajectories:invite", args=[world.trajectory.pk]),
                {
                    "full_name": "Nieuwe Deelnemer",
                    "email": "Nieuw@Test.example",
                    "role": "observer",
                    "party": str(world.party.pk),
                },
            )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
        path = link[link.index("/invitations/") :]

        newcomer = Client()
        assert newcomer.get(path).status_code == 200
        response = newcomer.post(
            path, {"password1": "Zeer-Geheim-42", "password2": "Zeer-Geheim-42"}
        )
        assert response.status_code == 302
        user = User.objects.get(email="nieuw@test.example")
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.party) == ("observer", world.party)
        assert (
            newcomer.get(reverse("trajectories:detail", args=[world.trajectory.pk])).status_code
            == 200
        )
        assert (
            newcomer.get(
                reverse("trajectories:detail", args=[world.other_trajectory.pk])
            ).status_code
            == 403
        )

        # Reused: refused, nothing changes.
        again = Client().post(path, {"password1": "Zeer-Geheim-42", "password2": "Zeer-Geheim-42"})
        assert again.status_code == 400
        assert "al gebruikt" in again.content.decode()
        assert Membership.objects.filter(user=user).count() == 1

    def test_existing_account_logs_in_to_accept(self, world):
        _inv, token = _invite(world, email=world.users["other_facilitator"].email)
        path = reverse("trajectories:invitation", args=[token])
        anonymous = Client().get(path)
        assert anonymous.status_code == 200
        assert "Log in om de uitnodiging te accepteren" in anonymous.content.decode()
        # Posting without logging in creates nothing: the account exists already.
        assert Client().post(path).status_code == 200
        assert not Invitation.objects.filter(accepted_at__isnull=False).exists()
        client = Client()
        client.force_login(world.users["other_facilitator"])
        assert client.post(path).status_code == 302
        assert (
            world.users["other_facilitator"]
            .memberships.filter(trajectory=world.trajectory)
            .exists()
        )

    def test_expired_invitation_is_refused(self, world):
        invitation, token = _invite(world)
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        response = Client().post(
            reverse("trajectories:invitation", args=[token]),
            {"password1": "Zeer-Geheim-42", "password2": "Zeer-Geheim-42"},
        )
        assert response.status_code == 400
        assert "verlopen" in response.content.decode()
        assert not User.objects.filter(email="nieuw@test.example").exists()

    def test_opened_by_someone_else_is_forbidden(self, world):
        _inv, token = _invite(world)
        client = Client()
        client.force_login(world.users["participant"])
        response = client.post(reverse("trajectories:invitation", args=[token]))
        assert response.status_code == 403
        assert "ander e-mailadres" in response.content.decode()
        assert not Invitation.objects.filter(accepted_at__isnull=False).exists()

    def test_unknown_token_is_not_found(self, world):
        response = Client().get(reverse("trajectories:invitation", args=["nonsense"]))
        assert response.status_code == 404

    def test_mismatched_passwords_keep_the_invitation_open(self, world):
        _inv, token = _invite(world)
        response = Client().post(
            reverse("trajectories:invitation", args=[token]),
            {"password1": "Zeer-Geheim-42", "password2": "Anders-Geheim-42"},
        )
        assert response.status_code == 200
        assert "niet gelijk" in response.content.decode()
        assert Invitation.objects.get().accepted_at is None

    def test_inviting_a_member_again_is_refused(self, world):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            _invite(world, email=world.users["participant"].email)

    def test_english_mail_for_an_english_facilitator(
        self, world, django_capture_on_commit_callbacks
    ):
        client = Client()
        client.force_login(world.users["facilitator"])
        client.post(reverse("set_language"), {"language": "en"})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("trajectories:invite", args=[world.trajectory.pk]),
                {"full_name": "New Person", "email": "new@test.example", "role": "participant"},
            )
        assert mail.outbox[0].subject == "Invitation: Herijking"
        assert "invites you" in mail.outbox[0].body
