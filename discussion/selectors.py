"""Read queries the discussion's pages share, each in a fixed number of queries."""

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from recommendations.models import Recommendation, Transmission
from recommendations.selectors import DASHBOARD_LIMIT, FirstRows
from themes.models import Organisation

from .models import Comment, CommentVersion, CoSignature, Report, Verdict


def annotate_support(queryset):
    """Annotate each recommendation with ``support``: how many organisations co-sign it now.

    A subquery rather than a join with ``Count``, so the list's other annotations (search rank,
    last event) and filters compose with it.
    """
    active = (
        CoSignature.objects.filter(recommendation=OuterRef("pk"), withdrawn_at__isnull=True)
        .order_by()
        .values("recommendation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        support=Coalesce(Subquery(active, output_field=IntegerField()), Value(0))
    )


def active_cosignatures(recommendation):
    return (
        CoSignature.objects.filter(recommendation=recommendation, withdrawn_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def comments_for(recommendation, *, with_versions=False):
    """The recommendation's comments, oldest first, each with its replies (two queries).

    With ``with_versions`` (for the coordination), every version of every text comes too.
    """
    related = ["author", "organisation", "verdict", "hidden_by"]
    replies = Comment.objects.select_related(*related).order_by("created", "pk")
    comments = (
        Comment.objects.filter(recommendation=recommendation, parent__isnull=True)
        .select_related(*related)
        .order_by("created", "pk")
    )
    if with_versions:
        versions = Prefetch("versions", queryset=CommentVersion.objects.order_by("created", "pk"))
        replies = replies.prefetch_related(versions)
        comments = comments.prefetch_related(versions)
    return list(comments.prefetch_related(Prefetch("replies", queryset=replies)))


def comment_threads(recommendation, *, with_versions=False):
    """The recommendation's comments with their replies, newest thread first, for paginating.

    Sliced by the caller (a page of threads): the replies and versions come for that page only.
    """
    related = ["author", "organisation", "verdict", "hidden_by"]
    replies = Comment.objects.select_related(*related).order_by("created", "pk")
    threads = (
        Comment.objects.filter(recommendation=recommendation, parent__isnull=True)
        .select_related(*related)
        .order_by("-created", "-pk")
    )
    if with_versions:
        versions = Prefetch("versions", queryset=CommentVersion.objects.order_by("created", "pk"))
        replies = replies.prefetch_related(versions)
        threads = threads.prefetch_related(versions)
    return threads.prefetch_related(Prefetch("replies", queryset=replies))


def thread_position(comment):
    """How many threads are newer than this comment's thread: where it falls, newest first."""
    top = comment.parent if comment.parent_id else comment
    return (
        Comment.objects.filter(recommendation_id=top.recommendation_id, parent__isnull=True)
        .filter(Q(created__gt=top.created) | Q(created=top.created, pk__gt=top.pk))
        .count()
    )


def latest_verdicts():
    """Each organisation's latest verdict on each recommendation, its comment not hidden."""
    shown = Verdict.objects.filter(comment__is_hidden=False)
    latest = (
        shown.filter(
            recommendation=OuterRef("recommendation"), organisation=OuterRef("organisation")
        )
        .order_by("-created", "-pk")
        .values("pk")[:1]
    )
    return shown.filter(pk=Subquery(latest))


def current_verdict(recommendation, organisation):
    """The verdict that counts for this organisation on this recommendation, or None."""
    # The newest of this organisation's shown verdicts, which is what ``latest_verdicts``
    # keeps for it, read straight from the recommendation's few verdicts.
    return (
        Verdict.objects.filter(
            recommendation=recommendation, organisation=organisation, comment__is_hidden=False
        )
        .select_related("comment")
        .order_by("-created", "-pk")
        .first()
    )


KINDS = list(Organisation.Kind)
VALUES = list(Verdict.Value)


def _empty_table():
    return {value: dict.fromkeys(KINDS, 0) for value in VALUES}


def _table_rows(table):
    """Rows of the verdict table: one per verdict, a count per organisation kind, a total."""
    rows = []
    for value in VALUES:
        counts = [table[value][kind] for kind in KINDS]
        rows.append(
            {
                "value": value.value,
                "label": value.label,
                "cells": [(kind.label, count) for kind, count in zip(KINDS, counts, strict=True)],
                "by_kind": [
                    (kind.label, count) for kind, count in zip(KINDS, counts, strict=True) if count
                ],
                "total": sum(counts),
            }
        )
    return rows


def verdict_table(recommendation):
    """How many organisations find the outcome conforme, édulcorée or contraire, by kind."""
    table = _empty_table()
    counts = (
        latest_verdicts()
        .filter(recommendation=recommendation)
        .values("verdict", "organisation__kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in counts:
        table[Verdict.Value(row["verdict"])][Organisation.Kind(row["organisation__kind"])] = row[
            "count"
        ]
    rows = _table_rows(table)
    return {
        "kinds": [kind.label for kind in KINDS],
        "rows": rows,
        "total": sum(row["total"] for row in rows),
    }


def verdict_overview(limit=DASHBOARD_LIMIT):
    """Recommendations the field has judged, each with its official status and the verdicts.

    The first ``limit`` by reference, and how many were judged in all (``FirstRows``).
    """
    tables = {}
    counts = (
        latest_verdicts()
        .values("recommendation", "verdict", "organisation__kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in counts:
        table = tables.setdefault(row["recommendation"], _empty_table())
        table[Verdict.Value(row["verdict"])][Organisation.Kind(row["organisation__kind"])] = row[
            "count"
        ]
    recommendations = (
        Recommendation.objects.filter(pk__in=tables)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "transmissions",
                queryset=Transmission.objects.select_related("recipient").order_by("sent_on", "pk"),
            )
        )
        .order_by("reference")[:limit]
    )
    rows = [
        {"recommendation": recommendation, "rows": _table_rows(tables[recommendation.pk])}
        for recommendation in recommendations
    ]
    return FirstRows(rows, len(tables))


def reported_comments():
    """Comments with a report the coordination has not handled yet, oldest comment first."""
    return list(open_reported_comments())


def open_reported_comments():
    """The same, as a queryset, for the dashboard to show the first ones and count the rest."""
    open_reports = Report.objects.filter(handled_at__isnull=True)
    return (
        Comment.objects.filter(pk__in=open_reports.values("comment"))
        .select_related("recommendation", "author", "organisation")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=open_reports.select_related("reporter").order_by("created", "pk"),
                to_attr="open_reports",
            )
        )
        .order_by("pk")
    )


def recently_hidden(limit=20):
    """The comments hidden most recently, for the coordination to restore if need be."""
    return list(
        Comment.objects.filter(is_hidden=True)
        .select_related("recommendation", "author", "organisation", "hidden_by")
        .order_by("-hidden_at", "-pk")[:limit]
    )
