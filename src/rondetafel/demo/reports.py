"""Demo reports: Dordrecht's case report (published, with a quote from the client given with
consent) and its "you said, we did" page; a draft participation report for Boomgaardshoek."""

from __future__ import annotations

from rondetafel.reports import services as rs


def build(dordrecht, boomgaardshoek, facilitator, members) -> None:
    client = dordrecht.memberships.get(user=members["Hans Bakker"])
    quote = rs.quote_create(
        trajectory=dordrecht,
        actor=facilitator,
        text="We zaten voor het eerst echt als gelijken aan tafel. De ondernemers hebben de "
        "overeenkomst mee geschreven, niet alleen getekend.",
        speaker="Hans Bakker",
        speaker_role="programmamanager openbare ruimte, gemeente Dordrecht",
        membership=client,
        consent_note="Per e-mail gegeven op de dag van de ondertekening",
    )
    rs.quote_create(
        trajectory=dordrecht,
        actor=facilitator,
        text="Eindelijk weten we wat er in de aanbestedingskalender staat voordat het te laat is.",
        speaker="Kees van Wijngaarden",
        speaker_role="voorzitter, Stichting GWW Drechtsteden",
        membership=dordrecht.memberships.get(user=members["Kees van Wijngaarden"]),
    )  # no consent yet: he can give it himself; until then it is not used
    report = rs.report_generate(trajectory=dordrecht, actor=facilitator, kind="case", language="nl")
    texts = {s["key"]: s["text"] for s in report.sections}
    texts["lessons"] = (
        "Een intake met beide kanten apart maakte het gezamenlijke doel mogelijk. De ondernemers "
        "lazen de overeenkomst per onderdeel in deelsessies en stelden wijzigingen voor vanaf hun "
        "telefoon; de gemeente zag daardoor waar haar afspraken in de praktijk knelden."
    )
    rs.report_update(
        report=report, actor=facilitator, title=report.title, texts=texts, quote_ids=[quote.pk]
    )
    rs.report_publish(report=report, actor=facilitator)
    rs.feedback_publish(
        trajectory=dordrecht,
        actor=facilitator,
        published=True,
        intro="Dank voor uw inbreng in de verdiepingssessie. Hieronder leest u per bijdrage wat "
        "ermee is gebeurd.",
    )
    rs.report_generate(
        trajectory=boomgaardshoek, actor=facilitator, kind="participation", language="nl"
    )
