"""The PKI and PAdES layer on its own: real keys, real PDFs, pyHanko's real validator."""

import io
import os
import shutil
import stat
import subprocess
import threading

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from weasyprint import HTML

from conftest import require_command
from rondetafel.signing import pades, pki, verifier
from rondetafel.signing.tests.pdfsig import pdfsig_verdicts

NAMES = ["Ayşe Şahin", "Łukasz Nowak", "IJsbrand de Vries", "Zoë van den Berg"]


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    return pki.load_or_create(tmp_path_factory.mktemp("pki") / "ca", b"passphrase")


def _stamp(name: str) -> bytes:
    return HTML(
        string=f"<style>@page{{size:302px 98px;margin:0}}body{{font:9pt 'DejaVu Sans'}}</style><b>{name}</b>"
    ).write_pdf()


@pytest.fixture(scope="module")
def signed(authority):
    """A document with four prepared fields, signed four times and sealed."""
    source = HTML(string="<h1>Intentieovereenkomst</h1><p>Wij werken samen.</p>").write_pdf()
    boxes = [
        pades.FieldBox(f"Sig{i + 1}", 0, (60, 500 - 80 * i, 287, 570 - 80 * i)) for i in range(4)
    ]
    pdf = pades.prepare(source, boxes, authority, reason="test")
    steps = [pdf]
    for i, name in enumerate(NAMES):
        issued = authority.issue_signer(
            name=name, organisation="Gemeente Dordrecht", email="a@example.org"
        )
        pdf = pades.sign(
            pdf,
            field_name=f"Sig{i + 1}",
            signer=issued,
            authority=authority,
            stamp_pdf=_stamp(name),
            name=name,
            reason="Akkoord",
        )
        steps.append(pdf)
    return pades.seal(pdf, authority), steps


