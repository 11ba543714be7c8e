"""Register import: per-row report, all-or-nothing or valid-only, encodings, size."""

import io

import pytest
from django.core.exceptions import ValidationError

from rondetafel.stakeholders import services as ss
from rondetafel.stakeholders.importing import guess_mapping
from rondetafel.stakeholders.models import Assessment, Stakeholder

pytestmark = pytest.mark.django_db

HEADER = "naam;soort;partij;kant;e-mail;toestemming;datum toestemming;macht;belang;houding\n"


def _upload(world, text: str | bytes, name="register.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return ss.import_upload(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        filename=name,
        content=content,
    )


def _run(world, batch, keep_valid=True):
    return ss.import_run(
        batch=batch,
        actor=world.users["facilitator"],
        mapping=guess_mapping(batch.header),
        keep_valid=keep_valid,
    )


class ImportTests:
    def test_good_rows_with_assessments(self, world):
        batch = _upload(
            world,
            HEADER + "Wijkraad West;organisatie;;bewoners;;nee;;2;5;neutraal\n"
            "Jan Jansen;persoon;Gemeente;;jan@test.example;ja;01-10-2026;4;3;steunend\n",
        )
        results, imported = _run(world, batch)
        assert imported == 2 and all(r.ok for r in results)
        jan = Stakeholder.objects.get(name="Jan Jansen")
        assert (jan.side, jan.party, jan.consent_on.isoformat()) == (
            "municipality",
            world.party,
            "2026-10-01",
        )
        assert (jan.current.power, jan.current.interest, jan.current.attitude) == (
            4,
            3,
            "supportive",
        )

    def test_bad_rows_are_reported_and_the_rest_imported(self, world):
        ss.stakeholder_create(
            trajectory=world.trajectory,
            actor=None,
            name="Bestaand",
            side="market",
            email="dubbel@test.example",
        )
        batch = _upload(
            world,
            HEADER
            + "Goed;organisatie;;markt;;;;3;3;\n"
            + "Fout mail;persoon;;markt;geen-mail;;;;;\n"
            + "Te hoog;organisatie;;markt;;;;7;3;\n"
            + "Dubbel;persoon;;markt;dubbel@test.example;;;;;\n"
            + "Onbekende partij;organisatie;Marsbewoners;;;;;;;\n"
            + "Toestemming;persoon;;markt;;ja;;;;\n"
            + ";organisatie;;markt;;;;;;\n",
        )
        results, imported = _run(world, batch, keep_valid=True)
        errors = {r.number: " ".join(r.errors) for r in results if not r.ok}
        assert imported == 1
        assert set(errors) == {3, 4, 5, 6, 7, 8}
        assert "geen geldig e-mailadres" in errors[3]
        assert "van 1 tot en met 5" in errors[4]
        assert "staat al in het register" in errors[5]
        assert "geen partij in dit traject" in errors[6]
        assert "datum" in errors[7]
        assert "naam ontbreekt" in errors[8]
        assert Stakeholder.objects.filter(trajectory=world.trajectory).count() == 2

    def test_all_or_nothing_imports_nothing_with_one_bad_row(self, world):
        batch = _upload(
            world, HEADER + "Goed;organisatie;;markt;;;;;;\nSlecht;organisatie;;Mars;;;;;;\n"
        )
        results, imported = _run(world, batch, keep_valid=False)
        assert imported == 0 and sum(not r.ok for r in results) == 1
        assert not Stakeholder.objects.filter(name="Goed").exists()
        batch.refresh_from_db()
        assert batch.imported_at is None  # can be fixed and run again

    def test_duplicates_within_the_file(self, world):
        batch = _upload(
            world,
            "name,side,email\nA,market,a@test.example\nB,market,A@test.example\nC,market,\nC,market,\n",
        )
        results, _n = _run(world, batch)
        errors = [(r.number, r.errors) for r in results if not r.ok]
        assert [n for n, _e in errors] == [3, 5]
        assert "rij 2" in errors[0][1][0] and "rij 4" in errors[1][1][0]

    def test_unknown_columns_are_ignored_and_shown_unmapped(self, world):
        batch = _upload(world, "Naam,Schoenmaat,Kant\nWijkraad,44,bewoners\n")
        mapping = guess_mapping(batch.header)
        assert mapping["name"] == 0 and mapping["side"] == 2 and 1 not in mapping.values()
        _results, imported = _run(world, batch)
        assert imported == 1

    def test_utf8_with_bom_and_windows_1252(self, world):
        bom = "\ufeffnaam;kant\nZoë Ærts;bewoners\n".encode()
        _r, n = _run(world, _upload(world, bom))
        cp = "naam;kant\nIJsbrand Müller;bewoners\nCafé Şahin;markt\n".encode(
            "cp1252", errors="replace"
        )
        batch = _upload(world, cp)
        assert batch.header == ["naam", "kant"]
        _r, m = _run(world, batch)
        assert (n, m) == (1, 2)
        assert Stakeholder.objects.filter(name="Zoë Ærts").exists()
        assert Stakeholder.objects.filter(name="IJsbrand Müller").exists()

    def test_xlsx(self, world):
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(["Naam", "Kant", "Macht", "Belang", "Datum beoordeling"])
        ws.append(["Waterschap", "Maatschappelijke organisaties", 4, 3, "2026-10-01"])
        ws.append(["Fout", "markt", 9, 3, None])
        out = io.BytesIO()
        wb.save(out)
        results, imported = _run(world, _upload(world, out.getvalue(), name="register.xlsx"))
        assert imported == 1
        assert Stakeholder.objects.get(name="Waterschap").current.power == 4
        assert [r.number for r in results if not r.ok] == [3]

    def test_ten_thousand_rows(self, world):
        rows = "".join(
            f"Persoon {i};persoon;;bewoners;p{i}@test.example;;;{1 + i % 5};{1 + (i * 3) % 5};\n"
            for i in range(10_000)
        )
        rows += "Zonder kant;organisatie;;;;;;;;\n"
        results, imported = _run(world, _upload(world, HEADER + rows))
        assert imported == 10_000 and len(results) == 10_001
        assert Assessment.objects.filter(stakeholder__trajectory=world.trajectory).count() == 10_000
        assert (
            Stakeholder.objects.filter(trajectory=world.trajectory, current__isnull=False).count()
            == 10_000
        )

    @pytest.mark.parametrize(
        "name,content,message",
        [
            ("leeg.csv", b"", "leeg"),
            ("plaatje.png", b"\x89PNG", ".csv"),
            ("kapot.xlsx", b"geen zip", "Excel-bestand"),
            ("binair.csv", b"naam\x00\x00\x00", "CSV"),
        ],
    )
    def test_unreadable_files_are_refused_with_a_reason(self, world, name, content, message):
        with pytest.raises(ValidationError) as exc:
            _upload(world, content, name=name)
        assert message in " ".join(exc.value.message_dict["file"])

    def test_a_batch_imports_once(self, world):
        batch = _upload(world, "naam,kant\nA,markt\n")
        _run(world, batch)
        with pytest.raises(ValidationError):
            _run(world, batch)
        assert Stakeholder.objects.filter(name="A").count() == 1
