from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, re_path
from django.utils.decorators import decorator_from_middleware
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

conditional = decorator_from_middleware(ConditionalGetMiddleware)

router = SimpleRouter(trailing_slash=True)
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("recipients", views.RecipientViewSet, basename="recipient")
router.register("transmissions", views.TransmissionViewSet, basename="transmission")
router.register("events", views.EventViewSet, basename="event")
router.register("themes", views.ThemeViewSet, basename="theme")

urlpatterns = [
    path("document/", conditional(views.DocumentView.as_view()), name="document"),
    path("schema/", conditional(SpectacularAPIView.as_view(api_version="1.0.0")), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *[
        re_path(str(pattern.pattern), conditional(pattern.callback), name=pattern.name)
        for pattern in router.urls
    ],
]
