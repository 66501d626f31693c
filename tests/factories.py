"""Test data in one place: one factory per model of every app.

Rows the domain writes through a service are made through that service, so a factory never
builds a state the site could not reach: a transmission opens with its event and moves the stage,
a comment has its first version, a verdict needs something decided, a hidden comment leaves its
moderation trail. Append-only rows (events, comment versions, moderations) are created once and
never saved again.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from alerts.models import Delivery, Subscriber, Subscription
from core.models import LimitHit, OutgoingEmail, SubmittedForm
from demo.models import DemoData
from discussion import services as discussion
from discussion.models import (
    Comment,
    CommentVersion,
    CoSignature,
    DigestDelivery,
    Moderation,
    Report,
    Unsubscription,
    Verdict,
)
from pages.models import Page
from partners.models import Invitation, Profile
from recommendations import documents
from recommendations import services as follow_up
from recommendations.models import (
    AnswerLink,
    CoordinationNote,
    Event,
    ImplementingAct,
    LetterTemplate,
    Recipient,
    RecipientAnswer,
    RecipientContact,
    Recommendation,
    Reminder,
    TargetDate,
    Transmission,
    TransmissionDocument,
)
from themes.models import (
    Constat,
    Consultation,
    Keyword,
    Organisation,
    Participation,
    Piste,
    Question,
    Solution,
    Theme,
)

PASSWORD = "mot-de-passe-de-test"


def days_ago(days, today=None):
    return (today or timezone.localdate()) - datetime.timedelta(days=days)


# Accounts.


def add_groups(user, names):
    for name in names:
        user.groups.add(Group.objects.get(name=name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            add_groups(obj, extracted)


class CoordinatorFactory(UserFactory):
    """A member of the coordination: may run the follow-up and moderate."""

    username = factory.Sequence(lambda n: f"coordination{n}")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            add_groups(obj, extracted or ["Coordination"])


# The document (themes).


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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CISP


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    consultation = factory.SubFactory(ConsultationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    position = factory.Sequence(lambda n: n + 1)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"theme-{n + 1}")
    title = factory.Sequence(lambda n: f"Thème de test {n + 1}")


class ThemeItemFactory(factory.django.DjangoModelFactory):
    """What every item of a theme has: its theme and its place in document order."""

    theme = factory.SubFactory(ThemeFactory)
    position = factory.Sequence(lambda n: n + 1)


class QuestionFactory(ThemeItemFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"Question vive {n} ?")


class KeywordFactory(ThemeItemFactory):
    class Meta:
        model = Keyword

    label = factory.Sequence(lambda n: f"mot clé {n}")


class ConstatFactory(ThemeItemFactory):
    class Meta:
        model = Constat

    text = factory.Sequence(lambda n: f"Constat {n} de l’atelier.")


class SolutionFactory(ThemeItemFactory):
    class Meta:
        model = Solution

    label = factory.Sequence(lambda n: f"Solution {n}")


class PisteFactory(ThemeItemFactory):
    """A piste follows a paragraph of the same theme's summary."""

    class Meta:
        model = Piste

    text = factory.Sequence(lambda n: f"Piste à creuser {n}.")
    follows_constat = factory.SubFactory(ConstatFactory, theme=factory.SelfAttribute("..theme"))


# Partners' accounts.


