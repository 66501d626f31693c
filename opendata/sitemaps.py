"""The sitemap: the public pages, in French and in English."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from recommendations.models import Recommendation
from themes.models import Theme


class I18nSitemap(Sitemap):
    i18n = True
    languages = ["fr-be", "en"]
    alternates = True


class StaticSitemap(I18nSitemap):
    def items(self):
        return [
            "home",
            "themes:document",
            "themes:conclusion",
            "recommendations:list",
            "recommendations:progress",
            "opendata:index",
            "alerts:subscribe",
        ]

    def location(self, item):
        return reverse(item)


class ThemeSitemap(I18nSitemap):
    def items(self):
        return Theme.objects.order_by("position")


class RecommendationSitemap(I18nSitemap):
    def items(self):
        return Recommendation.objects.published().order_by("reference")

    def lastmod(self, item):
        return item.modified


SITEMAPS = {
    "pages": StaticSitemap,
    "themes": ThemeSitemap,
    "recommandations": RecommendationSitemap,
}
