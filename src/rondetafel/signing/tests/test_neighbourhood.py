"""An agreement signed by a whole neighbourhood: 200 signers, verified by ours, pyHanko and pdfsig.

Building the document costs about a minute (pyHanko rereads every earlier revision for each new
signature), so the file is built once for the module.
"""

import pytest
from weasyprint import HTML

from rondetafel.signing import pades, pki, verifier
from rondetafel.signing.tests.pdfsig import pdfsig_verdicts

SIGNERS = 200
PER_PAGE = 8


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    return pki.load_or_create(tmp_path_factory.mktemp("pki") / "ca", b"passphrase")


@pytest.fixture(scope="module")
def signed_by_200(authority):
    pages = "".join(
        f"<section style='page-break-after:always'><h1>Handtekeningen {p + 1}</h1></section>"
        for p in range(SIGNERS // PER_PAGE + 1)
    )
    source = HTML(string=pages).write_pdf()
    boxes = [
        pades.FieldBox(
            f"Sig{i + 1}",
            i // PER_PAGE,
            (60, 700 - 80 * (i % PER_PAGE), 287, 770 - 80 * (i % PER_PAGE)),
        )
        for i in range(SIGNERS)
    ]
    # One face for every stamp: the stamps are not what this test is about.
    stamp = HTML(
        string="<style>@page{size:295px 98px;margin:0}body{font:9pt 'DejaVu Sans'}</style>"
        "<b>Bewoner</b>"
    ).write_pdf()
    pdf = pades.prepare(source, boxes, authority, reason="test")
    for i in range(SIGNERS):
        name = f"Bewoner {i + 1}"
        pdf = pades.sign(
            pdf,
            field_name=f"Sig{i + 1}",
            signer=authority.issue_signer(name=name, organisation="Boomgaardshoek", email="b@x.nl"),
            authority=authority,
            stamp_pdf=stamp,
            name=name,
            reason="Akkoord",
        )
    return pades.seal(pdf, authority)


@pytest.fixture(scope="module")
def one_byte_changed(signed_by_200):
    tampered = bytearray(signed_by_200)
    tampered[signed_by_200.index(b"/Producer") + 12] ^= 0x01  # in the first revision
    return bytes(tampered)


def _essentials(report):
    return [(s.field, s.kind, s.signer, s.intact, s.valid, s.trusted) for s in report.signatures]


class NeighbourhoodTests:
    def test_ours_finds_all_200_valid_with_the_changes_analysed(self, signed_by_200, authority):
        report = verifier.verify(signed_by_200, [authority.root.cert_asn1])
        assert report.ok
        kinds = [s.kind for s in report.signatures]
        assert kinds == ["certification"] + ["approval"] * SIGNERS + ["timestamp"]
        assert [s.signer for s in report.signatures[1:-1]] == [
            f"Bewoner {i + 1}" for i in range(SIGNERS)
        ]
        # Every signature but the last two is followed by another signature: form filling.
        assert {s.modification for s in report.signatures[:-2]} == {"FORM_FILLING"}
        assert report.signatures[-2].modification == "LTA_UPDATES"

    def test_pyhanko_agrees_on_every_signature(self, signed_by_200, authority):
        """pyHanko's integrity and trust checks, signature by signature (its difference analysis
        would take minutes here; the agreement on that is tested on smaller files)."""
        roots = [authority.root.cert_asn1]
        ours = verifier.verify(signed_by_200, roots)
        theirs = pades.verify_with_pyhanko(signed_by_200, roots, analyse_changes=False)
        assert _essentials(ours) == _essentials(theirs)
        assert all(s.ok for s in theirs.signatures)

    def test_one_changed_byte_is_caught_by_all_three(
        self, signed_by_200, one_byte_changed, authority, tmp_path
    ):
        roots = [authority.root.cert_asn1]
        ours = verifier.verify(one_byte_changed, roots)
        assert ours.readable and not ours.ok
        assert not any(s.intact for s in ours.signatures)
        theirs = pades.verify_with_pyhanko(one_byte_changed, roots, analyse_changes=False)
        assert [s.field for s in theirs.signatures] == [s.field for s in ours.signatures]
        assert not any(s.intact or s.ok for s in theirs.signatures)
        poppler = pdfsig_verdicts(one_byte_changed, tmp_path)
        assert len(poppler) == SIGNERS + 2
        assert all(
            poppler[s.field] == "Digest Mismatch."
            for s in ours.signatures
            if s.kind != "timestamp"  # pdfsig cannot check document timestamps
        )

    def test_pdfsig_agrees_on_the_signed_file(self, signed_by_200, authority, tmp_path):
        ours = verifier.verify(signed_by_200, [authority.root.cert_asn1])
        poppler = pdfsig_verdicts(signed_by_200, tmp_path)
        approvals = [s for s in ours.signatures if s.kind != "timestamp"]
        assert len(approvals) == SIGNERS + 1
        assert all(poppler[s.field] == "Signature is Valid." and s.intact for s in approvals)
