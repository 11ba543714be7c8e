"""Benchmark: importing a full-size ordinance, and every side's view of 400 rules.

1. Import. A generated APV of 400 articles (about 2 MB of CVDR XML, chapters, sections,
   members, lists, inline markup). Baseline: the standard library's ElementTree parsing the same
   bytes in the same run. Measured: rondetafel's hardened parse alone, and the whole import
   into the database (parse, 400 articles stored, audit entry). Goal: at most 1 s end to end.
2. Results page. Baseline: the demo's Boomgaardshoek (20 rules, 10 people). Scaled: 400 rules
   assessed by 60 people of four sides (24,000 assessments). Goal: median under 100 ms with
   the same number of queries.

    .venv/bin/python bench/regulations.py [--runs 15] [--articles 400] [--people 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import xml.etree.ElementTree as ElementTree  # noqa: S405 - the baseline parses our own bytes

from _common import measure, setup_demo

WORDS = (
    "het college de burgemeester vergunning ontheffing melding weg openbare ruimte bewoners "
    "gebied evenement geluid afval groen parkeren verboden toegestaan indien mits ten minste "
    "voorwaarden belang orde veiligheid gezondheid aanvraag besluit termijn werkdagen"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate_apv(articles: int, seed: int = 1) -> bytes:
    """A CVDR file of `articles` articles in 6 chapters of 4 sections, with members and lists."""
    rng = random.Random(seed)
    parts = []
    number = 0
    for chapter in range(1, 7):
        sections = []
        for section in range(1, 5):
            arts = []
            # spread the articles evenly over the 24 sections
            share = (articles * ((chapter - 1) * 4 + section)) // 24 - number
            for _ in range(share):
                number += 1
                members = []
                for lid in range(1, rng.randint(2, 5)):
                    items = "".join(
                        f'<li nr="{chr(97 + i)}."><al>{_sentence(rng, 24)}</al></li>'
                        for i in range(rng.randint(0, 4))
                    )
                    lijst = f"<lijst>{items}</lijst>" if items else ""
                    members.append(
                        f"<lid><lidnr>{lid}</lidnr><al>{_sentence(rng, 100)} "
                        f"<cursief>{rng.choice(WORDS)}</cursief> {_sentence(rng, 85)}</al>"
                        f"{lijst}</lid>"
                    )
                arts.append(
                    f"<artikel><kop><label>Artikel</label><nr>{chapter}:{number}</nr>"
                    f"<titel>{_sentence(rng, 4)}</titel></kop>{''.join(members)}</artikel>"
                )
            sections.append(
                f"<afdeling><kop><label>Afdeling</label><nr>{section}</nr>"
                f"<titel>{_sentence(rng, 3)}</titel></kop>{''.join(arts)}</afdeling>"
            )
        parts.append(
            f"<hoofdstuk><kop><label>Hoofdstuk</label><nr>{chapter}</nr>"
            f"<titel>{_sentence(rng, 3)}</titel></kop>{''.join(sections)}</hoofdstuk>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<cvdr xmlns="http://standaarden.overheid.nl/cvdr/terms/" '
        'xmlns:dcterms="http://purl.org/dc/terms/"><meta><owmskern>'
        "<dcterms:identifier>CVDR999999_1</dcterms:identifier>"
        "<dcterms:title>Algemene plaatselijke verordening (benchmark)</dcterms:title>"
        "<dcterms:creator>Benchmarkstad</dcterms:creator></owmskern></meta><body><regeling>"
        f"<regeling-tekst>{''.join(parts)}</regeling-tekst></regeling></body></cvdr>"
    ).encode()


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_import(facilitator, articles: int, runs: int) -> None:
    from rondetafel.regulations import cvdr, importing
    from rondetafel.trajectories import services as ts

    content = generate_apv(articles)
    parsed = cvdr.parse(content)
    baseline = _median_ms(lambda: ElementTree.fromstring(content), runs)  # noqa: S314
    ours_parse = _median_ms(lambda: cvdr.parse(content), runs)

    def import_once():
        trajectory = ts.trajectory_create(created_by=facilitator, title="Bench", question="?")
        importing.import_xml(trajectory=trajectory, actor=facilitator, content=content)

    end_to_end = _median_ms(import_once, runs)
    print(f"import: {len(content) / 1e6:.2f} MB, {len(parsed.articles)} articles, {runs} runs")
    print(f"  baseline ElementTree.fromstring      {baseline:8.1f} ms")
    print(
        f"  rondetafel hardened parse            {ours_parse:8.1f} ms  ({ours_parse / baseline:.1f}x baseline)"
    )
    print(
        f"  rondetafel import into the database  {end_to_end:8.1f} ms  ({end_to_end / baseline:.1f}x baseline; goal <= 1000 ms)"
    )


def bench_results(client, facilitator, rules: int, people: int, runs: int) -> None:
    from django.urls import reverse

    from rondetafel.accounts.models import User
    from rondetafel.demo.builder import BOOMGAARDSHOEK_TITLE
    from rondetafel.regulations import importing
    from rondetafel.regulations.models import Assessment, Rule
    from rondetafel.regulations.services import retally, rules_from_provisions
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side
    from rondetafel.trajectories.models import Trajectory

    demo = Trajectory.objects.get(title=BOOMGAARDSHOEK_TITLE)
    baseline = measure(client, reverse("regulations:results", args=[demo.pk]), runs)

    trajectory = ts.trajectory_create(created_by=facilitator, title="Bench rules", question="?")
    report = importing.import_xml(
        trajectory=trajectory, actor=facilitator, content=generate_apv(rules, seed=2)
    )
    rules_from_provisions(
        trajectory=trajectory,
        actor=facilitator,
        provisions=list(report.regulation.provisions.all()),
    )
    sides = [Side.RESIDENTS, Side.MUNICIPALITY, Side.SAFETY, Side.CIVIL_SOCIETY]
    parties = [
        ts.party_create(trajectory=trajectory, actor=facilitator, name=f"Partij {s}", side=s)
        for s in sides
    ]
    users = User.objects.bulk_create(
        User(email=f"bench{i}@bench.example", full_name=f"Bench {i}") for i in range(people)
    )
    for i, user in enumerate(users):
        ts.membership_create(
            trajectory=trajectory, user=user, role=Role.PARTICIPANT, party=parties[i % 4],
            actor=facilitator,
        )  # fmt: skip
    rng = random.Random(3)
    outcomes = ["keep", "hand_over", "conditions", "look_into"]
    Assessment.objects.bulk_create(
        Assessment(
            rule=rule,
            user=user,
            side=sides[i % 4],
            party=parties[i % 4],
            safety=rng.choice(["yes", "no", "unsure"]),
            health="no",
            beyond_area="no",
            higher_law="unsure",
            outcome=rng.choice(outcomes),
            role=rng.choice(["regulate", "facilitate", "let_go"]),
            reason="Een reden.",
        )
        for rule in Rule.objects.filter(trajectory=trajectory)
        for i, user in enumerate(users)
    )
    retally(Rule.objects.filter(trajectory=trajectory).values_list("pk", flat=True))
    scaled = measure(client, reverse("regulations:results", args=[trajectory.pk]), runs)
    n = Assessment.objects.filter(rule__trajectory=trajectory).count()
    print(f"results page: {runs} runs")
    print(
        f"  baseline demo (20 rules, 10 people)        median {baseline[0]:7.1f} ms  p90 {baseline[1]:7.1f} ms  {baseline[2]} queries"
    )
    print(
        f"  scaled ({rules} rules, {people} people, {n} assessments) median {scaled[0]:7.1f} ms  p90 {scaled[1]:7.1f} ms  {scaled[2]} queries"
    )
    print(
        f"  ratio {scaled[0] / baseline[0]:.1f}x; queries {scaled[2] - baseline[2]:+d} (goal: median < 100 ms, same queries)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--people", type=int, default=60)
    args = parser.parse_args()
    client, facilitator = setup_demo()
    from django.db import connection

    print(f"database: {connection.vendor}")
    bench_import(facilitator, args.articles, args.runs)
    bench_results(client, facilitator, args.articles, args.people, args.runs)


if __name__ == "__main__":
    main()
