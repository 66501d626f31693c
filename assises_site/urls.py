"""Root URLs: French at the root, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from recommendations.views import HomeView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("partners.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("participation/", include("discussion.urls")),
    path("recommandations/", include("recommendations.urls")),
    path("pages/", include("pages.urls")),
    path("", HomeView.as_view(), name="home"),
    path("", include("themes.urls")),
    prefix_default_language=False,
)

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
