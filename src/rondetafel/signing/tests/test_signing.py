"""Ceremonies end to end through services and views: opening, codes, signing, completion,
verification, and every way to get it wrong."""

import re
import subprocess
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import client_for, require_command
from rondetafel.agreements import services as ag
from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.structure import parse_markdown
from rondetafel.core.audit import audit_verify
from rondetafel.core.models import AuditEntry
from rondetafel.signing import selectors, services
from rondetafel.signing.constants import AuthMethod, CeremonyStatus, SignatoryChoice
from rondetafel.signing.models import EmailCode, Signatory

TEXT = "# Convenant\n## Afspraken\n### Artikel 1 Samen\nWe werken samen.\n### Artikel 2 Evaluatie\nWe evalueren jaarlijks."


@pytest.fixture(autouse=True)
def english():
    """The assertions below match the English messages, whatever an earlier test activated."""
    from django.utils import translation

    with translation.override("en"):
        yield


def adopted_version(world, title="Convenant"):
    facilitator = world.users["facilitator"]
    version = ag.agreement_create(
        trajectory=world.trajectory, actor=facilitator, title=title, parsed=parse_markdown(TEXT)
    )
    return ag.version_set_status(version=version, actor=facilitator, status=VersionStatus.ADOPTED)


def open_ceremony(world, order="parallel", choice=SignatoryChoice.EVERYONE, **kwargs):
    return services.ceremony_open(
        version=adopted_version(world),
        actor=world.users["facilitator"],
        choice=choice,
        order=order,
        **kwargs,
    )


def sign_by_room(world, ceremony, role):
    signatory = Signatory.objects.get(ceremony=ceremony, user=world.users[role])
    ceremony.refresh_from_db()
    return services.sign(
        signatory=signatory,
        actor=world.users[role],
        method=AuthMethod.ROOM,
        code=ceremony.room_code,
        confirmed=True,
        ip_address="192.0.2.7",
        user_agent="pytest",
    )


def email_code_for(world, ceremony, role) -> str:
    signatory = Signatory.objects.get(ceremony=ceremony, user=world.users[role])
    mail.outbox.clear()
    services.email_code_send(signatory=signatory, actor=world.users[role])
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
class OpeningTests:
    def test_everyone_means_participants_and_clients(self, world):
        ceremony = open_ceremony(world)
        names = [s.user for s in selectors.signatories(ceremony=ceremony)]
        assert set(names) == {world.users["participant"], world.users["client"]}
        ceremony.version.refresh_from_db()
        assert ceremony.version.status == VersionStatus.OPEN_FOR_SIGNING
        report, record = selectors.verify(bytes(ceremony.document))
        assert report.ok and record.ceremony == ceremony and not record.final
        assert [s.kind for s in report.signatures] == ["certification"]

    def test_representatives_one_per_party_client_first(self, world):
        ceremony = open_ceremony(world, choice=SignatoryChoice.REPRESENTATIVES)
        assert [s.user for s in selectors.signatories(ceremony=ceremony)] == [world.users["client"]]

    def test_a_chosen_list(self, world):
        ceremony = open_ceremony(
            world, choice=SignatoryChoice.LIST, chosen_user_ids=[world.users["participant"].pk]
        )
        assert [s.user for s in selectors.signatories(ceremony=ceremony)] == [
            world.users["participant"]
        ]

    def test_only_an_adopted_version(self, world):
        version = ag.agreement_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            title="Concept",
            parsed=parse_markdown(TEXT),
        )
        with pytest.raises(ValidationError, match="adopted"):
            services.ceremony_open(
                version=version,
                actor=world.users["facilitator"],
                choice="everyone",
                order="parallel",
            )

    def test_nobody_to_sign(self, world):
        with pytest.raises(ValidationError, match="Nobody"):
            open_ceremony(world, choice=SignatoryChoice.LIST, chosen_user_ids=[])

    def test_cancel_before_anyone_signed_only(self, world):
        ceremony = open_ceremony(world)
        services.ceremony_cancel(ceremony=ceremony, actor=world.users["facilitator"])
        ceremony.version.refresh_from_db()
        assert ceremony.version.status == VersionStatus.ADOPTED
        again = services.ceremony_open(
            version=ceremony.version,
            actor=world.users["facilitator"],
            choice="everyone",
            order="parallel",
        )
        sign_by_room(world, again, "participant")
        with pytest.raises(ValidationError, match="already signed"):
            services.ceremony_cancel(ceremony=again, actor=world.users["facilitator"])


