"""Root URLs: French at the root, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from opendata.sitemaps import SITEMAPS
from recommendations.views import HomeView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("opendata.download_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("partners.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("participation/", include("discussion.urls")),
    path("recommandations/", include("recommendations.urls")),
    path("alertes/", include("alerts.urls")),
    path("pages/", include("pages.urls")),
    path("", HomeView.as_view(), name="home"),
    path("", include("opendata.urls")),
    path("destinataires/", include("recommendations.recipient_urls")),
    path("dossiers/", include("dossiers.urls")),
    path("", include("themes.urls")),
    prefix_default_language=False,
)

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
