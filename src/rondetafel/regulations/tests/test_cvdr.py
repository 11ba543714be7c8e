"""The CVDR reader: the shipped sample, generated structures (hypothesis), and hostile or
broken files, each refused with a message that says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rondetafel.regulations import cvdr


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are checked in English here; the pages' tests check the Dutch."""
    from django.utils import translation

    with translation.override("en"):
        yield


SAMPLE = Path(cvdr.__file__).parent / "samples" / "apv-voorbeeld.xml"


def test_the_sample_reads_with_its_metadata_structure_members_and_lists():
    data = cvdr.parse(SAMPLE.read_bytes())
    assert (data.identifier, data.version, data.municipality) == ("CVDR990001", "1", "Rotterdam")
    assert data.citation_title == "APV Rotterdam"
    assert data.in_force == date(2026, 1, 1)
    assert data.title.startswith("Algemene plaatselijke verordening Rotterdam")
    numbers = [a.number for a in data.articles]
    assert len(numbers) == 30 and numbers[:4] == ["1:1", "1:2", "1:3", "2:1"]
    assert numbers.index("2:10") < numbers.index("2:26") < numbers.index("4:1")
    assert numbers[-1] == "6:2"
    small_event = next(a for a in data.articles if a.number == "2:26")
    assert small_event.heading == "Klein evenement: melding"
    assert small_event.path == ["Hoofdstuk 2 Openbare orde", "Afdeling 4 Evenementen"]
    assert [m.number for m in small_event.members] == ["1", "2"]
    first = small_event.members[0].text.splitlines()
    assert first[0].endswith("melding doet aan de burgemeester, en:")
    assert first[1] == "a. het aantal aanwezigen niet meer dan 200 personen bedraagt;"
    assert first[4].startswith("d. ")
    # inline markup keeps its words and their spacing
    noise = next(a for a in data.articles if a.number == "4:1")
    assert "college daarvoor ontheffing heeft verleend" in noise.text
    assert not data.unknown


# --- generated structures ---------------------------------------------------------------------

words = (
    st.text(
        alphabet=st.sampled_from("abcdeéëfghijklmnopqrstuvwxyzĳ ABCZ0123456789,.;:()€&<>'\""),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)

member = st.tuples(words, st.lists(words, max_size=3))  # a paragraph and its list items
article = st.tuples(words, st.lists(member, min_size=1, max_size=3), st.booleans())
chapter = st.tuples(words, st.lists(article, min_size=1, max_size=4))


def _xml(chapters, namespaced: bool) -> tuple[bytes, list]:
    expected = []
    body = []
    n = 0
    for c_index, (title, articles) in enumerate(chapters, start=1):
        parts = []
        for heading, members, numbered in articles:
            n += 1
            number = f"{c_index}:{n}"
            blocks, texts = [], []
            for m_index, (text, items) in enumerate(members, start=1):
                lijst = ""
                lines = [text]
                if items:
                    lis = "".join(
                        f'<li nr="{chr(97 + i)}."><al>{escape(item)}</al></li>'
                        for i, item in enumerate(items)
                    )
                    lijst = f"<lijst>{lis}</lijst>"
                    lines += [f"{chr(97 + i)}. {item}" for i, item in enumerate(items)]
                if numbered:
                    blocks.append(
                        f"<lid><lidnr>{m_index}</lidnr><al>{escape(text)}</al>{lijst}</lid>"
                    )
                    texts.append((str(m_index), "\n".join(lines)))
                else:
                    blocks.append(f"<al>{escape(text)}</al>{lijst}")
                    texts.append(("", "\n".join(lines)))
            if not numbered:
                texts = [("", "\n".join(t for _n, t in texts))]
            parts.append(
                f"<artikel><kop><label>Artikel</label><nr>{number}</nr>"
                f"<titel>{escape(heading)}</titel></kop>{''.join(blocks)}</artikel>"
            )
            expected.append((number, heading, [f"Hoofdstuk {c_index} {title}"], texts))
        body.append(
            f"<hoofdstuk><kop><label>Hoofdstuk</label><nr>{c_index}</nr>"
            f"<titel>{escape(title)}</titel></kop>{''.join(parts)}</hoofdstuk>"
        )
    ns = ' xmlns="http://standaarden.overheid.nl/cvdr/terms/" xmlns:dcterms="http://purl.org/dc/terms/"'
    dc = "dcterms:" if namespaced else ""
    xml = (
        f"<cvdr{ns if namespaced else ''}><meta><owmskern><{dc}identifier>CVDR123_4</{dc}identifier>"
        f"<{dc}title>Verordening</{dc}title></owmskern></meta><body><regeling><regeling-tekst>"
        f"{''.join(body)}</regeling-tekst></regeling></body></cvdr>"
    )
    return xml.encode(), expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(chapter, min_size=1, max_size=3), st.booleans())
