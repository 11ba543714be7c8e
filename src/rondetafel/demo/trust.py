"""Demo: trust measured in both trajectories. Dordrecht: T0 at the intake and T1 after the
deepening session. Boomgaardshoek: T0, T1 after the neighbourhood evening and T2 months later,
in which the residents' scepticism turns into trust (and the police group stays too small to
show)."""

import random

from rondetafel.trust import services

# side -> (people, start mean on 1..5, change at T1, change at T2)
DORDRECHT = {"municipality": (8, 3.3, 0.5, None), "market": (16, 2.8, 0.8, None)}
BOOMGAARDSHOEK = {
    "residents": (14, 2.2, 1.0, 0.4),
    "municipality": (6, 3.2, 0.4, 0.2),
    "civil_society": (5, 3.0, 0.5, 0.3),
    "safety": (3, 3.4, 0.2, 0.1),  # below the minimum of 5: counted, never shown
}
OPEN = {
    "T0": [
        "We zijn eerder beloftes tegengekomen die niet werden nagekomen.",
        "Eerst zien, dan geloven.",
    ],
    "T1": ["Voor het eerst echt aan tafel gezeten.", "Duidelijker wie wat doet."],
    "T2": ["De afspraken over het pleintje werken.", "Nog steeds zorgen over handhaving."],
}


def _likert(rng, mean):
    return min(5, max(1, round(rng.gauss(mean, 0.7))))


def _fill(survey, waves, sides, rng):
    klijn = list(survey.items.filter(instrument="klijn"))
    oecd = survey.items.filter(instrument="oecd_local").first()
    process = list(survey.items.filter(instrument="process"))
    text = survey.items.filter(kind="text").first()
    for side, (people, start, up1, up2) in sides.items():
        for person in range(people):
            level = start + rng.gauss(0, 0.3)
            code = f"demo-{side}-{person}"
            for label, wave in waves.items():
                if label == "T1":
                    level += up1 + rng.gauss(0, 0.3)
                if label == "T2":
                    if up2 is None:
                        continue
                    level += up2 + rng.gauss(0, 0.3)
                if rng.random() < 0.08:
                    continue  # not everyone answers every wave
                answers = {str(i.pk): _likert(rng, level) for i in klijn}
                if oecd:
                    answers[str(oecd.pk)] = min(10, max(0, round(2 * level + rng.gauss(0, 1))))
                for item in process:
                    answers[str(item.pk)] = _likert(rng, level + 0.3)
                if text and rng.random() < 0.3:
                    answers[str(text.pk)] = rng.choice(OPEN[label])
                services.respond(
                    wave=wave, code=code, side=side, answers=answers, device=f"demo-{code}"
                )


def build(dordrecht, boomgaardshoek, facilitator) -> None:
    rng = random.Random(8)
    for trajectory, sides, labels, title in (
        (dordrecht, DORDRECHT, ("T0", "T1"), "Vertrouwen in de samenwerking"),
        (boomgaardshoek, BOOMGAARDSHOEK, ("T0", "T1", "T2"), "Vertrouwen in de buurtaanpak"),
    ):
        survey = services.survey_create(
            trajectory=trajectory,
            actor=facilitator,
            title=title,
            instruments=["klijn", "oecd_local", "process"],
        )
        services.item_add(
            survey=survey,
            actor=facilitator,
            kind="text",
            text_nl="Wat zou uw vertrouwen vergroten?",
            text_en="What would increase your trust?",
        )
        moments = {
            "T0": "bij de intake",
            "T1": "aan het eind van de sessie",
            "T2": "vier maanden later",
        }
        waves = {
            label: services.wave_open(
                survey=survey, actor=facilitator, label=label, moment=moments[label]
            )
            for label in labels
        }
        _fill(survey, waves, sides, rng)
        for label in labels[:-1]:
            services.wave_set_status(wave=waves[label], actor=facilitator, status="closed")
