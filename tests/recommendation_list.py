"""The public list of recommendations as the tests read it."""

import html
import re

from django.urls import reverse

from recommendations import services
from recommendations.models import Recipient, Transmission
from tests.factories import RecipientFactory, RecommendationFactory, ThemeFactory, days_ago
from tests.pages import words_of
from themes.models import Solution

LIST_URL = reverse("recommendations:list")
Answer = Transmission.Answer


def text_of(response):
    return " ".join(html.unescape(response.content.decode()).split())


def titles_in(response):
    """The titles of the listed recommendations, in the order shown."""
    return [
        html.unescape(title).strip()
        for title in re.findall(
            r'<span class="reference">[^<]*</span>([^<]*)</a></h3>', response.content.decode()
        )
    ]


def listed(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return titles_in(response)


def follow_five_recommendations(coordinator):
    """Five recommendations at different points of their follow-up.

    - « Places en formation » (theme 1): the Forem answered « accueillie en partie », the ONEM has
      been silent past its deadline for 75 days.
    - « Démarches simplifiées » (theme 2): sent to the Forem 10 days ago, still within the delay;
      implementation under way.
    - « Compétences reconnues » (theme 2): validated, not sent.
    - « Mobilité des stagiaires » (theme 2): only formulated; its solution speaks of « permis ».
    - « Accueil des jeunes » (theme 1): refused by the ONEM; its statement mentions formation.
    """
    # Positions given, not drawn from the factories' counters: the references (R1.01…) then sort
    # the same whatever ran before in the process (R10 sorts before R9, R1.100 before R1.99).
    first, second = ThemeFactory(position=1), ThemeFactory(position=2)
    forem = RecipientFactory(slug="le-forem", name="Le Forem")
    onem = RecipientFactory(slug="onem", name="ONEM", level=Recipient.Level.FEDERAL)
    made = {}

    made["places"] = places = RecommendationFactory(
        theme=first, position=1, title="Places en formation", statement="Ouvrir des places."
    )
    services.validate(places, validated_on=days_ago(120), reason="Validée.", by=coordinator)
    answered = services.transmit(
        places, recipient=forem, sent_on=days_ago(100), reason="Envoi.", by=coordinator
    )
    services.transmit(places, recipient=onem, sent_on=days_ago(75), reason="Envoi.", by=coordinator)
    services.record_answer(
        answered,
        answer=Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(40),
        reason="Courrier du Forem.",
        by=coordinator,
    )

    made["demarches"] = demarches = RecommendationFactory(
        theme=second, position=1, title="Démarches simplifiées", statement="Moins de papiers."
    )
    services.validate(demarches, validated_on=days_ago(30), reason="Validée.", by=coordinator)
    services.transmit(
        demarches, recipient=forem, sent_on=days_ago(10), reason="Envoi.", by=coordinator
    )
    services.record_implementation(
        demarches, status="en_cours", effective_on=days_ago(5), reason="Débuté.", by=coordinator
    )

    made["competences"] = competences = RecommendationFactory(
        theme=second,
        position=2,
        title="Compétences reconnues",
        statement="Reconnaître l’expérience.",
    )
    services.validate(competences, validated_on=days_ago(2), reason="Validée.", by=coordinator)

    made["mobilite"] = mobilite = RecommendationFactory(
        theme=second, position=3, title="Mobilité des stagiaires", statement="Aider à se déplacer."
    )
    mobilite.solutions.add(
        Solution.objects.create(theme=second, position=1, label="Financer le permis de conduire")
    )

    made["accueil"] = accueil = RecommendationFactory(
        theme=first,
        position=2,
        title="Accueil des jeunes",
        statement="Un temps de formation à l’accueil.",
    )
    services.validate(accueil, validated_on=days_ago(300), reason="Validée.", by=coordinator)
    refused = services.transmit(
        accueil, recipient=onem, sent_on=days_ago(250), reason="Envoi.", by=coordinator
    )
    services.record_answer(
        refused, answer=Answer.REFUSED, answered_on=days_ago(200), reason="Refus.", by=coordinator
    )
    made["themes"] = (first, second)
    return made


__all__ = ["LIST_URL", "listed", "text_of", "titles_in", "words_of"]
