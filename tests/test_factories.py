"""Every model has its factory, and each factory makes a row the site itself could have written."""

import inspect
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.conf import settings

from discussion.models import Moderation
from recommendations.models import Event, Recommendation, Transmission
from tests import factories

pytestmark = pytest.mark.django_db

# The apps written in this repository (not Django's nor a library's).
PROJECT_APPS = [
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR
]


def factory_models():
    return {
        value._meta.model
        for value in vars(factories).values()
        if inspect.isclass(value)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
    }


def test_every_model_of_every_app_has_a_factory():
    models = {
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.auto_created
    }
    missing = sorted(model._meta.label for model in models - factory_models())
    assert missing == []


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, value in vars(factories).items()
        if inspect.isclass(value)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
    ),
)
def test_each_factory_saves_a_row_that_passes_the_models_checks(name):
    row = getattr(factories, name)()
    row.refresh_from_db()
    row.full_clean(validate_unique=False, validate_constraints=True)


def test_a_transmission_is_sent_through_the_follow_up_with_its_events():
    transmission = factories.TransmissionFactory(answer=Transmission.Answer.ACCEPTED)
    recommendation = transmission.recommendation
    recommendation.refresh_from_db()
    assert recommendation.stage == Recommendation.Stage.TRANSMITTED
    assert list(recommendation.events.values_list("axis", "to_value")) == [
        (Event.Axis.STAGE, Recommendation.Stage.FORMULATED),
        (Event.Axis.STAGE, Recommendation.Stage.VALIDATED),
        (Event.Axis.STAGE, Recommendation.Stage.TRANSMITTED),
        (Event.Axis.ANSWER, Transmission.Answer.ACCEPTED),
    ]


def test_an_event_moves_the_implementation_it_records():
    event = factories.EventFactory()
    event.recommendation.refresh_from_db()
    assert event.sequence == 2
    assert event.recommendation.implementation == event.to_value


def test_a_partner_speaks_for_an_organisation():
    lee = factories.OrganisationFactory(slug="lee", name="Lire et Écrire")
    partner = factories.PartnerFactory(organisation=lee, profile__language="en")
    assert partner.profile.organisation == lee
    assert partner.profile.language == "en"
    assert list(partner.groups.values_list("name", flat=True)) == ["Partenaires"]


def test_a_comment_has_its_first_version_and_a_verdict_its_comment():
    comment = factories.CommentFactory(body="Nous manquons de places.")
    assert list(comment.versions.values_list("body", flat=True)) == ["Nous manquons de places."]
    assert comment.organisation == comment.author.profile.organisation
    verdict = factories.VerdictFactory()
    assert verdict.comment.verdict == verdict
    assert verdict.organisation == verdict.author.profile.organisation


def test_a_moderation_hides_its_comment():
    moderation = factories.ModerationFactory(reason="propos injurieux")
    moderation.comment.refresh_from_db()
    assert moderation.action == Moderation.Action.HIDE
    assert moderation.comment.is_hidden
    assert moderation.comment.hidden_reason == "propos injurieux"
