"""What every page offers to follow and reuse: its Atom feeds, its alerts, its download."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _


def _clean_query(request, drop=("page",)):
    return urlencode(
        [(key, value) for key, value in request.GET.items() if value.strip() and key not in drop]
    )


def follow(request):
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    kwargs = match.kwargs if match else {}
    feeds = []
    alerts_query = ""
    download = None
    if view_name == "recommendations:detail":
        reference = kwargs["reference"]
        feeds.append(
            {
                "title": _("Fil Atom de la recommandation %(reference)s")
                % {"reference": reference},
                "url": reverse("opendata:feed_recommendation", args=[reference]),
            }
        )
        alerts_query = urlencode({"recommendation": reference})
    elif view_name == "themes:detail":
        feeds.append(
            {
                "title": _("Fil Atom de ce thème"),
                "url": reverse("opendata:feed_theme", args=[kwargs["slug"]]),
            }
        )
        alerts_query = urlencode({"theme": kwargs["slug"]})
    elif view_name == "recipients:detail":
        feeds.append(
            {
                "title": _("Fil Atom des recommandations adressées à ce destinataire"),
                "url": reverse("opendata:feed_recipient", args=[kwargs["slug"]]),
            }
        )
        alerts_query = urlencode({"recipient": kwargs["slug"]})
    elif view_name == "recommendations:list":
        recipient = request.GET.get("recipient", "").strip()
        if recipient and recipient.replace("-", "").isalnum():
            feeds.append(
                {
                    "title": _("Fil Atom des recommandations adressées à ce destinataire"),
                    "url": reverse("opendata:feed_recipient", args=[recipient]),
                }
            )
            alerts_query = urlencode({"recipient": recipient})
        query = _clean_query(request)
        download = reverse("downloads:file", args=["recommandations", "csv"])
        if query:
            download = f"{download}?{query}"
    feeds.append({"title": _("Fil Atom de tout le suivi"), "url": reverse("opendata:feed")})
    alerts_url = reverse("alerts:subscribe")
    return {
        "follow": {
            "feeds": feeds,
            "alerts_url": f"{alerts_url}?{alerts_query}" if alerts_query else alerts_url,
            "download": download,
        }
    }
