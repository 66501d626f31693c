import pytest
from django.conf import settings

from themes.services import load_document

DOCUMENT_FIXTURE = settings.BASE_DIR / "fixtures" / "assises_wallonie_picarde.json"


def is_postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def document(db):
    """The Assises document loaded from the committed fixture, as ``make run`` loads it."""
    load_document(paths=[DOCUMENT_FIXTURE])
    from themes.models import Consultation

    return Consultation.objects.get(slug="wallonie-picarde")
