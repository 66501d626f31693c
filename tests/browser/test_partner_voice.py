"""A partner speaks on a recommendation in Chromium; the public reads it; coordinators moderate."""

import re

import pytest
from playwright.sync_api import expect

from discussion import services as discussion
from discussion.models import Comment
from partners.models import Profile
from recommendations import services
from recommendations.models import Recipient, Recommendation, Transmission
from tests.factories import UserFactory, days_ago
from themes.models import Organisation
from themes.services import DEFAULT_FIXTURES, load_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mot-de-passe-de-test"
COMMENT = "Nos stagiaires attendent ces places depuis deux ans. Voir https://example.org/etude."
VERDICT = "Vingt places pour toute la Wallonie picarde, c’est bien moins que demandé."


@pytest.fixture
def site(live_server, transactional_db):
    """The document; R1.02 answered by the Forem; a coordinator and a partner of LEE (CISP)."""
    load_document(paths=DEFAULT_FIXTURES)
    claire = UserFactory(
        username="claire",
        first_name="Claire",
        last_name="Coordinatrice",
        password=PASSWORD,
        groups=["Coordination"],
    )
    paul = UserFactory(
        username="paul",
        first_name="Paul",
        last_name="Partenaire",
        password=PASSWORD,
        groups=["Partenaires"],
    )
    Profile.objects.create(user=paul, organisation=Organisation.objects.get(slug="lee"))
    recommendation = Recommendation.objects.get(reference="R1.02")
    services.validate(recommendation, validated_on=days_ago(60), reason="Validée.", by=claire)
    transmission = services.transmit(
        recommendation,
        recipient=Recipient.objects.get(slug="le-forem"),
        sent_on=days_ago(50),
        reason="Envoyée au Forem.",
        by=claire,
    )
    services.record_answer(
        transmission,
        answer=Transmission.Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(10),
        summary="Le Forem ouvrira vingt places en 2027.",
        reason="Courrier du Forem reçu.",
        by=claire,
    )
    return live_server.url


def log_in(page, site, username, next_url):
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_partner_speaks_public_reads_coordination_hides(page, site, assert_accessible, screenshot):
    url = f"{site}/recommandations/R1.02/"
    log_in(page, site, "paul", "/recommandations/R1.02/")
    expect(page.get_by_role("heading", level=2, name="La voix du terrain")).to_be_visible()
    assert_accessible(page)

    page.locator("#commenter").get_by_label("Votre commentaire").fill(COMMENT)
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    comment = page.locator("article.comment").first
    expect(comment).to_contain_text("Paul Partenaire")
    expect(comment).to_contain_text("LEE")
    expect(comment.get_by_role("link", name="https://example.org/etude")).to_have_attribute(
        "rel", "nofollow ugc"
    )

    verdict = page.locator("#avis")
    verdict.get_by_label("édulcorée").check()
    verdict.get_by_label("Votre commentaire, qui explique l’avis").fill(VERDICT)
    verdict.get_by_role("button", name="Donner l’avis de mon organisation").click()
    expect(page.get_by_text("L’avis de votre organisation est publié.")).to_be_visible()

    page.get_by_role("button", name="Soutenir au nom de LEE").click()
    expect(page.get_by_text("Votre organisation soutient cette recommandation.")).to_be_visible()
    expect(page.get_by_role("button", name="Retirer le soutien de LEE")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "voix-du-terrain-partenaire")
    log_out(page)

    page.goto(url)
    support = page.locator("#soutiens")
    expect(support).to_contain_text("soutenue par 1 organisation")
    expect(support).to_contain_text("LEE")
    expect(support).to_contain_text("CISP")
    verdicts = page.locator(".verdict-table")
    expect(verdicts.get_by_role("row", name=re.compile("édulcorée"))).to_contain_text("1")
    expect(page.locator("#avis-du-terrain")).to_contain_text("accueillie en partie")
    expect(page.get_by_text(COMMENT.split(" Voir")[0])).to_be_visible()
    expect(page.get_by_text(VERDICT)).to_be_visible()
    expect(page.get_by_role("heading", name="2 commentaires")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Soutenir"))).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "voix-du-terrain-public")

    # Someone reports the first comment; the coordination hides it from its dashboard.
    first = Comment.objects.order_by("pk").first()
    discussion.report_comment(
        first, reason="Cite une étude sans source.", by=UserFactory(username="lecteur")
    )
    log_in(page, site, "claire", "/recommandations/coordination/")
    reported = page.locator("#signalements")
    expect(reported).to_contain_text("Cite une étude sans source.")
    assert_accessible(page)
    screenshot(page, "tableau-de-bord-signalements")
    reported.get_by_label("Raison publique du masquage").fill("lien vers un document non public")
    reported.get_by_role("button", name="Masquer le commentaire").click()
    expect(page.get_by_text("Le commentaire est masqué ; son texte reste gardé.")).to_be_visible()
    expect(page.locator("#signalements")).to_contain_text(
        "Aucun commentaire signalé n’attend la coordination."
    )
    page.goto(url)
    hidden = page.locator(f"#commentaire-{first.pk}")
    expect(hidden).to_contain_text("visible par la coordination seulement")
    expect(hidden).to_contain_text("Nos stagiaires attendent ces places")
    assert_accessible(page)
    screenshot(page, "voix-du-terrain-coordination")
    log_out(page)

    page.goto(url)
    hidden = page.locator(f"#commentaire-{first.pk}")
    expect(hidden).to_contain_text(
        "Commentaire masqué par la coordination : lien vers un document non public"
    )
    expect(hidden).not_to_contain_text("Nos stagiaires")
    expect(page.get_by_text(VERDICT)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "voix-du-terrain-commentaire-masque")
    assert page.console_errors == []


def test_refused_comment_keeps_what_was_typed(page, site, assert_accessible):
    log_in(page, site, "paul", "/recommandations/R1.02/")
    page.locator("#commenter").get_by_label("Votre commentaire").fill("x" * 5001)
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Un commentaire compte au plus 5 000 caractères")).to_be_visible()
    expect(page.locator("#commenter").get_by_label("Votre commentaire")).to_have_value("x" * 5001)
    assert_accessible(page)
