"""Organisations co-sign a recommendation, withdraw and sign again; the rows stay."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.services import ServiceError
from discussion import selectors
from discussion import services as discussion
from discussion.models import CoSignature
from recommendations import selectors as recommendation_selectors
from recommendations.models import Recommendation
from tests.factories import PartnerFactory, RecommendationFactory
from tests.pages import text_of, words_of

pytestmark = pytest.mark.django_db


def test_an_organisation_cosigns_once_withdraws_and_signs_again(recommendation, alice, lee):
    colleague = PartnerFactory(username="chloe", organisation=lee)
    first = discussion.cosign(recommendation=recommendation, by=alice)
    with pytest.raises(ServiceError, match="soutient déjà"):
        discussion.cosign(recommendation=recommendation, by=colleague)
    withdrawn = discussion.withdraw_cosignature(recommendation=recommendation, by=colleague)
    assert withdrawn == first
    first.refresh_from_db()
    assert first.withdrawn_by == colleague and first.withdrawn_at is not None
    with pytest.raises(ServiceError, match="ne soutient pas"):
        discussion.withdraw_cosignature(recommendation=recommendation, by=alice)
    second = discussion.cosign(recommendation=recommendation, by=alice)
    assert second.pk != first.pk
    assert CoSignature.objects.filter(recommendation=recommendation).count() == 2
    assert [c.pk for c in selectors.active_cosignatures(recommendation)] == [second.pk]


def test_the_database_refuses_two_active_signatures_of_one_organisation(recommendation, alice, lee):
    discussion.cosign(recommendation=recommendation, by=alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoSignature.objects.create(recommendation=recommendation, organisation=lee, signed_by=alice)


def test_coordinators_and_anonymous_cannot_cosign(recommendation, coordinator):
    from django.contrib.auth.models import AnonymousUser

    for user in (coordinator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            discussion.cosign(recommendation=recommendation, by=user)


def test_support_annotation_counts_active_signatures_for_the_list(recommendation, alice, bruno):
    other = RecommendationFactory()
    discussion.cosign(recommendation=recommendation, by=alice)
    discussion.cosign(recommendation=recommendation, by=bruno)
    discussion.cosign(recommendation=other, by=bruno)
    discussion.withdraw_cosignature(recommendation=other, by=bruno)
    annotated = selectors.annotate_support(Recommendation.objects.all())
    support = dict(annotated.values_list("reference", "support"))
    assert support == {recommendation.reference: 2, other.reference: 0}
    assert list(annotated.filter(support__gte=1).values_list("pk", flat=True)) == [
        recommendation.pk
    ]
    assert annotated.order_by("-support", "reference").first() == recommendation
    listed = recommendation_selectors.recommendation_list()
    assert list(listed.filter(support__gt=0)) == [recommendation]


# Pages.


def test_cosignatures_are_listed_with_their_count(client, recommendation, alice, bruno):
    for user in (alice, bruno):
        client.force_login(user)
        response = client.post(reverse("discussion:cosign", args=[recommendation.reference]))
        assert response.status_code == 302
        assert response["Location"].endswith("#soutiens")
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "Cette recommandation est soutenue par 2 organisations :" in page
    assert "CPAS de Bernissart" in page and "Lire et Écrire" in page
    assert "Retirer le soutien de CPAS de Bernissart" in page
    client.logout()
    page = words_of(client.get(recommendation.get_absolute_url()))
    assert "soutenue par 2 organisations" in page
    assert "Retirer le soutien" not in page and "Soutenir au nom" not in page


def test_cosigning_twice_is_refused_with_a_403_and_withdrawal_then_signing_works(
    client, recommendation, alice, lee
):
    colleague = PartnerFactory(username="chloe", organisation=lee)
    client.force_login(alice)
    cosign_url = reverse("discussion:cosign", args=[recommendation.reference])
    withdraw_url = reverse("discussion:withdraw", args=[recommendation.reference])
    assert client.post(cosign_url).status_code == 302
    client.force_login(colleague)
    response = client.post(cosign_url)
    assert response.status_code == 403
    assert "Lire et Écrire soutient déjà cette recommandation" in text_of(response)
    assert CoSignature.objects.count() == 1
    assert client.post(withdraw_url).status_code == 302
    assert "Aucune organisation ne soutient" in text_of(
        client.get(recommendation.get_absolute_url())
    )
    assert client.post(cosign_url).status_code == 302
    assert CoSignature.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert CoSignature.objects.count() == 2
    assert "soutenue par 1 organisation" in words_of(client.get(recommendation.get_absolute_url()))
