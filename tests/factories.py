"""Test data in one place."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from recommendations.models import Event, Recipient, Recommendation
from themes.models import Consultation, Theme


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        django_get_or_create = ["slug"]

    slug = "wallonie-picarde"
    title = "Assises de l’Insertion en Wallonie picarde"
    region = "Wallonie picarde"
    introduction = "Introduction."
    method = "Méthode."
    conclusion = "Conclusion."
    source_document = "source.txt"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"theme-{n + 1}")
    title = factory.Sequence(lambda n: f"Thème de test {n + 1}")


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    slug = factory.Sequence(lambda n: f"destinataire-{n}")
    name = factory.Sequence(lambda n: f"Destinataire {n}")
    level = Recipient.Level.REGIONAL


FORMULATED_REASON = "Formulée lors de la journée des Assises de l’Insertion en Wallonie picarde."


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation as the fixtures make them: formulated, with its first event."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    position = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"R{o.theme.position}.{o.position:02d}")
    title = factory.Sequence(lambda n: f"Recommandation de test {n}")
    statement = "Énoncé de la recommandation."

    @factory.post_generation
    def first_event(obj, create, extracted, **kwargs):
        if create:
            Event.objects.create(
                recommendation=obj,
                sequence=1,
                axis=Event.Axis.STAGE,
                to_value=Recommendation.Stage.FORMULATED,
                reason=FORMULATED_REASON,
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                obj.groups.add(Group.objects.get(name=name))


def days_ago(days, today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=days)


def adopted_act(days=1, **overrides):
    """An adopted act, as « réalisée » and « réalisée en partie » must cite one."""
    return {
        "kind": "arrete",
        "title": "Arrêté du Gouvernement wallon (exemple de test)",
        "adopted_on": days_ago(days),
        "url": "https://example.org/moniteur/arrete",
        **overrides,
    }