def test_generated_regulations_read_back_article_by_article(chapters, namespaced):
    content, expected = _xml(chapters, namespaced)
    data = cvdr.parse(content)
    assert (data.identifier, data.version) == ("CVDR123", "4")
    assert not data.unknown
    got = [
        (a.number, a.heading, a.path, [(m.number, m.text) for m in a.members])
        for a in data.articles
    ]
    assert got == expected


# --- bad input --------------------------------------------------------------------------------

HEAD = b"<cvdr><meta><identifier>CVDR1_1</identifier><title>T</title></meta><body><regeling><regeling-tekst>"
TAIL = b"</regeling-tekst></regeling></body></cvdr>"


def _refused(content: bytes) -> str:
    with pytest.raises(cvdr.CvdrError) as caught:
        cvdr.parse(content)
    return str(caught.value)


def test_external_entities_are_refused_and_never_read():
    content = (
        b'<?xml version="1.0"?><!DOCTYPE cvdr [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + HEAD
        + b"<artikel><kop><nr>1</nr></kop><al>&x;</al></artikel>"
        + TAIL
    )
    assert "entities" in _refused(content)


def test_an_entity_expansion_bomb_is_refused():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)).replace(
        "&l0;", "lol"
    )
    content = (
        f'<?xml version="1.0"?><!DOCTYPE cvdr [{laughs}]>'.encode()
        + HEAD
        + b"<artikel><kop><nr>1</nr></kop><al>&l9;</al></artikel>"
        + TAIL
    )
    assert "entities" in _refused(content)


def test_a_huge_text_node_is_refused():
    content = (
        HEAD
        + b"<artikel><kop><nr>1</nr></kop><al>"
        + b"a" * (11 * 1024 * 1024)
        + b"</al></artikel>"
        + TAIL
    )
    assert "too long" in _refused(content)


def test_an_article_over_the_limit_is_refused_with_its_number():
    content = (
        HEAD + b"<artikel><kop><nr>7:1</nr></kop><al>" + b"a " * 30_000 + b"</al></artikel>" + TAIL
    )
    assert "7:1" in _refused(content)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<cvdr><meta>", "not well-formed"),
        (b"", "not well-formed"),
        (b"<html><body/></html>", "not a CVDR regulation"),
        (b"<cvdr><meta><title>T</title></meta></cvdr>", "identifier or the title"),
        (HEAD + TAIL, "no articles"),
        (
            b"<cvdr><meta><identifier>CVDR1</identifier><title>T</title></meta></cvdr>",
            "no <regeling>",
        ),
        (
            HEAD + b"<artikel><kop><nr>1</nr></kop><al>a</al></artikel>"
            b"<artikel><kop><nr>1</nr></kop><al>b</al></artikel>" + TAIL,
            "occur twice",
        ),
        (
            b"<cvdr><meta><identifier>CVDR1</identifier><title>T</title>"
            b"<inwerkingtredingDatum>gisteren</inwerkingtredingDatum></meta></cvdr>",
            "not a date",
        ),
    ],
)
def test_broken_files_are_refused_with_the_reason(content, says):
    assert says in _refused(content)


def test_unknown_elements_keep_their_text_and_are_reported():
    content = (
        HEAD
        + b"<artikel><kop><nr>1</nr><titel>Tabel</titel></kop><al>Zie <foo>hieronder</foo>.</al>"
        b"<tabel><rij><cel>Tarief A</cel></rij></tabel></artikel>"
        b"<bijzonder><artikel><kop><nr>2</nr></kop><al>Binnen een onbekende groep.</al></artikel></bijzonder>"
        + TAIL
    )
    data = cvdr.parse(content)
    assert [a.number for a in data.articles] == ["1", "2"]
    assert data.articles[0].text == "Zie hieronder.\nTarief A"
    assert (
        data.unknown["foo"] == 1 and data.unknown["tabel"] == 1 and data.unknown["bijzonder"] == 1
    )
