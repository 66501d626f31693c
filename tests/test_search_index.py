"""The search index the database keeps stays whole when a migration rebuilds a table."""

import pytest
from django.db import connection

from recommendations import search_index
from tests.conftest import is_postgresql
from tests.factories import ConstatFactory, RecommendationFactory, SolutionFactory, ThemeFactory
from tests.pages import words_of
from tests.recommendation_list import LIST_URL, listed

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(is_postgresql(), reason="SQLite drops a table's triggers when it rebuilds it")
def test_triggers_a_table_rebuild_dropped_are_put_back_and_the_index_refilled(client):
    before = RecommendationFactory(title="Une formation qualifiante")
    with connection.cursor() as cursor:
        for name, _statement in search_index._sqlite_triggers():
            if name.startswith("search_index_recommendations_recommendation"):
                cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute("DELETE FROM search_entry")
    RecommendationFactory(title="Des stages plus longs")  # written while the triggers are gone

    search_index.ensure_installed(connection)

    assert listed(client, q="formation") == ["Une formation qualifiante"]
    assert listed(client, q="stages") == ["Des stages plus longs"]
    before.title = "Une formation continue"
    before.save()
    assert listed(client, q="continue") == ["Une formation continue"]


def test_a_piece_of_the_document_deleted_or_edited_leaves_the_index(client):
    theme = ThemeFactory(position=2, slug="emploi")
    solution = SolutionFactory(theme=theme, position=1, label="Un guichet logement")
    constat = ConstatFactory(theme=theme, position=1, text="Les loyers montent.")
    assert "Solution du thème 2" in words_of(client.get(LIST_URL, {"q": "logement"}))
    solution.delete()
    assert "Solution du thème 2" not in words_of(client.get(LIST_URL, {"q": "logement"}))
    constat.text = "Les logements manquent."
    constat.save()
    assert "Constat du thème 2" in words_of(client.get(LIST_URL, {"q": "logement"}))
