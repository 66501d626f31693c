"""Fixtures shared by the whole suite: the document, the people, the recommendation they discuss.

The people are the same in every module: ``coordinator`` is a member of the coordination,
Alice speaks for Lire et Écrire (a CISP), Bruno for the CPAS de Bernissart, and ``partner`` is a
partner account that no organisation has claimed yet.
"""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing

from themes.services import DEFAULT_FIXTURES, load_document

DOCUMENT_FIXTURE = settings.BASE_DIR / "fixtures" / "assises_wallonie_picarde.json"


def is_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def one_signing_second():
    """Hold the second that signed tokens (an invitation's link) carry.

    A link the site writes and the same link the test makes are then equal even when a second
    boundary falls between them, which once failed CI.
    """
    with mock.patch.object(
        signing.TimestampSigner, "timestamp", return_value=signing.b62_encode(int(time.time()))
    ):
        yield


@pytest.fixture
def document(db):
    """The Assises document and its recommendations, loaded as ``make run`` loads them."""
    load_document(paths=DEFAULT_FIXTURES)
    from themes.models import Consultation

    return Consultation.objects.get(slug="wallonie-picarde")


@pytest.fixture
def coordinator(db):
    from tests.factories import UserFactory

    return UserFactory(username="coordination", groups=["Coordination"])


@pytest.fixture
def partner(db):
    """A partner account without an organisation: it may read, not speak."""
    from tests.factories import UserFactory

    return UserFactory(username="partenaire", groups=["Partenaires"])


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db):
    """An organisation with a service named, as the coordination invites partners of."""
    from tests.factories import OrganisationFactory
    from themes.models import Organisation

    return OrganisationFactory(
        slug="cpas-bernissart",
        name="CPAS de Bernissart",
        kind=Organisation.Kind.CPAS,
        unit="Service Insertion",
    )


@pytest.fixture
def default_language():
    """Start and end in French: a request to an /en/ page leaves English active in the thread."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def invitation(coordinator, organisation):
    """Jeanne Dupont invited by the coordination to speak for the CPAS de Bernissart."""
    from partners import services

    return services.invite(
        email="jeanne.dupont@example.org",
        first_name="Jeanne",
        last_name="Dupont",
        organisation=organisation,
        by=coordinator,
    )


@pytest.fixture
def invited_partner(invitation):
    """Jeanne, once she has accepted her invitation."""
    from partners import services
    from tests.accounts import PASSWORD

    return services.accept_invitation(invitation, password=PASSWORD)


@pytest.fixture
def lee(db):
    from tests.factories import OrganisationFactory
    from themes.models import Organisation

    return OrganisationFactory(slug="lee", name="Lire et Écrire", kind=Organisation.Kind.CISP)


@pytest.fixture
def cpas(db):
    from tests.factories import OrganisationFactory
    from themes.models import Organisation

    return OrganisationFactory(slug="cpas", name="CPAS de Bernissart", kind=Organisation.Kind.CPAS)


@pytest.fixture
def alice(lee):
    """A partner who speaks for Lire et Écrire."""
    from tests.factories import PartnerFactory

    return PartnerFactory(
        username="alice", first_name="Alice", last_name="Dupont", organisation=lee
    )


@pytest.fixture
def bruno(cpas):
    """A partner who speaks for the CPAS de Bernissart."""
    from tests.factories import PartnerFactory

    return PartnerFactory(
        username="bruno", first_name="Bruno", last_name="Martin", organisation=cpas
    )


@pytest.fixture
def recommendation(db):
    """A published recommendation, just formulated."""
    from tests.factories import RecommendationFactory

    return RecommendationFactory(title="Augmenter les places en formation")


@pytest.fixture
def answered(recommendation, coordinator):
    """A recommendation the Forem has answered: the field may now give its verdict."""
    from recommendations import services as follow_up
    from recommendations.models import Transmission
    from tests.factories import RecipientFactory, days_ago

    follow_up.validate(recommendation, validated_on=days_ago(30), reason="ok", by=coordinator)
    transmission = follow_up.transmit(
        recommendation,
        recipient=RecipientFactory(name="Le Forem"),
        sent_on=days_ago(20),
        reason="Envoi.",
        by=coordinator,
    )
    follow_up.record_answer(
        transmission,
        answer=Transmission.Answer.PARTLY_ACCEPTED,
        answered_on=days_ago(5),
        reason="Courrier du Forem.",
        by=coordinator,
    )
    return recommendation


@pytest.fixture
def five_followed(coordinator):
    """Five recommendations at different points of their follow-up, for the public list."""
    from tests.recommendation_list import follow_five_recommendations

    return follow_five_recommendations(coordinator)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start each test with empty caches: the database is rolled back, the caches are not.

    Rate-limit counters must not leak between tests, nor pages drawn by an earlier test.
    """
    from django.core.cache import caches

    for alias in ("default", settings.PUBLIC_PAGE_CACHE_ALIAS):
        caches[alias].clear()
    yield
    caches[settings.PUBLIC_PAGE_CACHE_ALIAS].clear()