@pytest.mark.django_db
class SigningTests:
    def test_full_ceremony_by_room_and_email(self, world, django_capture_on_commit_callbacks):
        ceremony = open_ceremony(world)
        sign_by_room(world, ceremony, "participant")
        code = email_code_for(world, ceremony, "client")
        client_signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["client"])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.sign(
                signatory=client_signatory,
                actor=world.users["client"],
                method=AuthMethod.EMAIL,
                code=code,
                confirmed=True,
            )
        ceremony.refresh_from_db()
        assert ceremony.status == CeremonyStatus.COMPLETE
        assert ceremony.version.status == VersionStatus.SIGNED
        report, record = selectors.verify(bytes(ceremony.document))
        assert report.ok and record.final
        assert sorted(s.signer for s in report.signatures if s.kind == "approval") == [
            "Client",
            "Participant",
        ]
        # everyone in the trajectory hears about it, with a link
        recipients = {m.to[0] for m in mail.outbox}
        assert recipients == {u.email for k, u in world.users.items() if k != "other_facilitator"}
        assert (
            reverse("signing:ceremony", args=[world.trajectory.pk, ceremony.pk])
            in mail.outbox[0].body
        )
        # fingerprints chain from the original to the final document
        people = selectors.signatories(ceremony=ceremony)
        chain = sorted(people, key=lambda s: s.signed_at)
        assert chain[0].sha256_before == ceremony.original_sha256
        assert chain[1].sha256_before == chain[0].sha256_after
        assert {s.auth_method for s in people} == {"room", "email"}
        cert_report, _ = selectors.verify(bytes(ceremony.completion_certificate))
        assert cert_report.ok
        # The certificate's fingerprints copy out exact: broken over lines, never hyphenated.
        text = subprocess.run(
            [require_command("pdftotext", "poppler-utils"), "-", "-"],
            input=bytes(ceremony.completion_certificate),
            capture_output=True,
            check=True,
        ).stdout.decode()
        joined = "".join(text.split())
        for fingerprint in (ceremony.original_sha256, ceremony.final_sha256):
            assert fingerprint in joined
        assert not re.search(r"[0-9a-f]-\s*\n", text)
        actions = list(
            AuditEntry.objects.filter(action__startswith="signing.").values_list(
                "action", flat=True
            )
        )
        assert actions.count("signing.signed") == 2 and "signing.completed" in actions
        assert audit_verify().ok

    def test_previous_version_superseded_on_completion(self, world):
        facilitator = world.users["facilitator"]
        v1 = adopted_version(world)
        ag.version_set_status(version=v1, actor=facilitator, status=VersionStatus.IN_REVIEW)
        v2 = ag.version_consolidate(version=v1, actor=facilitator)
        ag.version_set_status(version=v2, actor=facilitator, status=VersionStatus.ADOPTED)
        v1.refresh_from_db()
        v1.status = VersionStatus.SIGNED  # as if the old one had been signed before
        v1.save()
        ceremony = services.ceremony_open(
            version=v2,
            actor=facilitator,
            choice="list",
            order="parallel",
            chosen_user_ids=[world.users["client"].pk],
        )
        sign_by_room(world, ceremony, "client")
        v1.refresh_from_db()
        v2.refresh_from_db()
        assert (v1.status, v2.status) == (VersionStatus.SUPERSEDED, VersionStatus.SIGNED)

    def test_signing_twice_is_refused(self, world):
        ceremony = open_ceremony(world)
        sign_by_room(world, ceremony, "participant")
        with pytest.raises(ValidationError, match="already signed"):
            sign_by_room(world, ceremony, "participant")
        assert Signatory.objects.filter(ceremony=ceremony, signed_at__isnull=False).count() == 1

    def test_signing_for_someone_else_is_refused(self, world):
        ceremony = open_ceremony(world)
        signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["client"])
        with pytest.raises(PermissionDenied):
            services.sign(
                signatory=signatory,
                actor=world.users["participant"],
                method="room",
                code=ceremony.room_code,
                confirmed=True,
            )
        signatory.refresh_from_db()
        assert not signatory.signed

    def test_a_superseded_version_cannot_be_signed(self, world):
        ceremony = open_ceremony(world)
        ceremony.version.status = VersionStatus.SUPERSEDED
        ceremony.version.save()
        with pytest.raises(ValidationError, match="not open for signing"):
            sign_by_room(world, ceremony, "participant")

    def test_wrong_codes_are_counted_and_lock(self, world):
        ceremony = open_ceremony(world)
        signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["participant"])
        for left in range(services.MAX_FAILED_CODES - 1, 0, -1):
            with pytest.raises(ValidationError, match=f"{left} attempts left"):
                services.sign(
                    signatory=signatory,
                    actor=signatory.user,
                    method="room",
                    code="WRONG1",
                    confirmed=True,
                )
        with pytest.raises(ValidationError, match="Too many"):
            services.sign(
                signatory=signatory,
                actor=signatory.user,
                method="room",
                code="WRONG1",
                confirmed=True,
            )
        # even the right code is refused now, until the facilitator unlocks
        with pytest.raises(ValidationError, match="Too many"):
            sign_by_room(world, ceremony, "participant")
        services.signatory_unlock(signatory=signatory, actor=world.users["facilitator"])
        sign_by_room(world, ceremony, "participant")

    def test_expired_and_used_email_codes_are_refused(self, world):
        ceremony = open_ceremony(world)
        code = email_code_for(world, ceremony, "participant")
        EmailCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["participant"])
        with pytest.raises(ValidationError, match="expired"):
            services.sign(
                signatory=signatory, actor=signatory.user, method="email", code=code, confirmed=True
            )
        code = email_code_for(world, ceremony, "participant")
        services.sign(
            signatory=signatory, actor=signatory.user, method="email", code=code, confirmed=True
        )
        assert EmailCode.objects.filter(used_at__isnull=False).count() == 1

    def test_a_new_code_replaces_the_old_and_codes_are_limited_per_hour(self, world):
        from rondetafel.signing.constants import MAX_CODES_PER_HOUR

        ceremony = open_ceremony(world)
        first = email_code_for(world, ceremony, "participant")
        second = email_code_for(world, ceremony, "participant")
        signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["participant"])
        if first != second:
            with pytest.raises(ValidationError):
                services.sign(
                    signatory=signatory, actor=signatory.user, method="email", code=first,
                    confirmed=True,
                )  # fmt: skip
        for _ in range(MAX_CODES_PER_HOUR - 2):
            email_code_for(world, ceremony, "participant")
        with pytest.raises(ValidationError, match="last hour"):
            services.email_code_send(signatory=signatory, actor=signatory.user)
        assert EmailCode.objects.filter(signatory=signatory).count() == MAX_CODES_PER_HOUR
        latest = EmailCode.objects.filter(signatory=signatory, expires_at__gt=timezone.now())
        assert latest.count() == 1  # only the last code still works

    def test_an_email_code_belongs_to_its_signatory(self, world):
        ceremony = open_ceremony(world)
        code = email_code_for(world, ceremony, "participant")
        other = Signatory.objects.get(ceremony=ceremony, user=world.users["client"])
        with pytest.raises(ValidationError, match="wrong"):
            services.sign(
                signatory=other, actor=other.user, method="email", code=code, confirmed=True
            )

    def test_unconfirmed_or_bad_drawing_refused(self, world):
        ceremony = open_ceremony(world)
        signatory = Signatory.objects.get(ceremony=ceremony, user=world.users["participant"])
        with pytest.raises(ValidationError, match="Confirm"):
            services.sign(
                signatory=signatory,
                actor=signatory.user,
                method="room",
                code=ceremony.room_code,
                confirmed=False,
            )
        with pytest.raises(ValidationError, match="drawn signature"):
            services.sign(
                signatory=signatory,
                actor=signatory.user,
                method="room",
                code=ceremony.room_code,
                confirmed=True,
                drawing=b"GIF89a",
            )
        signatory.refresh_from_db()
        assert signatory.failed_codes == 0 and not signatory.signed

    def test_sequence_waits_for_the_one_before(self, world):
        ceremony = open_ceremony(world, order="sequence")
        first, second = selectors.signatories(ceremony=ceremony)
        second_role = "client" if second.user == world.users["client"] else "participant"
        first_role = "participant" if second_role == "client" else "client"
        with pytest.raises(ValidationError, match="not your turn"):
            sign_by_room(world, ceremony, second_role)
        sign_by_room(world, ceremony, first_role)
        sign_by_room(world, ceremony, second_role)


