"""Anonymous readers get whole pages from the shared cache, always as fresh as the database."""

import html
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import cache as page_cache
from discussion import services as discussion
from partners.models import Profile
from recommendations import services as follow_up
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, UserFactory, days_ago
from themes.models import Constat, Organisation

pytestmark = pytest.mark.django_db


def flat(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture(autouse=True)
def french_afterwards():
    """A request under /en/ leaves English active: give the next test French back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def status(response):
    return response.headers.get("X-Page-Cache")


@pytest.fixture
def recommendation():
    return RecommendationFactory(title="Augmenter les places en formation")


@pytest.fixture
def lee():
    return Organisation.objects.create(slug="lee", name="Lire et Écrire", kind="cisp")


@pytest.fixture
def alice(lee):
    user = UserFactory(
        username="alice", first_name="Alice", last_name="Dupont", groups=["Partenaires"]
    )
    Profile.objects.create(user=user, organisation=lee)
    return user


def partner_of(username, organisation_name):
    organisation = Organisation.objects.create(
        slug=username, name=organisation_name, kind=Organisation.Kind.CPAS
    )
    user = UserFactory(username=username, groups=["Partenaires"])
    Profile.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def sent(recommendation, coordinator):
    follow_up.validate(recommendation, validated_on=days_ago(30), reason="ok", by=coordinator)
    return follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(20),
        reason="Envoi au Forem.",
        by=coordinator,
    )


@pytest.fixture
def answered(sent, coordinator):
    follow_up.record_answer(
        sent,
        answer=Transmission.Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(5),
        summary="Le Forem ouvrira vingt places.",
        reason="Courrier du Forem.",
        by=coordinator,
    )
    return sent.recommendation


def warm(client, url):
    """Read a page twice: the second time it comes from the cache."""
    assert status(client.get(url)) == "miss"
    response = client.get(url)
    assert status(response) == "hit"
    return response


def test_an_anonymous_reader_gets_the_same_page_from_the_cache(client, recommendation):
    first = client.get(recommendation.get_absolute_url())
    second = client.get(recommendation.get_absolute_url())
    assert status(first) == "miss"
    assert status(second) == "hit"
    assert second.content == first.content
    assert "Augmenter les places en formation" in flat(second)


def test_a_request_reads_the_content_version_once_and_sees_its_own_writes(db):
    shared = page_cache.page_cache()
    with page_cache.one_version_per_request():
        first = page_cache.current_version()
        # Another process writes meanwhile: this request goes on drawing under its version.
        shared.set(page_cache.VERSION_KEY, "written-elsewhere")
        assert page_cache.current_version() == first
        # Its own write makes a new version, which the rest of the request sees.
        page_cache.bump_content_version()
        own = shared.get(page_cache.VERSION_KEY)
        assert own not in (first, "written-elsewhere")
        assert page_cache.current_version() == own
    shared.set(page_cache.VERSION_KEY, "written-after")
    assert page_cache.current_version() == "written-after"


def test_a_search_reads_the_content_version_from_the_shared_cache_once(
    client, document, monkeypatch
):
    """The menu, the filters, the lines and the page are all drawn under one version."""
    shared = page_cache.page_cache()
    page_cache.current_version()  # the site has run before: the version is in the cache
    reads, inside = [], []
    get, get_many = shared.get, shared.get_many

    def counting_get(key, *args, **kwargs):
        if not inside:  # the local-memory cache's get_many calls get: one read, not two
            reads.append(key)
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.extend(keys)
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(shared, "get", counting_get)
    monkeypatch.setattr(shared, "get_many", counting_get_many)
    found = Recommendation.objects.filter(title__icontains="formation").first()
    response = client.get(reverse("recommendations:list"), {"q": "formation"})
    assert response.status_code == 200
    assert found.title in flat(response)
    assert reads.count(page_cache.VERSION_KEY) == 1


def test_the_cache_key_holds_the_query_string_and_the_language(client, document):
    list_url = reverse("recommendations:list")
    warm(client, list_url)
    assert status(client.get(list_url, {"q": "formation"})) == "miss"
    english = client.get("/en/")
    assert status(english) == "miss"
    assert 'lang="en"' in english.content.decode()


@pytest.mark.parametrize(
    "write, url_of, seen",
    [
        pytest.param(
            lambda r, coordinator, alice: follow_up.record_implementation(
                r,
                status=Recommendation.Implementation.IN_PROGRESS,
                effective_on=days_ago(1),
                reason="Les premières places sont ouvertes à Tournai.",
                by=coordinator,
            ),
            lambda r: r.get_absolute_url(),
            "Les premières places sont ouvertes à Tournai.",
            id="event",
        ),
        pytest.param(
            lambda r, coordinator, alice: follow_up.transmit(
                r,
                recipient=RecipientFactory(name="Ministre de l’Emploi"),
                sent_on=days_ago(2),
                reason="Envoi à la ministre.",
                by=coordinator,
            ),
            lambda r: r.get_absolute_url(),
            "Ministre de l’Emploi",
            id="transmission",
        ),
        pytest.param(
            lambda r, coordinator, alice: follow_up.record_answer(
                r.transmissions.get(),
                answer=Transmission.Answer.REFUSED,
                answered_on=days_ago(1),
                summary="Pas de budget cette année.",
                reason="Courrier du Forem.",
                by=coordinator,
            ),
            lambda r: r.get_absolute_url(),
            "Pas de budget cette année.",
            id="answer",
        ),
        pytest.param(
            lambda r, coordinator, alice: discussion.post_comment(
                recommendation=r, author=alice, body="Sur le terrain, rien n’a bougé."
            ),
            lambda r: r.get_absolute_url(),
            "Sur le terrain, rien n’a bougé.",
            id="comment",
        ),
        pytest.param(
            lambda r, coordinator, alice: discussion.cosign(
                recommendation=r, by=partner_of("bob", "CPAS de Bernissart")
            ),
            lambda r: r.get_absolute_url(),
            "CPAS de Bernissart",
            id="co-signature",
        ),
        pytest.param(
            lambda r, coordinator, alice: Recipient.objects.filter(name="Le Forem").update(
                name="Le Forem (service public de l’emploi)"
            ),
            lambda r: r.get_absolute_url(),
            "Le Forem (service public de l’emploi)",
            id="recipient edited in bulk",
        ),
    ],
)
@pytest.mark.parametrize("reader", ["anonymous", "partner"])
def test_each_kind_of_write_shows_on_the_next_request(
    client, sent, coordinator, alice, write, url_of, seen, reader
):
    """For an anonymous reader the whole page comes from the cache; for a signed-in partner,
    the page's body (statuses, recipients, answers, history) does."""
    recommendation = sent.recommendation
    url = url_of(recommendation)
    if reader == "partner":
        client.force_login(alice)
        client.get(url)
        with CaptureQueriesContext(connection) as warmed:
            page = flat(client.get(url))
        assert "recommendations_event" not in " ".join(q["sql"] for q in warmed)
        assert seen not in page
    else:
        assert seen not in flat(warm(client, url))
    write(recommendation, coordinator, alice)
    response = client.get(url)
    if reader == "anonymous":
        assert status(response) == "miss"
    assert seen in flat(response)


def test_a_recipient_added_to_the_targeted_ones_shows_on_the_next_request(client, sent):
    # A many-to-many add: « INSERT OR IGNORE INTO » on SQLite, « ON CONFLICT » on PostgreSQL.
    recommendation = sent.recommendation
    cabinet = RecipientFactory(name="Cabinet de la ministre de l’Emploi")
    url = recommendation.get_absolute_url()
    assert cabinet.name not in flat(warm(client, url))
    recommendation.recipients.add(cabinet)
    response = client.get(url)
    assert status(response) == "miss"
    assert cabinet.name in flat(response)


def test_a_partner_and_a_visitor_share_the_body_the_coordination_never_does(
    client, answered, alice, coordinator
):
    url = answered.get_absolute_url()
    coordination = Client()
    coordination.force_login(coordinator)
    assert "Réviser la réponse" in flat(coordination.get(url))
    client.force_login(alice)
    first = flat(client.get(url))
    assert "Réviser la réponse" not in first
    assert "Le Forem ouvrira vingt places." in first
    with CaptureQueriesContext(connection) as second:
        assert flat(client.get(url)) == first
    history = [q["sql"] for q in second if "recommendations_event" in q["sql"]]
    assert history == [], "the body came from the shared cache, its history with it"
    assert "Réviser la réponse" in flat(coordination.get(url))
    visitor = flat(Client().get(url))
    assert "Réviser la réponse" not in visitor
    assert "Le Forem ouvrira vingt places." in visitor


def test_a_verdict_and_a_moderation_show_on_the_next_request(client, answered, alice, coordinator):
    url = answered.get_absolute_url()
    warm(client, url)
    discussion.give_verdict(
        recommendation=answered, verdict="edulcoree", body="Vingt places, c’est peu.", by=alice
    )
    assert "Vingt places, c’est peu." in flat(client.get(url))
    comment = answered.comments.get()
    assert status(client.get(url)) == "hit"
    discussion.hide_comment(comment, reason="Hors sujet.", by=coordinator)
    page = flat(client.get(url))
    assert "Vingt places, c’est peu." not in page
    assert "Hors sujet." in page


def test_an_admin_edit_of_the_document_shows_on_the_next_request(client, document, superuser):
    constat = Constat.objects.order_by("pk").first()
    url = constat.theme.get_absolute_url()
    warm(client, url)
    admin = Client()
    admin.force_login(superuser)
    change = reverse("admin:themes_constat_change", args=[constat.pk])
    form = admin.get(change).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["text"] = constat.text + " Phrase corrigée dans l’administration."
    assert admin.post(change, data).status_code == 302
    assert "Phrase corrigée dans l’administration." in flat(client.get(url))


def test_a_signed_in_page_never_reaches_an_anonymous_reader(client, recommendation, alice):
    url = recommendation.get_absolute_url()
    signed_in = Client()
    signed_in.force_login(alice)
    own = signed_in.get(url)
    assert status(own) is None
    assert "Alice Dupont" in flat(own)
    anonymous = client.get(url)
    assert "Connecté" not in flat(anonymous)
    assert "Alice Dupont" not in flat(client.get(url))


def test_an_anonymous_page_never_reaches_a_signed_in_reader(client, recommendation, alice):
    url = recommendation.get_absolute_url()
    warm(client, url)
    signed_in = Client()
    signed_in.force_login(alice)
    response = signed_in.get(url)
    assert status(response) is None
    assert "Alice Dupont" in flat(response)
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_page_with_a_form_posting_something_is_never_stored(client, db):
    login = reverse("login")
    first = client.get(login)
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert status(first) == "bypass"
    assert status(Client().get(login)) == "bypass"


def test_a_reader_with_messages_waiting_bypasses_the_cache(client, recommendation):
    url = recommendation.get_absolute_url()
    warm(client, url)
    client.cookies["messages"] = "anything"
    assert status(client.get(url)) is None


def test_a_returning_browser_gets_304_until_something_changes(client, recommendation, coordinator):
    url = recommendation.get_absolute_url()
    first = client.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    follow_up.validate(recommendation, validated_on=days_ago(1), reason="Validée.", by=coordinator)
    fresh = client.get(url, headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != etag


def test_the_cache_can_be_turned_off(client, recommendation, settings):
    settings.PUBLIC_PAGE_CACHE = False
    url = recommendation.get_absolute_url()
    client.get(url)
    response = client.get(url)
    assert status(response) is None
    assert "ETag" not in response.headers


def test_every_model_of_the_project_is_watched_without_being_registered():
    watched = page_cache.watched_tables()
    for label in ("core", "themes", "recommendations", "partners", "discussion"):
        for model in apps.get_app_config(label).get_models():
            assert model._meta.db_table in watched, model
    assert Recommendation.solutions.through._meta.db_table in watched
    assert "django_session" not in watched
    assert "axes_accessattempt" not in watched


def test_a_signed_in_reader_reading_does_not_empty_the_cache(client, recommendation, alice):
    signed_in = Client()
    signed_in.force_login(alice)
    url = recommendation.get_absolute_url()
    warm(client, url)
    signed_in.get(url)
    assert status(client.get(url)) == "hit"


def test_partners_share_the_threads_but_not_their_own_links(client, answered, alice, coordinator):
    url = answered.get_absolute_url()
    bob = partner_of("bob", "CPAS de Bernissart")
    discussion.post_comment(recommendation=answered, author=alice, body="Rien n’a bougé.")
    client.force_login(bob)
    assert "Rien n’a bougé." in flat(client.get(url))
    with CaptureQueriesContext(connection) as again:
        page = flat(client.get(url))
    assert "Rien n’a bougé." in page and "Modifier votre commentaire" not in page
    assert not [q for q in again if 'FROM "discussion_comment" INNER JOIN' in q["sql"]]

    author = Client()
    author.force_login(alice)
    assert "Modifier votre commentaire" in flat(author.get(url))
    assert "Modifier votre commentaire" not in flat(client.get(url))

    discussion.post_comment(recommendation=answered, author=alice, body="Toujours rien.")
    assert "Toujours rien." in flat(client.get(url))
    comment = answered.comments.get(body="Toujours rien.")
    discussion.hide_comment(comment, reason="Doublon.", by=coordinator)
    page = flat(client.get(url))
    assert "Toujours rien." not in page and "Doublon." in page


def list_line(response, reference):
    """The words of one recommendation's line in the list, from its reference to its last update."""
    text = flat(response)
    start = text.index(reference)
    return text[start : text.index("mise à jour", start)]


@pytest.mark.parametrize(
    "write, seen",
    [
        pytest.param(
            lambda r, coordinator: follow_up.record_implementation(
                r,
                status=Recommendation.Implementation.IN_PROGRESS,
                effective_on=days_ago(1),
                reason="Les premières places sont ouvertes.",
                by=coordinator,
            ),
            "Mise en œuvre : en cours",
            id="event",
        ),
        pytest.param(
            lambda r, coordinator: follow_up.transmit(
                r,
                recipient=RecipientFactory(name="Ministre de l’Emploi"),
                sent_on=days_ago(2),
                reason="Envoi à la ministre.",
                by=coordinator,
            ),
            "Ministre de l’Emploi :",
            id="transmission",
        ),
        pytest.param(
            lambda r, coordinator: follow_up.record_answer(
                r.transmissions.get(),
                answer=Transmission.Answer.REFUSED,
                answered_on=days_ago(1),
                summary="Pas de budget cette année.",
                reason="Courrier du Forem.",
                by=coordinator,
            ),
            "Le Forem : refusée",
            id="answer",
        ),
        pytest.param(
            lambda r, coordinator: discussion.cosign(
                recommendation=r, by=partner_of("bob", "CPAS de Bernissart")
            ),
            "Soutenue par 1 organisation",
            id="co-signature",
        ),
        pytest.param(
            lambda r, coordinator: Recipient.objects.filter(name="Le Forem").update(
                name="Le Forem (service public de l’emploi)"
            ),
            "Le Forem (service public de l’emploi) :",
            id="recipient edited in bulk",
        ),
    ],
)
def test_each_kind_of_write_shows_on_the_list_s_lines_at_the_next_search(
    client, sent, coordinator, write, seen
):
    """A line of the list is drawn once and read from the cache by every list page or search
    that shows its recommendation, until a write: then the next search draws it again."""
    recommendation = sent.recommendation
    url = reverse("recommendations:list")
    first = client.get(url, {"q": "formation"})
    assert seen not in list_line(first, recommendation.reference)
    # Another search, another page: the page is drawn, its line is read from the cache.
    with CaptureQueriesContext(connection) as drawn:
        other = client.get(url, {"q": "places"})
    assert status(other) == "miss"
    assert "recommendations_transmission" not in " ".join(q["sql"] for q in drawn)
    assert list_line(other, recommendation.reference) == list_line(first, recommendation.reference)
    write(recommendation, coordinator)
    after = client.get(url, {"q": "formations"})
    assert seen in list_line(after, recommendation.reference)


def menu_link(response, label):
    """The menu's link named ``label``, as drawn."""
    return re.search(rf'<a class="nav-link"[^>]*>{label}</a>', response.content.decode()).group(0)


def test_the_visitors_menu_kept_per_page_marks_the_page_and_follows_its_query(
    client, recommendation
):
    list_url = reverse("recommendations:list")
    assert "aria-current" in menu_link(client.get(list_url, {"q": "un"}), "Recommandations")
    home = client.get(reverse("home"))
    assert "aria-current" in menu_link(home, "Accueil")
    assert "aria-current" not in menu_link(home, "Recommandations")
    # The language switch is drawn for each address, with its query string.
    again = client.get(list_url, {"q": "deux"})
    assert 'href="/en/recommandations/?q=deux"' in again.content.decode()
    assert "q=un" not in again.content.decode()
    assert "aria-current" in menu_link(again, "Recommandations")
    english = client.get("/en/recommandations/", {"q": "trois"})
    assert "aria-current" in menu_link(english, "Recommendations")


def test_the_visitors_menu_and_footer_never_reach_a_signed_in_reader_nor_the_reverse(
    client, recommendation, alice
):
    url = recommendation.get_absolute_url()
    visitor = client.get(url, {"a": "1"}).content.decode()
    assert "Connexion de la coordination et des partenaires" in visitor
    signed_in = Client()
    signed_in.force_login(alice)
    page = signed_in.get(url, {"a": "1"}).content.decode()
    assert "Se déconnecter" in page and "Mon compte" in page
    assert "Connexion de la coordination et des partenaires" not in page
    visitor = client.get(url, {"a": "2"}).content.decode()
    assert "Se déconnecter" not in visitor and "Mon compte" not in visitor
    assert "Connexion de la coordination et des partenaires" in visitor


def test_a_theme_renamed_shows_in_the_visitors_footer_and_filters_at_the_next_page(
    client, document
):
    from themes.models import Theme

    list_url = reverse("recommendations:list")
    before = flat(client.get(list_url, {"q": "avant"}))
    assert "Un thème renommé" not in before
    Theme.objects.filter(position=1).update(title="Un thème renommé")
    page = client.get(list_url, {"q": "après"}).content.decode()
    footer = page[page.index('<footer class="site-footer') :]
    assert "Un thème renommé" in footer
    filters = page[
        page.index('<select name="theme"') : page.index(
            "</select>", page.index('<select name="theme"')
        )
    ]
    assert "Un thème renommé" in filters
