"""The benchmark's data builder keeps working, and the pages stay bounded on what it builds."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from bench.builder import sizes
from discussion.models import Comment, CoSignature
from recommendations.models import Event, Recommendation, Transmission
from recommendations.selectors import SHOWN_PER_SOLUTION
from tests.factories import RecommendationFactory
from themes.models import Solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    call_command("build_bench_data", scale=1)
    return Recommendation.objects.annotate(n=Count("comments")).order_by("-n").first()


def test_the_builder_makes_the_sizes_it_promises(built):
    wanted = sizes(1)
    assert Recommendation.objects.count() == wanted["recommendations"]
    assert Transmission.objects.count() == wanted["transmissions"]
    assert Event.objects.count() >= wanted["events"]
    assert Comment.objects.count() == wanted["comments"]
    assert CoSignature.objects.count() == wanted["cosignatures"]
    assert built.comments.count() == wanted["comments"] // 2


def test_building_twice_adds_nothing(built):
    count = Comment.objects.count()
    call_command("build_bench_data", scale=1)
    assert Comment.objects.count() == count


def test_a_recommendation_with_hundreds_of_comments_shows_the_newest_and_links_to_the_rest(
    client, built
):
    newest = Comment.objects.filter(recommendation=built).order_by("-created", "-pk").first()
    oldest = Comment.objects.filter(recommendation=built, parent=None).order_by("pk").first()
    response = client.get(built.get_absolute_url())
    page = response.content.decode()
    assert len(response.content) < 100_000
    assert f'id="{newest.anchor}"' in page or f'id="{newest.parent.anchor}"' in page
    assert f'id="{oldest.anchor}"' not in page
    assert reverse("discussion:comments", args=[built.reference]) + "?page=2" in page

    located = client.get(reverse("discussion:locate", args=[oldest.pk]))
    assert located.status_code == 302
    assert located.url.endswith(f"#{oldest.anchor}")
    assert f'id="{oldest.anchor}"' in client.get(located.url).content.decode()


def test_a_solution_shows_a_few_recommendations_and_links_to_the_others(client, built):
    solution = Solution.objects.order_by("pk").first()
    for position in range(5):
        RecommendationFactory(theme=solution.theme, position=500 + position).solutions.add(solution)
    shown = solution.recommendations.order_by("reference")[:SHOWN_PER_SOLUTION]
    hidden = solution.recommendations.order_by("reference")[SHOWN_PER_SOLUTION:]
    page = client.get(solution.theme.get_absolute_url()).content.decode()
    assert "Voir toutes les recommandations du thème" in page
    for recommendation in shown:
        assert recommendation.get_absolute_url() in page
    for recommendation in hidden:
        assert f'href="{recommendation.get_absolute_url()}"' not in page