class AuthorityTests:
    def test_created_once_with_private_encrypted_keys(self, tmp_path):
        directory = tmp_path / "ca"
        first = pki.load_or_create(directory, b"geheim")
        second = pki.load_or_create(directory, b"geheim")
        assert first.root_pem == second.root_pem
        key_file = directory / "root.key.pem"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        assert b"ENCRYPTED" in key_file.read_bytes()
        with pytest.raises((TypeError, ValueError)):
            serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        with pytest.raises(ValueError):
            pki.load_or_create(directory, b"wrong passphrase")

    def test_concurrent_first_use_ends_with_one_authority(self, tmp_path):
        directory = tmp_path / "ca"
        results = []
        threads = [
            threading.Thread(target=lambda: results.append(pki.load_or_create(directory, b"x")))
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({a.root_pem for a in results}) == 1
        assert sorted(p.name for p in directory.iterdir()) == sorted(pki.FILES)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ca-")]

    def test_signer_certificate_names_the_person_and_allows_non_repudiation(self, authority):
        from cryptography import x509

        issued = authority.issue_signer(
            name="Zoë Şahin", organisation="Aannemer B.V.", email="z@example.org", role="directeur"
        )
        cert = issued.certificate
        assert cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "Zoë Şahin"
        assert (
            cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value
            == "Aannemer B.V."
        )
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.content_commitment and usage.digital_signature and not usage.key_cert_sign
        assert cert.issuer == authority.root.certificate.subject


@pytest.fixture(params=[verifier.verify, pades.verify_with_pyhanko], ids=["ours", "pyhanko"])
def verify(request):
    """Every verdict below holds for our verifier and for pyHanko's, the reference."""
    return request.param


class SignatureTests:
    def test_every_signature_valid_and_named(self, signed, authority, verify):
        final, _steps = signed
        report = verify(final, [authority.root.cert_asn1])
        assert report.ok, report
        kinds = [s.kind for s in report.signatures]
        assert kinds == [
            "certification",
            "approval",
            "approval",
            "approval",
            "approval",
            "timestamp",
        ]
        assert [s.signer for s in report.signatures[1:5]] == NAMES
        assert all(s.organisation == "Gemeente Dordrecht" for s in report.signatures[1:5])
        assert report.signatures[-1].covers_whole_file
        times = [s.signed_at for s in report.signatures]
        assert times == sorted(times)

    def test_each_step_builds_on_the_previous_bytes(self, signed):
        _final, steps = signed
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.startswith(before)  # incremental: earlier revisions untouched

    def test_stamp_keeps_names_outside_latin1(self, signed):
        final, _steps = signed
        text = subprocess.run(
            [require_command("pdftotext", "poppler-utils"), "-", "-"],
            input=final,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for name in NAMES:
            assert name in text

    def test_a_changed_byte_breaks_every_signature(self, signed, authority, verify):
        final, _steps = signed
        position = final.index(b"/Producer")
        tampered = bytearray(final)
        tampered[position + 12] ^= 0x01
        report = verify(bytes(tampered), [authority.root.cert_asn1])
        assert not report.ok
        assert not any(s.intact for s in report.signatures)

    def test_an_appended_update_is_caught(self, signed, authority, verify):
        final, _steps = signed
        writer = IncrementalPdfFileWriter(io.BytesIO(final))
        writer.root["/Extra"] = generic.NameObject("/Changed")
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        report = verify(out.getvalue(), [authority.root.cert_asn1])
        assert not report.ok
        assert report.changed_after_last_signature
        assert report.signatures[0].modification == "OTHER"

    def test_bytes_appended_after_the_end_are_caught(self, signed, authority, verify):
        final, _steps = signed
        report = verify(final + b"\n1 0 obj\n(extra)\nendobj\n", [authority.root.cert_asn1])
        assert not report.ok and report.changed_after_last_signature

    def test_another_authority_is_not_trusted(self, signed, tmp_path, verify):
        final, _steps = signed
        stranger = pki.load_or_create(tmp_path / "other", b"x", name="elders")
        report = verify(final, [stranger.root.cert_asn1])
        assert not report.ok
        assert all(s.intact for s in report.signatures)
        assert not any(s.trusted for s in report.signatures)

    def test_truncated_file_is_reported_not_raised(self, signed, authority, verify):
        final, _steps = signed
        report = verify(final[: len(final) // 2], [authority.root.cert_asn1])
        assert not report.readable and report.error and not report.ok

    def test_not_a_pdf(self, authority, verify):
        report = verify(b"hello", [authority.root.cert_asn1])
        assert not report.readable and not report.ok

    def test_pyhanko_command_line_agrees(self, signed, authority, tmp_path):
        cli = shutil.which("pyhanko") or os.path.join(os.path.dirname(os.sys.executable), "pyhanko")
        if not os.path.exists(cli):
            pytest.skip("pyhanko-cli is not installed")
        final, _steps = signed
        root = tmp_path / "root.pem"
        root.write_bytes(authority.root_pem)
        good = tmp_path / "good.pdf"
        good.write_bytes(final)
        bad = tmp_path / "bad.pdf"
        tampered = bytearray(final)
        tampered[final.index(b"/Producer") + 12] ^= 0x01
        bad.write_bytes(bytes(tampered))
        command = [
            cli,
            "sign",
            "validate",
            "--trust",
            str(root),
            "--trust-replace",
            "--executive-summary",
        ]
        ok = subprocess.run([*command, str(good)], capture_output=True, text=True)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert verifier.verify(final, [authority.root.cert_asn1]).ok
        broken = subprocess.run([*command, str(bad)], capture_output=True, text=True)
        assert broken.returncode != 0
        assert not verifier.verify(bytes(tampered), [authority.root.cert_asn1]).ok


def _verdicts(report) -> list[tuple]:
    return [
        (
            s.field,
            s.kind,
            s.signer,
            s.intact,
            s.valid,
            s.trusted,
            s.modification,
            s.covers_whole_file,
            s.ok,
        )
        for s in report.signatures
    ]


def _rotate_page(pdf: bytes) -> bytes:
    """An incremental update that changes the page itself (not allowed after certification)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_note(pdf: bytes) -> bytes:
    """An incremental update that adds a text annotation (a sticky note) to the page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (10, 10, 30, 30)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Niet mee eens"),
            }
        )
    )
    page["/Annots"].append(note)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _finish(pdf: bytes, authority, first: int) -> bytes:
    """Sign the fields from `first` on, then seal, as the ceremony would."""
    for i in range(first, len(NAMES)):
        issued = authority.issue_signer(
            name=NAMES[i], organisation="Gemeente", email="a@example.org"
        )
        pdf = pades.sign(
            pdf,
            field_name=f"Sig{i + 1}",
            signer=issued,
            authority=authority,
            stamp_pdf=_stamp(NAMES[i]),
            name=NAMES[i],
            reason="Akkoord",
        )
    return pades.seal(pdf, authority)


class AgreementTests:
    """Our verifier and pyHanko's (with its full difference analysis for every signature) give
    the same verdict, signature by signature, on the files an attacker would try."""

    def test_on_a_good_file(self, signed, authority):
        final, _steps = signed
        roots = [authority.root.cert_asn1]
        assert _verdicts(verifier.verify(final, roots)) == _verdicts(
            pades.verify_with_pyhanko(final, roots)
        )

    @pytest.mark.parametrize("change", [_rotate_page, _add_note], ids=["page", "note"])
    def test_on_a_change_slipped_in_between_two_signatures(self, signed, authority, change):
        """The change follows Sig2: the certification, Sig1 and Sig2 do not allow it; Sig3,
        Sig4 and the timestamp came after it and hold."""
        _final, steps = signed
        pdf = _finish(change(steps[2]), authority, first=2)
        roots = [authority.root.cert_asn1]
        ours, reference = verifier.verify(pdf, roots), pades.verify_with_pyhanko(pdf, roots)
        assert [s.ok for s in ours.signatures] == [False, False, False, True, True, True]
        assert [s.ok for s in reference.signatures] == [s.ok for s in ours.signatures]
        assert _verdicts(ours) == _verdicts(reference)
        assert [s.modification for s in ours.signatures[:3]] == ["OTHER"] * 3

    @pytest.mark.parametrize("change", [_rotate_page, _add_note], ids=["page", "note"])
    def test_on_a_change_after_the_seal(self, signed, authority, change):
        final, _steps = signed
        pdf = change(final)
        roots = [authority.root.cert_asn1]
        ours, reference = verifier.verify(pdf, roots), pades.verify_with_pyhanko(pdf, roots)
        assert not ours.ok and ours.changed_after_last_signature
        assert [s.ok for s in ours.signatures] == [s.ok for s in reference.signatures]
        assert not any(s.ok for s in ours.signatures[:5])

    def test_a_contents_value_outside_the_signed_gap_is_not_intact(self, signed, authority):
        """The byte range must leave out exactly the signature: widen the gap by one byte."""
        final, _steps = signed
        roots = [authority.root.cert_asn1]
        ranges = final.index(b"/ByteRange")
        end = final.index(b"]", ranges)
        numbers = [int(v) for v in final[ranges + 10 : end].strip(b" [").split()]
        widened = f"[{numbers[0]} {numbers[1] - 1} {numbers[2]} {numbers[3]}"
        original = final[ranges + 10 : end]
        patched = widened.encode().ljust(len(original))
        tampered = final[: ranges + 10] + patched + final[end:]
        ours = verifier.verify(tampered, roots)
        assert not ours.ok and not ours.signatures[0].ok
        assert not pades.verify_with_pyhanko(tampered, roots).signatures[0].ok

    def test_a_check_past_its_deadline_gives_up_and_says_so(self, signed, authority):
        final, _steps = signed
        report = verifier.verify(final, [authority.root.cert_asn1], deadline_seconds=0)
        assert report.gave_up and not report.ok and not report.signatures

    def test_pdfsig_agrees_on_every_signature(self, signed, authority, tmp_path):
        final, _steps = signed
        tampered = bytearray(final)
        tampered[final.index(b"/Producer") + 12] ^= 0x01
        roots = [authority.root.cert_asn1]
        for pdf, expected in (
            (final, "Signature is Valid."),
            (bytes(tampered), "Digest Mismatch."),
        ):
            ours = verifier.verify(pdf, roots)
            theirs = pdfsig_verdicts(pdf, tmp_path)
            signed_fields = [s for s in ours.signatures if s.kind != "timestamp"]
            assert len(signed_fields) == 5
            for s in signed_fields:
                assert theirs[s.field] == expected
                assert s.intact == (expected == "Signature is Valid.")


class EventLoopTests:
    def test_works_inside_a_running_event_loop(self, signed, authority):
        """Async views, consumers and Playwright tests have a loop running in their thread;
        pyHanko's own synchronous calls would refuse to run there."""
        import asyncio
        import concurrent.futures

        final, steps = signed

        async def inside():
            report = verifier.verify(final, [authority.root.cert_asn1])
            issued = authority.issue_signer(name="Zoë", organisation="X", email="z@example.org")
            return report, pades.seal(steps[1], authority), issued

        # In a thread of its own, so the loop is ours even if the test runner already has one.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            report, sealed, _issued = pool.submit(asyncio.run, inside()).result()
        assert report.ok
        assert verifier.verify(sealed, [authority.root.cert_asn1]).readable


def test_metadata_with_a_dtd_or_an_entity_bomb_is_not_a_harmless_update():
    """XMP metadata in a revision is read with entities and DTDs refused (bandit B314): a
    billion-laughs payload is an unexplained change, and is never expanded."""
    from rondetafel.signing.changes import metadata_is_plain_xml

    plain = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="r"/></x:xmpmeta>'
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
        "&lol0;", "lol"
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE lolz [{levels}]><lolz>&lol9;</lolz>'.encode()
    assert metadata_is_plain_xml(plain)
    assert not metadata_is_plain_xml(bomb)
    assert not metadata_is_plain_xml(b"<a><b></a>")
