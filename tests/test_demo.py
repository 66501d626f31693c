"""Demonstration data: fictitious follow-up, written through the services, kept apart."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from demo.loader import DemoError, load_demo
from demo.models import DemoData
from discussion.models import Comment, CoSignature, Verdict
from recommendations.models import Event, Recommendation, Transmission
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

BANNER = "Le suivi affiché sur ce site est fictif"
Answer = Transmission.Answer
Status = Recommendation.Implementation


@pytest.fixture
def demo(document):
    return load_demo()


@pytest.fixture
def demo_coordinator(demo):
    return get_user_model().objects.get(username="coordination")


def test_creates_the_accounts_in_their_groups_with_the_demo_password(client, demo):
    users = get_user_model().objects
    coordination = users.get(username="coordination")
    partner = users.get(username="partenaire")
    cpas = users.get(username="cpas")
    assert list(coordination.groups.values_list("name", flat=True)) == ["Coordination"]
    assert list(partner.groups.values_list("name", flat=True)) == ["Partenaires"]
    assert list(cpas.groups.values_list("name", flat=True)) == ["Partenaires"]
    assert coordination.get_full_name() == "Camille Démo"
    assert partner.get_full_name() == "Pat Démo"
    assert coordination.has_perm("recommendations.record_answer")
    assert not partner.has_perm("recommendations.record_answer")
    for username in ("coordination", "partenaire", "cpas"):
        assert client.login(username=username, password="assises-demo")
        client.logout()
    assert demo["password"] == "assises-demo"
    assert demo["accounts"] == [
        ("coordination", "Coordination"),
        ("partenaire", "Partenaires, LEE — CISP"),
        ("cpas", "Partenaires, CPAS de Bernissart (Service Insertion)"),
    ]


def test_each_partner_account_speaks_for_an_organisation_of_another_kind(demo):
    users = get_user_model().objects
    lee = users.get(username="partenaire").profile.organisation
    cpas = users.get(username="cpas").profile.organisation
    assert (lee.name, lee.get_kind_display()) == ("LEE", "CISP")
    assert (cpas.name, cpas.get_kind_display()) == ("CPAS de Bernissart", "CPAS")
    assert users.get(username="coordination").profile.organisation is None


def test_about_half_of_the_recommendations_are_validated_and_most_transmitted(demo):
    followed = Recommendation.objects.exclude(stage=Recommendation.Stage.FORMULATED)
    assert Recommendation.objects.count() == 33
    assert 15 <= followed.count() <= 18
    transmitted = followed.filter(stage=Recommendation.Stage.TRANSMITTED)
    assert transmitted.count() > followed.count() / 2
    for recommendation in transmitted:
        direct = recommendation.transmissions.filter(rerouted_from__isnull=True)
        assert 1 <= direct.count() <= 3
        intended = set(recommendation.recipients.values_list("pk", flat=True))
        assert set(direct.values_list("recipient", flat=True)) <= intended


def test_answers_of_every_kind_and_a_revised_one(demo):
    answers = set(Transmission.objects.values_list("answer", flat=True))
    assert set(Answer.values) <= answers
    for rerouted in Transmission.objects.filter(answer=Answer.REROUTED):
        assert rerouted.rerouted_to.recipient != rerouted.recipient
    revised = Event.objects.get(
        axis=Event.Axis.ANSWER, from_value=Answer.NOTED, to_value=Answer.ACCEPTED
    )
    assert "nouveau ministre" in revised.reason.lower()
    assert revised.transmission.events.filter(to_value=Answer.NOTED).exists()


def test_some_transmissions_are_overdue_and_some_still_within_their_deadline(demo):
    overdue = Transmission.objects.overdue()
    assert overdue.count() >= 3
    pending = Transmission.objects.filter(answer=Answer.PENDING)
    assert pending.exclude(pk__in=overdue).count() >= 2
    assert demo["overdue"] == overdue.count()


def test_implementation_over_several_months_with_proof_for_done(demo):
    events = Event.objects.filter(axis=Event.Axis.IMPLEMENTATION)
    statuses = set(events.values_list("to_value", flat=True))
    assert set(Status.values) - {Status.NOT_ASSESSED} <= statuses
    done = events.filter(to_value=Status.DONE)
    assert done.exists()
    for event in done:
        assert event.proof_url.startswith("https://example.org/demo/")
    months = {(event.effective_on.year, event.effective_on.month) for event in events}
    assert len(months) >= 5
    assert Recommendation.objects.filter(implementation=Status.DONE).exists()


def test_one_event_is_corrected(demo):
    correction = Event.objects.get(corrects__isnull=False)
    assert correction.corrects.recommendation == correction.recommendation
    assert correction.effective_on != correction.corrects.effective_on
    assert correction.to_value == correction.corrects.to_value


def test_every_demo_event_says_it_is_fictitious(demo, demo_coordinator):
    demo_events = Event.objects.filter(recorded_by=demo_coordinator)
    assert demo_events.count() == demo["events"] > 50
    opened_by_rerouting = demo_events.filter(
        axis=Event.Axis.STAGE, transmission__rerouted_from__isnull=False
    )
    written_as_is = demo_events.exclude(pk__in=opened_by_rerouting.values("pk"))
    assert opened_by_rerouting.count() + written_as_is.count() == demo_events.count()
    for event in opened_by_rerouting:
        # The service writes « Réorientée par … : <reason> » around the demo reason.
        assert "[Démo] " in event.reason
    for event in written_as_is:
        assert event.reason.startswith("[Démo] "), event.reason
    for event in demo_events:
        assert event.proof_url == "" or event.proof_url.startswith("https://example.org/demo/")
    # Only the document's own formulation events are not the demo's.
    others = Event.objects.exclude(recorded_by=demo_coordinator)
    assert others.count() == 33
    assert set(others.values_list("to_value", flat=True)) == {Recommendation.Stage.FORMULATED}
    for transmission in Transmission.objects.all():
        assert transmission.covering_letter_url.startswith("https://example.org/demo/")
    for transmission in Transmission.objects.exclude(answer=Answer.PENDING):
        assert transmission.answer_summary.startswith("[Démo] ")


def test_dates_are_in_the_last_eight_months_and_in_order(demo):
    today = timezone.localdate()
    dated = Event.objects.exclude(effective_on__isnull=True)
    assert max(dated.values_list("effective_on", flat=True)) <= today
    assert min(dated.values_list("effective_on", flat=True)) >= days_ago(250)
    for recommendation in Recommendation.objects.all():
        dates = [
            event.effective_on
            for event in recommendation.events.filter(corrects__isnull=True).order_by("sequence")
            if event.effective_on is not None
        ]
        assert dates == sorted(dates), recommendation.reference


def test_state_of_each_recommendation_is_the_last_event_on_each_axis(demo):
    for recommendation in Recommendation.objects.all():
        events = recommendation.events.order_by("sequence")
        last_stage = events.filter(axis=Event.Axis.STAGE).last()
        assert recommendation.stage == last_stage.to_value
        # The state before any event, then each event's: the last one is the current state.
        implementations = events.filter(axis=Event.Axis.IMPLEMENTATION)
        states = [Status.NOT_ASSESSED, *implementations.values_list("to_value", flat=True)]
        assert recommendation.implementation == states[-1]
    for transmission in Transmission.objects.all():
        answers = transmission.events.filter(axis=Event.Axis.ANSWER).order_by("sequence")
        states = [Answer.PENDING, *answers.values_list("to_value", flat=True)]
        assert transmission.answer == states[-1]


def test_loading_twice_changes_nothing(demo):
    def counts():
        return (
            Event.objects.count(),
            Transmission.objects.count(),
            get_user_model().objects.count(),
            DemoData.objects.count(),
            Comment.objects.count(),
            Verdict.objects.count(),
            CoSignature.objects.count(),
            list(Recommendation.objects.values_list("reference", "stage", "implementation")),
        )

    before = counts()
    again = load_demo()
    assert again["created"] is False
    assert again["loaded_at"] == DemoData.objects.get().loaded_at
    assert counts() == before


def test_dates_count_back_from_the_given_day(document):
    today = timezone.localdate() - datetime.timedelta(days=100)
    load_demo(today=today)
    dated = Event.objects.exclude(effective_on__isnull=True).values_list("effective_on", flat=True)
    assert max(dated) <= today
    assert min(dated) == today - datetime.timedelta(days=235)


def test_refuses_a_database_with_real_follow_up_and_writes_nothing(document, coordinator):
    from recommendations import services

    services.validate(
        Recommendation.objects.get(reference="R2.02"),
        validated_on=days_ago(3),
        reason="Validée pour de vrai.",
        by=coordinator,
    )
    with pytest.raises(DemoError, match="suivi réel"):
        load_demo()
    assert not DemoData.objects.exists()
    assert not get_user_model().objects.filter(username="partenaire").exists()


def test_refuses_without_the_document(db):
    with pytest.raises(DemoError, match="load_document"):
        load_demo()
    assert not DemoData.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("themes:document"),
        reverse("recommendations:list"),
        reverse("recommendations:detail", kwargs={"reference": "R1.01"}),
    ],
)
def test_every_page_shows_the_banner_while_demo_data_is_loaded(client, document, url):
    response = client.get(url)
    assert response.status_code == 200
    assert BANNER not in response.content.decode()
    load_demo()
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert BANNER in page
    assert '<section class="demo-banner" aria-label="Démonstration">' in page


def test_the_command_refuses_when_debug_is_off(document, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=r"ne se chargent qu’en développement \(DEBUG activé\)"):
        call_command("load_demo", stdout=io.StringIO())
    assert not DemoData.objects.exists()
    assert not Transmission.objects.exists()
    assert not get_user_model().objects.exists()
    assert Event.objects.count() == 33


def test_the_command_loads_and_prints_the_accounts(document, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "coordination (Coordination)" in printed
    assert "partenaire (Partenaires, LEE — CISP)" in printed
    assert "assises-demo" in printed
    assert "sans réponse après le délai" in printed
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "déjà chargées" in out.getvalue()
    assert "assises-demo" in out.getvalue()
    assert DemoData.objects.count() == 1
