"""Reports from the trajectory's own data: the case report and the participation report (draft,
edits, quotes only with consent, publishing, PDF and DOCX), and "you said, we did"."""

import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import agreement_in_review, client_for
from rondetafel.agreements import services as ag
from rondetafel.reports import services
from rondetafel.reports.feedback import contributions
from rondetafel.reports.models import Report

MD = "# Convenant\n## Afspraken\n### Artikel 1 Kennis\nWe delen kennis.\n### Artikel 2 Looptijd\nEén jaar.\n"


def _report(world, kind="case", language="nl"):
    return services.report_generate(
        trajectory=world.trajectory, actor=world.users["facilitator"], kind=kind, language=language
    )


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


class CaseReportTests:
    def test_the_draft_follows_the_seed_story_in_order_in_dutch_and_english(self, world):
        nl = _report(world)
        assert [s["heading"] for s in nl.sections] == [
            "De vraag",
            "Achtergrond",
            "Aanpak",
            "Resultaten",
            "Wat we leerden",
        ]
        assert nl.sections[0]["text"].startswith("Hoe verder?")
        en = _report(world, language="en")
        assert [s["heading"] for s in en.sections][:2] == ["The question", "Background"]
        assert Report.objects.filter(trajectory=world.trajectory).count() == 2

    def test_the_pdf_and_docx_keep_the_sections_in_order(self, world):
        report = _report(world)
        text = _pdf_text(
            client_for(world, "facilitator")
            .get(reverse("reports:pdf", args=[world.trajectory.pk, report.pk]))
            .content
        )
        positions = [
            text.index(h) for h in ("De vraag", "Achtergrond", "Aanpak", "Resultaten", "Gemeten")
        ]
        assert positions == sorted(positions)
        from docx import Document

        response = client_for(world, "facilitator").get(
            reverse("reports:docx", args=[world.trajectory.pk, report.pk])
        )
        headings = [
            p.text
            for p in Document(io.BytesIO(response.content)).paragraphs
            if p.style.name.startswith("Heading")
        ]
        assert headings[:5] == ["De vraag", "Achtergrond", "Aanpak", "Resultaten", "Wat we leerden"]

    def test_a_quote_without_consent_is_refused_and_one_with_consent_appears(self, world):
        report = _report(world)
        without = services.quote_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            text="Eindelijk gelijkwaardig.",
            speaker="Client",
            membership=world.memberships["client"],
        )
        texts = {s["key"]: s["text"] for s in report.sections}
        with pytest.raises(ValidationError, match="toestemming|consent"):
            services.report_update(
                report=report,
                actor=world.users["facilitator"],
                title="Casus",
                texts=texts,
                quote_ids=[without.pk],
            )
        assert not report.quotes.exists()
        with pytest.raises(PermissionDenied):  # nobody consents for someone else
            services.quote_consent(quote=without, user=world.users["facilitator"], given=True)
        services.quote_consent(quote=without, user=world.users["client"], given=True)
        services.report_update(
            report=report,
            actor=world.users["facilitator"],
            title="Casus",
            texts=texts,
            quote_ids=[without.pk],
        )
        page = client_for(world, "facilitator").get(
            reverse("reports:report", args=[world.trajectory.pk, report.pk])
        )
        assert "Eindelijk gelijkwaardig." in page.content.decode()
        services.quote_consent(quote=without, user=world.users["client"], given=False)
        assert not report.quotes.exists()  # withdrawn: gone from the report

    def test_the_edit_form_shows_the_refusal_and_keeps_the_text(self, world):
        report = _report(world)
        services.quote_create(
            trajectory=world.trajectory,
            actor=world.users["facilitator"],
            text="Zonder toestemming",
            speaker="X",
        )
        quote = report.trajectory.quotes.get()
        data = {
            "title": "Mijn casus",
            "section_lessons": "Wat we zelf leerden",
            "quotes": [str(quote.pk)],
        }
        response = client_for(world, "facilitator").post(
            reverse("reports:edit", args=[world.trajectory.pk, report.pk]), data
        )
        html = response.content.decode()
        assert response.status_code == 400 and "heeft er geen toestemming voor gegeven" in html
        assert "Wat we zelf leerden" in html  # what was typed is still there
        report.refresh_from_db()
        assert report.title != "Mijn casus"

    def test_a_draft_is_for_facilitator_and_client_a_published_report_for_everyone_at_the_table(
        self, world
    ):
        report = _report(world)
        url = reverse("reports:report", args=[world.trajectory.pk, report.pk])
        assert client_for(world, "participant").get(url).status_code == 403
        assert client_for(world, "client").get(url).status_code == 200
        client_for(world, "facilitator").post(
            reverse("reports:publish", args=[world.trajectory.pk, report.pk]), {"published": "1"}
        )
        assert client_for(world, "participant").get(url).status_code == 200
        assert client_for(world, "other_facilitator").get(url).status_code == 403
        with pytest.raises(ValidationError):
            _report(world)  # a published report is not overwritten


class ParticipationReportTests:
    def test_it_says_who_when_how_what_came_out_and_what_was_done(self, world):
        report = _report(world, kind="participation")
        assert [s["key"] for s in report.sections] == ["who", "how", "outcome", "done"]
        who = report.sections[0]["text"]
        assert "Aan tafel:" in who and "Gemeente: 3 personen" in who


class FeedbackTests:
    def _decided(self, world):
        version = agreement_in_review(world, MD)
        article = version.sections.get(heading="Afspraken").articles.get(number="2")
        proposal = ag.proposal_create(
            version=version,
            user=world.users["participant"],
            kind="amend",
            article=article,
            rationale="Langer samenwerken",
            text="Vijf jaar.",
            anonymous=True,
        )
        ag.proposal_decide(
            proposal=proposal,
            actor=world.users["facilitator"],
            method="facilitator",
            adopted=False,
            reason="Eerst evalueren",
            tally={},
        )
        return proposal

    def test_a_proposal_says_what_became_of_it_without_the_name_when_asked(self, world):
        self._decided(world)
        (item,) = contributions(world.trajectory)
        assert item.status == "not_taken_up" and "Eerst evalueren" in item.outcome
        assert "Participant" not in item.who  # chose to show the side only

    def test_not_taken_up_needs_a_reason_and_foreign_keys_are_refused(self, world):
        proposal = self._decided(world)
        with pytest.raises(ValidationError):
            services.feedback_answer(
                trajectory=world.trajectory,
                actor=world.users["facilitator"],
                source_key=f"proposal:{proposal.pk}",
                status="not_taken_up",
                text="",
            )
        with pytest.raises(ValidationError):
            services.feedback_answer(
                trajectory=world.trajectory,
                actor=world.users["facilitator"],
                source_key="proposal:00000000-0000-0000-0000-000000000000",
                status="answered",
                text="x",
            )

    def test_the_result_link_works_without_an_account_once_published(self, world):
        self._decided(world)
        page = services.feedback_page_for(world.trajectory)
        url = reverse("reports:results", args=[page.token])
        anonymous = client_for(world, "anonymous")
        html = anonymous.get(url).content.decode()
        assert "Langer samenwerken" not in html and "Bewaar deze link" in html
        services.feedback_publish(
            trajectory=world.trajectory, actor=world.users["facilitator"], published=True
        )
        html = anonymous.get(url).content.decode()
        assert "Langer samenwerken" in html and "Eerst evalueren" in html
        assert anonymous.get(reverse("reports:results", args=["niet-geldig"])).status_code == 404
