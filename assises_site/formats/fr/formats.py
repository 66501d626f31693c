"""Belgian French dates: 26/11/2026 rather than 26.11.2026."""

from django.conf.locale.fr.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