class ProfileFactory(factory.django.DjangoModelFactory):
    """A partner's profile: the organisation they speak for."""

    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PartnerFactory(UserFactory):
    """A partner account of the « Partenaires » group, with a profile naming its organisation.

    ``PartnerFactory(organisation=lee)`` speaks for Lire et Écrire; ``profile__language="en"``
    and the other ``profile__`` arguments set the rest of the profile.
    """

    class Params:
        organisation = factory.SubFactory(OrganisationFactory)

    username = factory.Sequence(lambda n: f"partenaire{n}")
    profile = factory.RelatedFactory(
        ProfileFactory,
        factory_related_name="user",
        organisation=factory.SelfAttribute("..organisation"),
    )

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            add_groups(obj, extracted or ["Partenaires"])


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation still open, as a coordinator sends it (its email is not sent here)."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    first_name = "Jeanne"
    last_name = "Dupont"
    organisation = factory.SubFactory(OrganisationFactory)
    invited_by = factory.SubFactory(CoordinatorFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


# The follow-up (recommendations).


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    slug = factory.Sequence(lambda n: f"destinataire-{n}")
    name = factory.Sequence(lambda n: f"Destinataire {n}")
    level = Recipient.Level.REGIONAL


FORMULATED_REASON = "Formulée lors de la journée des Assises de l’Insertion en Wallonie picarde."


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation as the fixtures make them: formulated, with its first event.

    ``RecommendationFactory(answered=True)`` goes on through the services: validated, sent to a
    recipient and answered « accueillie en partie », so the field may give its verdict.
    """

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

    @factory.post_generation
    def answered(obj, create, extracted, **kwargs):
        if create and extracted:
            TransmissionFactory(recommendation=obj, answer=Transmission.Answer.PARTLY_ACCEPTED)


class TransmissionFactory(factory.django.DjangoModelFactory):
    """A recommendation sent to a recipient through ``transmit`` (validated first if need be).

    ``answer=`` records that answer through ``record_answer`` as well.
    """

    class Meta:
        model = Transmission

    recommendation = factory.SubFactory(RecommendationFactory)
    recipient = factory.SubFactory(RecipientFactory)
    sent_on = factory.LazyFunction(lambda: days_ago(20))
    answer = Transmission.Answer.PENDING
    answered_on = factory.LazyAttribute(lambda o: o.sent_on + datetime.timedelta(days=15))
    by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, *, recommendation, recipient, sent_on, answer, answered_on, by):
        recommendation.refresh_from_db()
        if recommendation.stage == Recommendation.Stage.FORMULATED:
            follow_up.validate(recommendation, validated_on=sent_on, reason="Validée.", by=by)
        transmission = follow_up.transmit(
            recommendation, recipient=recipient, sent_on=sent_on, reason="Envoyée.", by=by
        )
        if answer != Transmission.Answer.PENDING:
            follow_up.record_answer(
                transmission,
                answer=answer,
                answered_on=answered_on,
                reason="Réponse reçue.",
                by=by,
            )
        recommendation.refresh_from_db()
        return transmission


class EventFactory(factory.django.DjangoModelFactory):
    """An implementation status recorded through ``record_implementation``: the event it writes.

    The first event of a recommendation comes with it (``RecommendationFactory``), its stage and
    answer events with ``TransmissionFactory``; none is ever written twice.
    """

    class Meta:
        model = Event

    recommendation = factory.SubFactory(RecommendationFactory)
    to_value = Recommendation.Implementation.IN_PROGRESS
    effective_on = factory.LazyFunction(lambda: days_ago(1))
    reason = "Un groupe de travail a commencé."
    proof_url = ""
    recorded_by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return follow_up.record_implementation(
            kwargs["recommendation"],
            status=kwargs["to_value"],
            effective_on=kwargs["effective_on"],
            reason=kwargs["reason"],
            proof_url=kwargs["proof_url"],
            by=kwargs["recorded_by"],
        )


# Partners' voice (discussion).


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment published through ``post_comment``, under its author's organisation."""

    class Meta:
        model = Comment

    recommendation = factory.SubFactory(RecommendationFactory)
    author = factory.SubFactory(PartnerFactory)
    body = factory.Sequence(lambda n: f"Commentaire {n}.")
    parent = None

    @classmethod
    def _create(cls, model_class, *, recommendation, author, body, parent):
        return discussion.post_comment(
            recommendation=recommendation, author=author, body=body, parent=parent
        )


class CommentVersionFactory(factory.django.DjangoModelFactory):
    """A new version of a comment, written by its author's edit (``edit_comment``)."""

    class Meta:
        model = CommentVersion

    comment = factory.SubFactory(CommentFactory)
    body = factory.Sequence(lambda n: f"Texte corrigé {n}.")

    @classmethod
    def _create(cls, model_class, *, comment, body):
        discussion.edit_comment(comment, body=body, by=comment.author)
        return comment.versions.order_by("created", "pk").last()


class ModerationFactory(factory.django.DjangoModelFactory):
    """A coordinator hid a comment (``hide_comment``): the moderation trail's row."""

    class Meta:
        model = Moderation

    comment = factory.SubFactory(CommentFactory)
    reason = "hors sujet"
    by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, *, comment, reason, by):
        discussion.hide_comment(comment, reason=reason, by=by)
        return comment.moderations.order_by("created", "pk").last()


