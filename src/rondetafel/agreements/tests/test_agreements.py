import io
import json
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import client_for, require_command
from rondetafel.agreements import services as ag
from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.models import Article, Proposal, Version
from rondetafel.agreements.redline import compare, redline_html
from rondetafel.agreements.structure import StructureError, docx_to_markdown, parse_markdown
from rondetafel.demo.agreements import DORDRECHT_2019, dordrecht_docx

pytestmark = pytest.mark.django_db

MD = "# Convenant\n## Overwegingen\n### Artikel 1 Opgave\nDe stad groeit.\n## Afspraken\n### Artikel 2 Kennis\nWe delen kennis.\n### Artikel 3 Looptijd\nEén jaar.\n"


def _agreement(world, md=MD):
    return ag.agreement_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title="Convenant",
        parsed=parse_markdown(md),
    )


def _article(version, number):
    return Article.objects.get(section__version=version, number=number)


class StructureTests:
    def test_markdown_sections_and_articles(self):
        parsed = parse_markdown(DORDRECHT_2019)
        assert [s.kind for s in parsed.sections] == ["recitals", "ambition", "agreements"]
        assert parsed.article_count == 12
        assert parsed.sections[2].articles[0].number == "7"
        assert not parsed.warning

    def test_numbered_paragraphs_are_articles(self):
        parsed = parse_markdown(
            "## Afspraken\n1. Eerste afspraak\n2. Tweede afspraak\nmet een vervolg"
        )
        assert [(a.number, a.text) for a in parsed.sections[0].articles] == [
            ("1", "Eerste afspraak"),
            ("2", "Tweede afspraak\nmet een vervolg"),
        ]

    def test_no_structure_becomes_one_section_with_a_warning(self):
        parsed = parse_markdown("Gewoon een brief.\nZonder kopjes.")
        assert parsed.warning and parsed.article_count == 1 and len(parsed.sections) == 1

    def test_word_file_round_trip(self):
        parsed = parse_markdown(docx_to_markdown(dordrecht_docx()))
        assert parsed.title.startswith("Intentieovereenkomst")
        assert parsed.article_count == 12 and len(parsed.sections) == 3

    @pytest.mark.parametrize(
        "content", [b"not a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512]
    )
    def test_corrupt_or_password_protected_word_file(self, content):
        # An encrypted .docx is an OLE container (the second case), not a zip.
        with pytest.raises(StructureError):
            docx_to_markdown(content)


class RedlineTests:
    def test_word_level_with_every_token_escaped(self):
        html = redline_html(
            "Wij betalen EUR 200.000 binnen 12 maanden.",
            "Wij betalen EUR 250.000 binnen 18 maanden <script>x</script>.",
        )
        assert "<del>200.000</del> <ins>250.000</ins>" in html
        assert "<script>" not in html and "&lt;script&gt;" in html

    def test_compare_by_lineage(self, world):
        v1 = _agreement(world)
        ag.version_set_status(version=v1, actor=None, status=VersionStatus.IN_REVIEW)
        v2 = ag.version_consolidate(version=v1, actor=None)
        a = Article.objects.get(section__version=v2, number="2")
        Article.objects.filter(pk=a.pk).update(text="We delen kennis en ervaring.")
        Article.objects.filter(section__version=v2, number="3").delete()
        changes = {
            c.label: c
            for c in compare(
                Article.objects.filter(section__version=v1),
                Article.objects.filter(section__version=v2),
            )
        }
        assert (
            changes["2 Kennis"].status == "changed"
            and "We delen kennis <ins>en ervaring</ins>." == changes["2 Kennis"].html
        )
        assert changes["3 Looptijd"].status == "removed"
        assert changes["1 Opgave"].status == "unchanged"


class VersionTests:
    def test_only_drafts_can_be_edited(self, world):
        v1 = _agreement(world)
        ag.version_set_status(version=v1, actor=None, status=VersionStatus.ADOPTED)
        with pytest.raises(ValidationError, match="bevroren"):
            ag.article_update(article=_article(v1, "2"), actor=None, lock_version=1, text="Anders")
        assert _article(v1, "2").text == "We delen kennis."

    def test_two_editors_conflict_and_nothing_is_overwritten(self, world):
        v1 = _agreement(world)
        article = _article(v1, "2")
        ag.article_update(article=article, actor=None, lock_version=1, text="Eerste bewerking")
        with pytest.raises(ag.EditConflict):
            ag.article_update(
                article=Article.objects.get(pk=article.pk),
                actor=None,
                lock_version=1,
                text="Tweede bewerking",
            )
        assert Article.objects.get(pk=article.pk).text == "Eerste bewerking"

    def test_conflict_in_the_browser_form_is_409_and_keeps_both_texts(self, world):
        v1 = _agreement(world)
        article = _article(v1, "2")
        url = reverse("agreements:article_edit", args=[world.trajectory.pk, v1.pk, article.pk])
        ag.article_update(article=article, actor=None, lock_version=1, text="Eerste bewerking")
        response = client_for(world, "facilitator").post(
            url, {"number": "2", "heading": "Kennis", "text": "Mijn tekst", "lock_version": 1}
        )
        page = response.content.decode()
        assert response.status_code == 409 and "Eerste bewerking" in page and "Mijn tekst" in page

    def test_illegal_status_step_is_refused(self, world):
        v1 = _agreement(world)
        with pytest.raises(ValidationError):
            ag.version_set_status(version=v1, actor=None, status=VersionStatus.SIGNED)


class ReviewTests:
    def _in_review(self, world):
        v1 = _agreement(world)
        ag.version_set_status(version=v1, actor=None, status=VersionStatus.IN_REVIEW)
        return v1

    def test_proposal_on_a_version_not_in_review_is_refused(self, world):
        v1 = _agreement(world)
        ag.version_set_status(version=v1, actor=None, status=VersionStatus.ADOPTED)
        with pytest.raises(ValidationError, match="niet open"):
            ag.proposal_create(
                version=v1,
                user=world.users["participant"],
                kind="delete",
                article=_article(v1, "3"),
                rationale="x",
            )
        assert not Proposal.objects.exists()

    def test_a_proposal_on_behalf_of_the_side_keeps_the_name_out_of_the_audit_log(self, world):
        from rondetafel.core.models import AuditEntry

        v1 = self._in_review(world)
        proposer = world.users["participant"]
        ag.proposal_create(
            version=v1,
            user=proposer,
            kind="delete",
            article=_article(v1, "3"),
            rationale="Overbodig",
            anonymous=True,
        )
        entry = AuditEntry.objects.get(action="agreement.proposal_created")
        assert entry.actor is None and entry.actor_label == ""
        assert entry.data["on_behalf_of_side"] == "municipality"
        log = client_for(world, "client").get(
            reverse("trajectories:audit_log", args=[world.trajectory.pk])
        )
        assert log.status_code == 200 and proposer.full_name not in log.content.decode()

    def test_observers_do_not_review(self, world):
        v1 = self._in_review(world)
        with pytest.raises(PermissionDenied):
            ag.verdict_set(article=_article(v1, "2"), user=world.users["observer"], verdict="keep")

    def test_consent_cannot_adopt_over_a_block_and_rejection_needs_a_reason(self, world):
        v1 = self._in_review(world)
        p = ag.proposal_create(
            version=v1,
            user=world.users["participant"],
            kind="amend",
            article=_article(v1, "3"),
            rationale="Langer",
            text="Vijf jaar.",
        )
        with pytest.raises(ValidationError, match="blokkade|block"):
            ag.proposal_decide(
                proposal=p,
                actor=None,
                method="consent",
                adopted=True,
                reason="",
                tally={"market": {"agree": 5, "block": 1}},
            )
        with pytest.raises(ValidationError):
            ag.proposal_decide(
                proposal=p, actor=None, method="vote", adopted=False, reason=" ", tally={}
            )
        with pytest.raises(ValidationError):
            ag.proposal_decide(
                proposal=p,
                actor=None,
                method="vote",
                adopted=True,
                reason="",
                tally={"market": {"agree": 2, "object": 2}},
            )
        p = ag.proposal_decide(
            proposal=p,
            actor=None,
            method="consent",
            adopted=True,
            reason="",
            tally={"municipality": {"agree": 3, "stand_aside": 1}, "market": {"agree": 5}},
        )
        assert p.tally["municipality"] == {"agree": 3, "stand_aside": 1, "object": 0, "block": 0}

    def test_consolidation_applies_amend_delete_and_new_and_supersedes(self, world):
        v1 = self._in_review(world)
        user = world.users["participant"]
        amend = ag.proposal_create(
            version=v1,
            user=user,
            kind="amend",
            article=_article(v1, "3"),
            rationale="r",
            text="Vijf jaar.",
        )
        delete = ag.proposal_create(
            version=v1, user=user, kind="delete", article=_article(v1, "1"), rationale="r"
        )
        new = ag.proposal_create(
            version=v1,
            user=user,
            kind="new",
            section=_article(v1, "2").section,
            heading="Evaluatie",
            rationale="r",
            text="Elk jaar.",
        )
        rejected = ag.proposal_create(
            version=v1,
            user=user,
            kind="amend",
            article=_article(v1, "2"),
            rationale="r",
            text="Niets delen.",
        )
        with pytest.raises(ValidationError, match="open"):
            ag.version_consolidate(version=v1, actor=None)
        for p in (amend, delete, new):
            ag.proposal_decide(
                proposal=p,
                actor=None,
                method="facilitator",
                adopted=True,
                reason="Besproken",
                tally={},
            )
        ag.proposal_decide(
            proposal=rejected,
            actor=None,
            method="vote",
            adopted=False,
            reason="Geen meerderheid",
            tally={"market": {"object": 3}},
        )
        v2 = ag.version_consolidate(version=v1, actor=None)
        texts = list(
            Article.objects.filter(section__version=v2).values_list("number", "heading", "text")
        )
        assert texts == [
            ("2", "Kennis", "We delen kennis."),
            ("3", "Looptijd", "Vijf jaar."),
            ("4", "Evaluatie", "Elk jaar."),
        ]
        assert _article(v2, "3").lineage == _article(v1, "3").lineage
        ag.version_set_status(version=v2, actor=None, status=VersionStatus.ADOPTED)
        assert Version.objects.get(pk=v1.pk).status == VersionStatus.SUPERSEDED
        with pytest.raises(ValidationError):
            ag.version_consolidate(version=v1, actor=None)

    def test_text_with_html_is_shown_as_text(self, world):
        v1 = self._in_review(world)
        ag.proposal_create(
            version=v1,
            user=world.users["participant"],
            kind="amend",
            article=_article(v1, "2"),
            rationale="<b>vet</b>",
            text="<script>alert(1)</script>",
        )
        page = (
            client_for(world, "observer")
            .get(
                reverse(
                    "agreements:article", args=[world.trajectory.pk, v1.pk, _article(v1, "2").pk]
                )
            )
            .content.decode()
        )
        assert (
            "<script>alert(1)</script>" not in page
            and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
            and "&lt;b&gt;vet&lt;/b&gt;" in page
        )


class ImportAndExportTests:
    def test_import_corrects_structure_and_saves(self, world):
        client = client_for(world, "facilitator")
        upload = io.BytesIO(dordrecht_docx())
        upload.name = "intentie.docx"
        response = client.post(
            reverse("agreements:import", args=[world.trajectory.pk]), {"file": upload}
        )
        assert response.status_code == 302
        preview = client.get(response["Location"]).content.decode()
        assert "Herkend: 3 delen met 12 artikelen." in preview
        response = client.post(
            response["Location"],
            {
                "title": "Intentie",
                "markdown": DORDRECHT_2019 + "\n### Artikel 13 Extra\nNog iets.",
                "save": "1",
            },
        )
        version = Version.objects.get(agreement__title="Intentie")
        assert Article.objects.filter(section__version=version).count() == 13

    def test_unusable_uploads_are_refused_with_a_reason(self, world):
        client = client_for(world, "facilitator")
        for name, content, message in (
            ("x.docx", b"kapot", "beveiligd met een wachtwoord"),
            ("x.pdf", b"%PDF", ".docx of .md"),
            ("leeg.md", b"   ", "geen tekst"),
        ):
            upload = io.BytesIO(content)
            upload.name = name
            page = client.post(
                reverse("agreements:import", args=[world.trajectory.pk]), {"file": upload}
            ).content.decode()
            assert message in page, name

    def test_pdf_holds_the_text_page_numbers_and_signatures(self, world, tmp_path):
        v1 = _agreement(world)
        ag.version_update(
            version=v1, actor=None, signatories="Şahin Yılmaz, eigenaar, Yılmaz Bestratingen"
        )
        pdf = (
            client_for(world, "observer")
            .get(reverse("agreements:export", args=[world.trajectory.pk, v1.pk, "pdf"]))
            .content
        )
        (tmp_path / "a.pdf").write_bytes(pdf)
        text = subprocess.run(
            [require_command("pdftotext", "poppler-utils"), str(tmp_path / "a.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert (
            "We delen kennis." in text
            and "Pagina 1 van 2" in text
            and "Şahin Yılmaz" in text
            and "Ondertekening" in text
        )

    def test_markdown_and_word_exports_re_import(self, world):
        v1 = _agreement(world)
        client = client_for(world, "participant")
        md = client.get(
            reverse("agreements:export", args=[world.trajectory.pk, v1.pk, "md"])
        ).content.decode()
        assert parse_markdown(md).article_count == 3
        docx = client.get(
            reverse("agreements:export", args=[world.trajectory.pk, v1.pk, "docx"])
        ).content
        assert parse_markdown(docx_to_markdown(docx)).article_count == 3


class ApiTests:
    def test_propose_and_conflict_over_the_api(self, world):
        from django.test import Client

        from rondetafel.accounts.services import api_token_create

        v1 = _agreement(world)
        _t, key = api_token_create(user=world.users["facilitator"], name="x")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        base = f"/api/trajectories/{world.trajectory.pk}/agreements/versions/{v1.pk}"
        article = api.get(f"{base}/articles").json()[1]
        ok = api.patch(
            f"{base}/articles/{article['id']}",
            json.dumps({"text": "Nieuw", "lock_version": 1}),
            content_type="application/json",
        )
        stale = api.patch(
            f"{base}/articles/{article['id']}",
            json.dumps({"text": "Ouder", "lock_version": 1}),
            content_type="application/json",
        )
        assert (ok.status_code, stale.status_code) == (200, 409)
        closed = api.post(
            f"{base}/proposals",
            json.dumps({"kind": "delete", "article_id": article["id"], "rationale": "x"}),
            content_type="application/json",
        )
        assert closed.status_code == 422 and "niet open" in closed.json()["errors"][0]["message"]
