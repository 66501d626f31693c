"""The site's URLs plus the benchmark's floor, outside the language prefixes and the page cache."""

from django.urls import path

from assises_site.urls import handler404, handler500
from assises_site.urls import urlpatterns as site_urlpatterns

from . import views

FLOOR_PREFIX = "/__floor__/"

urlpatterns = [path("__floor__/<str:name>/", views.floor, name="bench-floor"), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