class ReportFactory(factory.django.DjangoModelFactory):
    """Someone signed in reported a comment (``report_comment``)."""

    class Meta:
        model = Report

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Propos blessants."

    @classmethod
    def _create(cls, model_class, *, comment, reporter, reason):
        return discussion.report_comment(comment, reason=reason, by=reporter)


class VerdictFactory(factory.django.DjangoModelFactory):
    """An organisation's verdict with its comment (``give_verdict``), on an answered one."""

    class Meta:
        model = Verdict

    recommendation = factory.SubFactory(RecommendationFactory, answered=True)
    author = factory.SubFactory(PartnerFactory)
    verdict = Verdict.Value.CONFORME
    body = "Ce qui a été décidé suit la recommandation."

    @classmethod
    def _create(cls, model_class, *, recommendation, author, verdict, body):
        return discussion.give_verdict(
            recommendation=recommendation, verdict=verdict, body=body, by=author
        )


class CoSignatureFactory(factory.django.DjangoModelFactory):
    """A partner's organisation supports a recommendation (``cosign``)."""

    class Meta:
        model = CoSignature

    recommendation = factory.SubFactory(RecommendationFactory)
    signed_by = factory.SubFactory(PartnerFactory)

    @classmethod
    def _create(cls, model_class, *, recommendation, signed_by):
        return discussion.cosign(recommendation=recommendation, by=signed_by)


class UnsubscriptionFactory(factory.django.DjangoModelFactory):
    """A partner asked for no more emails about one recommendation."""

    class Meta:
        model = Unsubscription
        django_get_or_create = ["user", "recommendation"]

    user = factory.SubFactory(PartnerFactory)
    recommendation = factory.SubFactory(RecommendationFactory)


class DigestDeliveryFactory(factory.django.DjangoModelFactory):
    """A coordinator's daily digest that went out."""

    class Meta:
        model = DigestDelivery

    recipient = factory.SubFactory(CoordinatorFactory)
    covers_until = factory.LazyFunction(timezone.now)
    covers_from = factory.LazyAttribute(lambda o: o.covers_until - datetime.timedelta(days=1))
    sent_at = factory.LazyAttribute(lambda o: o.covers_until)


# Shared plumbing (core).


class DemoDataFactory(factory.django.DjangoModelFactory):
    """The mark of a database holding fictitious follow-up: every page then says so."""

    class Meta:
        model = DemoData


def age(comment, minutes):
    """Pretend a comment was written some minutes ago."""
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    comment.refresh_from_db()


def adopted_act(days=1, **overrides):
    """An adopted act, as « réalisée » and « réalisée en partie » must cite one."""
    return {
        "kind": "arrete",
        "title": "Arrêté du Gouvernement wallon (exemple de test)",
        "adopted_on": days_ago(days),
        "url": "https://example.org/moniteur/arrete",
        **overrides,
    }


# The recipients' own voice.


class RecipientContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecipientContact

    recipient = factory.SubFactory(RecipientFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Chef de cabinet"
    email = factory.Sequence(lambda n: f"contact{n}@destinataire.example")


class AnswerLinkFactory(factory.django.DjangoModelFactory):
    """An answer link made by ``create_answer_link`` (its key is then thrown away)."""

    class Meta:
        model = AnswerLink

    transmission = factory.SubFactory(TransmissionFactory)

    @classmethod
    def _create(cls, model_class, *, transmission):
        link, _key = follow_up.create_answer_link(transmission)
        return link


class RecipientAnswerFactory(factory.django.DjangoModelFactory):
    """An answer the recipient gave itself through its link (``answer_as_recipient``)."""

    class Meta:
        model = RecipientAnswer

    link = factory.SubFactory(AnswerLinkFactory)
    text = "Nous accueillons la recommandation en partie."
    responder_name = "Anne Direction"
    responder_role = "Directrice générale"

    @classmethod
    def _create(cls, model_class, *, link, text, responder_name, responder_role):
        event = follow_up.answer_as_recipient(
            link,
            answer=Transmission.Answer.PARTLY_ACCEPTED,
            text=text,
            responder_name=responder_name,
            responder_role=responder_role,
        )
        return event.recipient_answer


class CoordinationNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationNote

    event = factory.SubFactory(EventFactory)
    text = "Vingt places sur les quarante demandées."
    recorded_by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, *, event, text, recorded_by):
        return follow_up.add_coordination_note(event, text=text, by=recorded_by)


class TargetDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetDate

    recommendation = factory.SubFactory(RecommendationFactory)
    target_on = factory.LazyFunction(lambda: days_ago(-90))
    reason = "Annoncée par le cabinet."
    recorded_by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, *, recommendation, target_on, reason, recorded_by):
        return follow_up.set_target_date(
            recommendation, target_on=target_on, reason=reason, by=recorded_by
        )


class ImplementingActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementingAct

    recommendation = factory.SubFactory(RecommendationFactory)
    kind = ImplementingAct.Kind.ORDER
    title = factory.Sequence(lambda n: f"Arrêté n° {n}")
    adopted_on = factory.LazyFunction(lambda: days_ago(3))
    url = "https://example.org/moniteur/arrete"
    recorded_by = factory.SubFactory(CoordinatorFactory)

    @classmethod
    def _create(cls, model_class, *, recommendation, kind, title, adopted_on, url, recorded_by):
        return follow_up.cite_act(
            recommendation, kind=kind, title=title, adopted_on=adopted_on, url=url, by=recorded_by
        )


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder step, as the reminders' job takes it before sending."""

    class Meta:
        model = Reminder

    transmission = factory.SubFactory(TransmissionFactory)
    step = Reminder.Step.BEFORE


# Covering letters and what was frozen at sending.


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    name = factory.Sequence(lambda n: f"Modèle {n}")
    subject = "Recommandations des Assises de l’Insertion"
    body = "À l’attention de {destinataire},\n\n{recommandations}\n\nRéponse pour le {date_limite}."
    signature = "La coordination des Assises"


class TransmissionDocumentFactory(factory.django.DjangoModelFactory):
    """The letter frozen when a recommendation is sent with a template (``freeze``)."""

    class Meta:
        model = TransmissionDocument

    transmission = factory.SubFactory(TransmissionFactory)
    template = factory.SubFactory(LetterTemplateFactory)

    @classmethod
    def _create(cls, model_class, *, transmission, template):
        letter = documents.fill_letter(template, transmission, site_url="https://suivi.example")
        event = transmission.events.get(axis=Event.Axis.STAGE)
        return documents.freeze(transmission, event=event, letter=letter)[0]


# E-mail alerts for anyone.


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonne{n}@example.org")
    language = "fr"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    scope = Subscription.Scope.ALL
    frequency = Subscription.Frequency.IMMEDIATE


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    subscription = factory.SubFactory(SubscriptionFactory)
    kind = Delivery.Kind.CONFIRMATION
    next_attempt_at = factory.LazyFunction(timezone.now)


# The site's information pages.


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"page-{n}")
    title = factory.Sequence(lambda n: f"Page {n}")
    title_en = factory.Sequence(lambda n: f"Page {n} (English)")
    body = "Premier paragraphe.\n\nSecond paragraphe."
    body_en = "First paragraph.\n\nSecond paragraph."


# Limits and one-use form tokens.


class LimitHitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LimitHit

    key = factory.Sequence(lambda n: f"reset:address:{n}")


class SubmittedFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmittedForm

    token = factory.Sequence(lambda n: f"jeton-{n:024d}")
    user = factory.SubFactory(UserFactory)
    result_url = "/recommandations/"


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingEmail

    to = factory.Sequence(lambda n: f"destinataire{n}@example.org")
    template = "partners/emails/invitation"
    subject = "Invitation"
    text = "Bonjour."