@pytest.mark.django_db(transaction=True)
class ConcurrencyTests:
    def test_two_signers_at_the_same_moment(self, world):
        ceremony = open_ceremony(world)
        errors = []
        barrier = threading.Barrier(2)

        def run(role):
            try:
                barrier.wait()
                sign_by_room(world, ceremony, role)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(r,)) for r in ("participant", "client")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        ceremony.refresh_from_db()
        assert ceremony.status == CeremonyStatus.COMPLETE
        report, record = selectors.verify(bytes(ceremony.document))
        assert report.ok and record.final
        assert len([s for s in report.signatures if s.kind == "approval"]) == 2


@pytest.mark.django_db
class ViewTests:
    def test_sign_through_the_form(self, world):
        ceremony = open_ceremony(world)
        client = client_for(world, "participant")
        url = reverse("signing:sign", args=[world.trajectory.pk, ceremony.pk])
        page = client.get(url)
        assert ceremony.original_sha256 in page.content.decode()
        response = client.post(url, {"method": "room", "code": "nope", "confirmed": "on"})
        assert response.status_code == 200
        assert (
            "attempts left" in response.content.decode() or "pogingen" in response.content.decode()
        )
        response = client.post(
            url, {"method": "room", "code": ceremony.room_code.lower(), "confirmed": "on"}
        )
        assert response.status_code == 302
        assert Signatory.objects.get(ceremony=ceremony, user=world.users["participant"]).signed

    def test_observer_and_facilitator_are_not_signatories(self, world):
        ceremony = open_ceremony(world)
        url = reverse("signing:sign", args=[world.trajectory.pk, ceremony.pk])
        assert client_for(world, "observer").get(url).status_code == 403
        assert (
            client_for(world, "facilitator")
            .post(url, {"method": "room", "code": ceremony.room_code, "confirmed": "on"})
            .status_code
            == 403
        )

    def test_bad_drawing_data_url_is_a_form_error(self, world):
        ceremony = open_ceremony(world)
        url = reverse("signing:sign", args=[world.trajectory.pk, ceremony.pk])
        response = client_for(world, "participant").post(
            url,
            {
                "method": "room",
                "code": ceremony.room_code,
                "confirmed": "on",
                "drawing": "data:image/png;base64,@@@",
            },
        )
        assert response.status_code == 200
        assert not Signatory.objects.get(ceremony=ceremony, user=world.users["participant"]).signed

    def test_progress_json(self, world):
        ceremony = open_ceremony(world)
        sign_by_room(world, ceremony, "participant")
        data = (
            client_for(world, "observer")
            .get(reverse("signing:progress", args=[world.trajectory.pk, ceremony.pk]))
            .json()
        )
        assert (data["signed"], data["total"], data["complete"]) == (1, 2, False)
        assert data["text"] in ("1 van 2 ondertekend", "1 of 2 signed")

    def test_the_room_code_is_on_the_facilitators_screen_only(self, world):
        ceremony = open_ceremony(world)
        url = reverse("signing:screen", args=[world.trajectory.pk, ceremony.pk])
        for role in ("participant", "client", "observer", "facilitator"):
            page = client_for(world, role).get(url).content.decode()
            assert "ondertekend" in page or "signed" in page  # everyone follows the progress
            shown = f'<strong class="rt-room-code">{ceremony.room_code}</strong>' in page
            assert shown == (role == "facilitator"), role
            assert ("rt-room-code" in page) == (role == "facilitator"), role
        ceremony_page = client_for(world, "participant").get(
            reverse("signing:ceremony", args=[world.trajectory.pk, ceremony.pk])
        )
        assert "rt-room-code" not in ceremony_page.content.decode()

    def test_version_page_no_longer_sets_signing_by_hand(self, world):
        version = adopted_version(world)
        client = client_for(world, "facilitator")
        url = reverse("agreements:version_status", args=[world.trajectory.pk, version.pk])
        client.post(url, {"status": VersionStatus.OPEN_FOR_SIGNING})
        version.refresh_from_db()
        assert version.status == VersionStatus.ADOPTED


