"""The coordination's dashboard stays one bounded page, however much waits for it."""

import pytest
from django.urls import reverse

from recommendations.selectors import DASHBOARD_LIMIT
from tests.factories import RecommendationFactory, ThemeFactory
from tests.pages import words_of

pytestmark = pytest.mark.django_db


def drafts_listed(page):
    return page.count('<li><a href="/recommandations/R')


def test_the_drafts_show_the_first_ones_the_total_and_where_the_rest_are(client, coordinator):
    theme = ThemeFactory(position=1)
    for _ in range(DASHBOARD_LIMIT + 5):
        RecommendationFactory(theme=theme)
    client.force_login(coordinator)
    response = client.get(reverse("recommendations:dashboard"))
    page = response.content.decode()
    assert drafts_listed(page) == DASHBOARD_LIMIT
    words = words_of(response)
    assert f"À valider {DASHBOARD_LIMIT + 5}" in words
    assert "Et 5 autres, sur la liste : les recommandations formulées" in words
    assert 'href="/recommandations/?stage=formulee"' in page


def test_a_short_list_is_shown_whole_without_a_note(client, coordinator):
    theme = ThemeFactory(position=1)
    for _ in range(3):
        RecommendationFactory(theme=theme)
    client.force_login(coordinator)
    response = client.get(reverse("recommendations:dashboard"))
    assert drafts_listed(response.content.decode()) == 3
    assert "À valider 3" in words_of(response)
    assert "sur la liste :" not in words_of(response)
