"""Open Graph tags on every HTML page, from the page's own title and description."""

import re
from html import unescape
from urllib.parse import urlencode

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
DESCRIPTION = re.compile(rb'<meta name="description" content="([^"]*)">')


def shared_query(request):
    query = urlencode([(key, value) for key, value in request.GET.items() if value.strip()])
    return f"?{query}" if query else ""


class OpenGraphMiddleware:
    """Add og:title, og:description, og:url, og:type, og:site_name and og:locale after <title>."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 200
            or getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or b'property="og:title"' in response.content
        ):
            return response
        title = TITLE.search(response.content)
        if title is None:
            return response
        description = DESCRIPTION.search(response.content)
        page_title = unescape(title.group(1).decode()).strip()
        tags = {
            "og:type": "website",
            "og:site_name": _("Assises de l’Insertion en Wallonie picarde — le suivi"),
            "og:title": page_title,
            "og:url": f"{settings.SITE_URL}{request.path}{shared_query(request)}",
            "og:locale": "en_GB" if get_language() == "en" else "fr_BE",
        }
        if description:
            tags["og:description"] = unescape(description.group(1).decode())
        markup = "".join(
            f'\n  <meta property="{name}" content="{escape(value)}">'
            for name, value in tags.items()
        )
        end = title.end()
        response.content = response.content[:end] + markup.encode() + response.content[end:]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