@pytest.mark.django_db
class VerificationTests:
    @pytest.fixture
    def final_pdf(self, world):
        ceremony = open_ceremony(
            world, choice=SignatoryChoice.LIST, chosen_user_ids=[world.users["client"].pk]
        )
        sign_by_room(world, ceremony, "client")
        ceremony.refresh_from_db()
        return bytes(ceremony.document)

    def _upload(self, client, content: bytes, name="doc.pdf"):
        return client.post(
            reverse("signing:verify"),
            {"file": SimpleUploadedFile(name, content, "application/pdf")},
        )

    def test_public_page_accepts_the_signed_file(self, client, final_pdf):
        response = self._upload(client, final_pdf)
        html = response.content.decode()
        assert response.status_code == 200
        assert "utrecht-alert--ok" in html and "Client" in html

    def test_public_page_rejects_a_changed_byte(self, client, final_pdf):
        tampered = bytearray(final_pdf)
        tampered[final_pdf.index(b"/Producer") + 12] ^= 0x01
        html = self._upload(client, bytes(tampered)).content.decode()
        assert "utrecht-alert--error" in html and "utrecht-alert--ok" not in html

    def test_a_check_that_runs_out_of_time_says_so_and_is_not_valid(
        self, client, final_pdf, monkeypatch
    ):
        from rondetafel.signing import verifier

        monkeypatch.setattr(verifier, "DEADLINE_SECONDS", 0)  # the bound, made small to see it
        response = self._upload(client, final_pdf)
        html = response.content.decode()
        assert response.status_code == 200
        assert "te ingewikkeld om hier te controleren" in html
        assert "utrecht-alert--ok" not in html

    def test_an_upload_declared_too_large_is_refused_before_it_is_read(self, client):
        from rondetafel.signing.views import MAX_PDF_BYTES

        response = client.post(
            reverse("signing:verify"),
            data=b"x" * 10,
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(MAX_PDF_BYTES * 2),
        )
        assert response.status_code == 413
        assert "Dit bestand is groter dan 20 MB." in response.content.decode()

    def test_checks_are_limited_per_address(self, client):
        from django.core.cache import cache

        from rondetafel.signing.views import VERIFY_PER_ADDRESS

        cache.delete("verify:127.0.0.1")
        try:
            for _ in range(VERIFY_PER_ADDRESS):
                assert client.post(reverse("signing:verify"), {}).status_code == 200
            refused = client.post(reverse("signing:verify"), {})
            assert refused.status_code == 429
            assert "Too many checks" in refused.content.decode() or "Te veel" in (
                refused.content.decode()
            )
            assert client.get(reverse("signing:verify")).status_code == 200  # reading is free
        finally:
            cache.delete("verify:127.0.0.1")

    def test_truncated_and_empty_uploads(self, client, final_pdf):
        html = self._upload(client, final_pdf[:5000]).content.decode()
        assert "utrecht-alert--error" in html
        response = client.post(reverse("signing:verify"), {})
        assert (
            response.status_code == 200
            and "utrecht-form-field--invalid" in response.content.decode()
        )

    def test_command_exit_codes(self, final_pdf, tmp_path, capsys):
        good = tmp_path / "good.pdf"
        good.write_bytes(final_pdf)
        call_command("verify", str(good))
        assert "OK" in capsys.readouterr().out
        appended = tmp_path / "appended.pdf"
        appended.write_bytes(final_pdf + b"\n1 0 obj\n(x)\nendobj\n")
        with pytest.raises(SystemExit) as exit_info:
            call_command("verify", str(appended))
        assert exit_info.value.code == 1
        truncated = tmp_path / "truncated.pdf"
        truncated.write_bytes(final_pdf[:100])
        with pytest.raises(SystemExit):
            call_command("verify", str(truncated))
