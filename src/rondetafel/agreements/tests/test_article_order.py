"""The articles of a version read in their own order in every rendering: the page, the
Markdown and Word exports, the PDF as pdftotext reads it and the document people sign.
(Django drops Meta.ordering from aggregating queries; the version page annotates counts.)"""

import io
import re
import subprocess

import pytest
from django.urls import reverse

from conftest import agreement_in_review, client_for, require_command
from rondetafel.agreements import selectors
from rondetafel.agreements import services as ag
from rondetafel.agreements.constants import ProposalKind
from rondetafel.agreements.models import Article
from rondetafel.demo.agreements import DORDRECHT_2019

pytestmark = pytest.mark.django_db

EXPECTED = [str(n) for n in range(1, 13)]


@pytest.fixture
def version(world):
    version = agreement_in_review(world, DORDRECHT_2019, title="Intentieovereenkomst")
    # Proposals on a few articles make the counts differ, as in a real review.
    for number in ("3", "9", "12", "5"):
        ag.proposal_create(
            version=version,
            user=world.users["participant"],
            kind=ProposalKind.DELETE,
            rationale="Overbodig",
            article=Article.objects.get(section__version=version, number=number),
        )
    return version


def _numbers(text: str) -> list[str]:
    """Article numbers in reading order (a page may name an article twice in a row: its heading
    and its link)."""
    numbers: list[str] = []
    for number in re.findall(r"Artikel (\d+)", text):
        if not numbers or numbers[-1] != number:
            numbers.append(number)
    return numbers


def test_the_version_document_keeps_section_and_article_order(version):
    sections = selectors.version_document(version=version)
    assert [s.order for s in sections] == sorted(s.order for s in sections)
    assert [a.number for s in sections for a in s.articles.all()] == EXPECTED


def test_the_version_page_and_markdown_list_articles_in_order(world, version):
    client = client_for(world, "participant")
    page = client.get(reverse("agreements:version", args=[world.trajectory.pk, version.pk]))
    assert _numbers(page.content.decode()) == EXPECTED
    md = client.get(reverse("agreements:export", args=[world.trajectory.pk, version.pk, "md"]))
    assert _numbers(md.content.decode()) == EXPECTED


def test_the_word_export_lists_articles_in_order(world, version):
    from docx import Document

    response = client_for(world, "participant").get(
        reverse("agreements:export", args=[world.trajectory.pk, version.pk, "docx"])
    )
    document = Document(io.BytesIO(response.content))
    assert _numbers("\n".join(p.text for p in document.paragraphs)) == EXPECTED


def test_the_pdf_and_the_document_to_sign_read_in_order(world, version):
    from rondetafel.signing.documents import document_to_sign

    pdftotext = require_command("pdftotext", "poppler-utils")
    response = client_for(world, "participant").get(
        reverse("agreements:export", args=[world.trajectory.pk, version.pk, "pdf"])
    )
    text = subprocess.run(
        [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert _numbers(text) == EXPECTED
    signed, _boxes = document_to_sign(version, ["Eén", "Twee"])
    text = subprocess.run(
        [pdftotext, "-", "-"], input=signed, capture_output=True, check=True
    ).stdout.decode()
    assert _numbers(text) == EXPECTED
