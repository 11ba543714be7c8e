from collections import Counter

from django.db.models import Count, Prefetch, Q

from .constants import ProposalStatus
from .models import Agreement, Article, Proposal, Section, Version
from .redline import compare


def agreement_list(*, trajectory):
    return Agreement.objects.filter(trajectory=trajectory).prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("-number"))
    )


def version_get(*, trajectory, version_id) -> Version | None:
    return (
        Version.objects.select_related("agreement")
        .filter(agreement__trajectory=trajectory, pk=version_id)
        .first()
    )


def version_document(*, version: Version):
    """Sections in order with their articles in order, each article annotated with its review
    counts. The order is explicit: Django drops `Meta.ordering` from aggregating queries, and
    this list is what the page, the exports and the signed PDF print."""
    articles = (
        Article.objects.filter(section__version=version)
        .annotate(
            proposal_count=Count("proposals", distinct=True),
            open_count=Count(
                "proposals", filter=Q(proposals__status=ProposalStatus.OPEN), distinct=True
            ),
        )
        .order_by("order", "pk")
    )
    return list(
        version.sections.order_by("order", "pk").prefetch_related(
            Prefetch("articles", queryset=articles)
        )
    )


def article_get(*, version: Version, article_id) -> Article | None:
    return (
        Article.objects.select_related("section")
        .filter(section__version=version, pk=article_id)
        .first()
    )


def section_get(*, version: Version, section_id) -> Section | None:
    return Section.objects.filter(version=version, pk=section_id).first()


def proposals(*, version: Version, article: Article | None = None):
    qs = (
        Proposal.objects.filter(version=version)
        .select_related("proposed_by", "article", "section", "decided_by")
        .prefetch_related("supports__user", "comments__user")
    )
    if article is not None:
        qs = qs.filter(article=article)
    return qs


def proposal_get(*, version: Version, proposal_id) -> Proposal | None:
    return proposals(version=version).filter(pk=proposal_id).first()


def all_articles(version: Version):
    return (
        Article.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__order", "order")
    )


def comparison(*, old: Version, new: Version) -> dict:
    changes = compare(all_articles(old), all_articles(new))
    summary = Counter(c.status for c in changes)
    return {"changes": changes, "summary": summary}


def articles_of_latest_versions(*, trajectory):
    """The articles of each agreement's newest version: what a commitment can point at."""
    from django.db.models import Max

    latest = (
        Version.objects.filter(agreement__trajectory=trajectory)
        .values("agreement")
        .annotate(n=Max("number"))
    )
    pairs = [(row["agreement"], row["n"]) for row in latest]
    query = Article.objects.none()
    for agreement_id, number in pairs:
        query = query | Article.objects.filter(
            section__version__agreement_id=agreement_id, section__version__number=number
        )
    return query.select_related("section__version").order_by(
        "section__version__agreement__title", "section__order", "order"
    )
