"""core.paginator.IdsPaginator: a page's ids and the total in one statement, as Django pages."""

import pytest
from django.core.paginator import Paginator

from core.paginator import IdsPaginator
from recommendations.models import Recommendation
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_four():
    for _ in range(34):
        RecommendationFactory()
    return Recommendation.objects.order_by("reference")


@pytest.mark.parametrize(
    "asked", ["1", "2", "3", "99", "0", "-1", "abc", "", None, "2.0", "9" * 30]
)
def test_the_same_pages_as_django_s_paginator(thirty_four, asked):
    ours = IdsPaginator(thirty_four, 25, orphans=8).get_page(asked)
    django = Paginator(thirty_four.values_list("pk", flat=True), 25, orphans=8).get_page(asked)
    assert ours.number == django.number
    assert list(ours.object_list) == list(django.object_list)
    assert ours.paginator.count == django.paginator.count == 34
    assert ours.paginator.num_pages == 2


def test_a_page_and_the_count_in_one_statement(thirty_four, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = IdsPaginator(thirty_four, 25, orphans=8).get_page("2")
        assert len(page.object_list) == 9
        assert page.paginator.count == 34


def test_the_last_page_keeps_its_orphans_in_one_statement(django_assert_num_queries):
    for _ in range(33):
        RecommendationFactory()
    with django_assert_num_queries(1):
        page = IdsPaginator(Recommendation.objects.order_by("pk"), 25, orphans=8).get_page(1)
        assert len(page.object_list) == 33
        assert not page.has_other_pages()


def test_an_empty_list_is_one_empty_page_in_one_statement(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = IdsPaginator(Recommendation.objects.order_by("pk"), 25, orphans=8).get_page(1)
        assert list(page.object_list) == []
        assert page.paginator.count == 0


def test_a_distinct_list_is_counted_the_ordinary_way(thirty_four, django_assert_num_queries):
    """Each recommendation twice (one row per recipient), merged by DISTINCT: 34, not 68."""
    from recommendations.models import Recipient
    from tests.factories import RecipientFactory

    first, second = RecipientFactory(), RecipientFactory()
    for recommendation in thirty_four:
        recommendation.recipients.add(first, second)
    doubled = thirty_four.filter(recipients__in=Recipient.objects.all()).distinct()
    with django_assert_num_queries(2):
        page = IdsPaginator(doubled, 25, orphans=8).get_page("2")
        assert page.paginator.count == 34
        assert len(page.object_list) == 9
