"""The follow-up figures: counted per axis, never blended, in a fixed number of queries."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from recommendations import services, stats
from recommendations.models import Recommendation, Transmission
from tests.factories import (
    RecipientFactory,
    RecommendationFactory,
    ThemeFactory,
    adopted_act,
    days_ago,
)

pytestmark = pytest.mark.django_db

Answer = Transmission.Answer
Status = Recommendation.Implementation
PROOF = "https://example.org/preuve.pdf"


def visible_text(response):
    """The page as a visitor reads it: tags dropped, spaces collapsed."""
    text = re.sub(r"</?(a|strong|em|span)\b[^>]*>", "", response.content.decode())
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).replace("\u00a0", " ")
    return " ".join(text.split())


def counts(breakdown):
    return {part.key: part.count for part in breakdown.parts}


@pytest.fixture
def follow_up(coordinator):
    """Four recommendations sent around, answered in every way, and one unpublished."""
    theme = ThemeFactory(title="Accompagnement")
    forem, onem, cpas, fwb = (
        RecipientFactory(name=name) for name in ("Le Forem", "ONEM", "CPAS", "FWB")
    )
    silent, waiting, rerouted, revised = (RecommendationFactory(theme=theme) for _ in range(4))
    for recommendation in (silent, waiting, rerouted, revised):
        services.validate(recommendation, validated_on=days_ago(130), reason="ok", by=coordinator)

    def send(recommendation, recipient, days):
        return services.transmit(
            recommendation, recipient=recipient, sent_on=days_ago(days), reason="ok", by=coordinator
        )

    def answer(transmission, value, days, **kwargs):
        services.record_answer(
            transmission,
            answer=value,
            answered_on=days_ago(days),
            reason="ok",
            by=coordinator,
            **kwargs,
        )

    send(silent, forem, 100)  # sans réponse
    answer(send(silent, onem, 90), Answer.ACCEPTED, 50)
    send(waiting, forem, 10)  # en attente, within its deadline
    answer(send(rerouted, onem, 120), Answer.REROUTED, 80, rerouted_to=fwb)  # FWB: sans réponse
    answer(send(rerouted, forem, 120), Answer.REFUSED, 70)
    revised_transmission = send(revised, cpas, 60)
    answer(revised_transmission, Answer.NOTED, 40)
    answer(revised_transmission, Answer.PARTLY_ACCEPTED, 20)

    services.record_implementation(
        silent, status=Status.IN_PROGRESS, effective_on=days_ago(30), reason="ok", by=coordinator
    )
    services.record_implementation(
        rerouted,
        status=Status.DONE,
        effective_on=days_ago(5),
        reason="Arrêté adopté.",
        proof_url=PROOF,
        by=coordinator,
        act=adopted_act(),
    )
    services.record_implementation(
        revised, status=Status.BLOCKED, effective_on=days_ago(15), reason="ok", by=coordinator
    )
    services.record_implementation(
        revised,
        status=Status.ABANDONED,
        effective_on=days_ago(3),
        reason="Abandon.",
        by=coordinator,
    )

    hidden = RecommendationFactory(theme=theme, is_published=False)
    services.validate(hidden, validated_on=days_ago(130), reason="ok", by=coordinator)
    send(hidden, forem, 200)
    services.record_implementation(
        hidden, status=Status.IN_PROGRESS, effective_on=days_ago(1), reason="Caché.", by=coordinator
    )
    return {"silent": silent, "forem": forem, "theme": theme, "rerouted": rerouted}


def test_answers_are_counted_per_transmission_with_sans_reponse_and_reorientee(follow_up):
    answers = stats.answer_counts()
    assert counts(answers) == {
        "accueillie": 1,
        "accueillie_en_partie": 1,
        "prise_en_note": 0,
        "reorientee": 1,
        "refusee": 1,
        "en_attente": 1,
        "sans_reponse": 2,
    }
    assert answers.total == 7
    assert [part.label for part in answers.parts] == [
        "accueillie",
        "accueillie en partie",
        "prise en note",
        "réorientée",
        "refusée",
        "en attente",
        "sans réponse",
    ]
    assert [part.percent for part in answers.parts] == [14, 14, 0, 14, 14, 14, 29]
    last = answers.parts[-1]
    assert last.start + last.width == pytest.approx(100, abs=0.01)


def test_implementation_is_counted_per_published_recommendation(follow_up):
    implementation = stats.implementation_counts()
    assert implementation.total == 4
    assert counts(implementation) == {
        "realisee": 1,
        "realisee_en_partie": 0,
        "en_cours": 1,
        "bloquee": 0,
        "pas_d_action": 0,
        "non_evaluee": 1,
        "abandonnee": 1,
    }
    assert [part.percent for part in implementation.parts] == [25, 0, 25, 0, 0, 25, 25]


def test_figures_by_theme_and_by_recipient(follow_up):
    (row,) = stats.by_theme()
    assert row.theme == follow_up["theme"]
    assert (row.recommendations, row.transmitted, row.answered) == (4, 4, 3)
    assert (row.done, row.partly_done) == (1, 0)

    rows = {row.recipient.name: counts(row.answers) for row in stats.by_recipient()}
    assert list(rows) == ["CPAS", "FWB", "Le Forem", "ONEM"]
    assert rows["Le Forem"]["sans_reponse"] == 1
    assert rows["Le Forem"]["en_attente"] == 1
    assert rows["Le Forem"]["refusee"] == 1
    assert sum(rows["Le Forem"].values()) == 3
    assert rows["ONEM"] == {**dict.fromkeys(rows["ONEM"], 0), "accueillie": 1, "reorientee": 1}
    assert rows["FWB"]["sans_reponse"] == 1
    assert rows["CPAS"]["accueillie_en_partie"] == 1


def test_overdue_summary_gives_the_count_and_the_longest_wait(follow_up):
    summary = stats.overdue_summary(timezone.localdate())
    assert summary.count == 2
    assert summary.longest_wait == 100
    assert summary.longest_overdue == 40
    assert summary.longest.recommendation == follow_up["silent"]
    assert summary.longest.recipient == follow_up["forem"]


def test_latest_events_are_dated_published_and_newest_first(follow_up):
    events = stats.latest_events(limit=3)
    assert [event.reason for event in events] == ["Abandon.", "Arrêté adopté.", "ok"]
    assert all(event.recommendation.is_published for event in stats.latest_events(limit=100))
    assert all(event.effective_on for event in stats.latest_events(limit=100))
    dates = [event.effective_on for event in stats.latest_events(limit=100)]
    assert dates == sorted(dates, reverse=True)


def month_start(months_back, today):
    first = today.replace(day=1)
    for _ in range(months_back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def test_progress_by_month_rebuilds_each_month_end_from_the_history(coordinator):
    today = timezone.localdate()
    m0, m1, m2 = (month_start(n, today) for n in (2, 1, 0))
    theme = ThemeFactory()
    done, validated, draft, blocked = (RecommendationFactory(theme=theme) for _ in range(4))
    hidden = RecommendationFactory(theme=theme, is_published=False)
    services.validate(hidden, validated_on=m0, reason="ok", by=coordinator)

    def day(month, number):
        return month + datetime.timedelta(days=number - 1)

    services.validate(done, validated_on=day(m0, 5), reason="ok", by=coordinator)
    services.transmit(
        done, recipient=RecipientFactory(), sent_on=day(m0, 11), reason="ok", by=coordinator
    )
    wrong_date = done.events.get(sequence=3)
    services.correct_event(
        wrong_date, effective_on=day(m1, 3), reason="Envoyée en fait le 3.", by=coordinator
    )
    services.record_implementation(
        done, status=Status.IN_PROGRESS, effective_on=day(m1, 6), reason="ok", by=coordinator
    )
    services.record_implementation(
        done,
        status=Status.DONE,
        effective_on=m2,
        reason="ok",
        proof_url=PROOF,
        by=coordinator,
        act=adopted_act(),
    )
    services.validate(validated, validated_on=day(m1, 2), reason="ok", by=coordinator)
    services.validate(blocked, validated_on=day(m0, 2), reason="ok", by=coordinator)
    services.record_implementation(
        blocked, status=Status.BLOCKED, effective_on=day(m0, 3), reason="ok", by=coordinator
    )
    services.create_recommendation(
        theme=theme,
        title="Nouvelle recommandation",
        statement="Formulée plus tard.",
        formulated_on=day(m1, 4),
        reason="Ajoutée par la coordination.",
        by=coordinator,
    )

    months = stats.progress_by_month(today)

    assert [month.month for month in months] == [m0, m1, m2]
    assert [counts(month.stages) for month in months] == [
        {"formulee": 2, "validee": 2, "transmise": 0},
        {"formulee": 2, "validee": 2, "transmise": 1},
        {"formulee": 2, "validee": 2, "transmise": 1},
    ]
    implementation = [
        {key: count for key, count in counts(month.implementation).items() if count}
        for month in months
    ]
    assert implementation == [
        {"non_evaluee": 3, "bloquee": 1},
        {"non_evaluee": 3, "en_cours": 1, "bloquee": 1},
        {"non_evaluee": 3, "realisee": 1, "bloquee": 1},
    ]
    assert [month.stages.total for month in months] == [4, 5, 5]
    assert draft.events.count() == 1


def test_progress_is_empty_until_something_is_dated(document):
    assert stats.progress_by_month() == []


def test_home_shows_both_bars_apart_with_their_figures(client, follow_up):
    text = visible_text(client.get(reverse("home")))
    assert "Où en sont les recommandations ?" in text
    answers = text[text.index("Ce que les autorités ont répondu") : text.index("Ce qui a été fait")]
    assert "Sur 7 transmissions" in answers
    for figure in (
        "accueillie : 1 (14 %)",
        "réorientée : 1 (14 %)",
        "en attente : 1 (14 %)",
        "sans réponse : 2 (29 %)",
        "prise en note : 0 (0 %)",
    ):
        assert figure in answers
    done = text[text.index("Ce qui a été fait") :]
    assert "Sur 4 recommandations publiées." in done
    assert "réalisée : 1 (25 %)" in done
    assert "abandonnée : 1 (25 %)" in done
    assert (
        "2 transmissions attendent une réponse au-delà du délai ; la plus longue attente : "
        f"100 jours ({follow_up['silent'].reference} → Le Forem)"
    ) in text
    assert "Par thème" in text and "Par destinataire" in text
    assert "Arrêté adopté." in text
    assert "Caché." not in text
    assert f'href="{reverse("recommendations:progress")}"' in client.get("/").content.decode()


def test_home_says_plainly_when_nothing_was_sent_yet(client, document):
    text = visible_text(client.get(reverse("home")))
    assert "Aucune recommandation n’a encore été transmise." in text
    assert "non évaluée : 33 (100 %)" in text
    assert "Sur 33 recommandations publiées." in text
    assert "Aucun changement daté pour l’instant" in text


def test_progress_page_shows_its_table(client, follow_up):
    response = client.get(reverse("recommendations:progress"))
    assert response.status_code == 200
    text = visible_text(response)
    assert "La progression mois par mois" in text
    assert "Nombre de recommandations à chaque étape, à la fin de chaque mois" in text
    this_month = formats.date_format(timezone.localdate(), "F Y").capitalize()
    # Month, formulée, validée, transmise, total; then the implementation row.
    assert f"{this_month} 0 0 4 4" in text
    assert f"{this_month} 1 0 1 0 0 1 1 4" in text


def grow(coordinator, recipients, themes, count):
    """Recommendations with long histories (12 events each), all made through the services."""
    for index in range(count):
        recommendation = RecommendationFactory(theme=themes[index % len(themes)])
        services.validate(recommendation, validated_on=days_ago(300), reason="ok", by=coordinator)
        sent = [
            services.transmit(
                recommendation,
                recipient=recipient,
                sent_on=days_ago(250),
                reason="ok",
                by=coordinator,
            )
            for recipient in recipients[:3]
        ]
        for transmission, answer, extra in (
            (sent[0], Answer.ACCEPTED, {}),
            (sent[1], Answer.REROUTED, {"rerouted_to": recipients[3]}),
            (sent[2], Answer.REFUSED, {}),
        ):
            services.record_answer(
                transmission,
                answer=answer,
                answered_on=days_ago(200),
                reason="ok",
                by=coordinator,
                **extra,
            )
        for days, status in (
            (150, Status.IN_PROGRESS),
            (100, Status.BLOCKED),
            (60, Status.IN_PROGRESS),
        ):
            services.record_implementation(
                recommendation,
                status=status,
                effective_on=days_ago(days),
                reason="ok",
                by=coordinator,
            )
        services.record_implementation(
            recommendation,
            status=Status.PARTLY_DONE,
            effective_on=days_ago(10),
            reason="ok",
            by=coordinator,
            act=adopted_act(),
        )
        assert recommendation.events.count() >= 10


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_home_and_progress_run_the_same_number_of_queries_at_3_and_30(client, coordinator):
    themes = [ThemeFactory() for _ in range(4)]
    recipients = [RecipientFactory() for _ in range(4)]
    pages = [reverse("home"), reverse("recommendations:progress")]
    grow(coordinator, recipients, themes, 3)
    small = [queries(client, url) for url in pages]
    grow(coordinator, recipients, themes, 27)
    assert Recommendation.objects.count() == 30
    large = [queries(client, url) for url in pages]
    assert large == small
    assert max(large) < 25, large
    print(f"home, progress: {small} queries with 3, {large} with 30 recommendations")
