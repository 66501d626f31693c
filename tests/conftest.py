import pytest
from django.conf import settings

from themes.services import DEFAULT_FIXTURES, load_document

DOCUMENT_FIXTURE = settings.BASE_DIR / "fixtures" / "assises_wallonie_picarde.json"


def is_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


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
    from tests.factories import UserFactory

    return UserFactory(username="partenaire", groups=["Partenaires"])


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    caches[settings.PUBLIC_PAGE_CACHE_ALIAS].clear()
    yield
    caches[settings.PUBLIC_PAGE_CACHE_ALIAS].clear()
