"""The « Données ouvertes » page and its downloads at stable addresses."""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.generic import TemplateView

from recommendations import selectors as follow_up
from recommendations.filters import RecommendationFilter

from .datasets import DATASETS, LICENCE, last_change


class OpenDataView(TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(datasets=DATASETS.values(), licence=LICENCE, last_change=last_change())
        return context


def _rows(dataset, request):
    """The dataset's rows; the recommendations follow the list's filters when some are given."""
    if dataset.slug == "recommandations" and any(request.GET.values()):
        filterset = RecommendationFilter(
            request.GET, queryset=follow_up.recommendation_list(), request=request
        )
        filterset.is_valid()
        return dataset.rows(filterset.qs)
    return dataset.rows()


def download(request, slug, extension):
    dataset = DATASETS.get(slug)
    if dataset is None or extension not in ("csv", "json"):
        raise Http404
    rows = list(_rows(dataset, request))
    changed = last_change() or timezone.now()
    if extension == "csv":
        buffer = io.StringIO()
        # A byte-order mark, so that spreadsheets open the accents as UTF-8.
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=dataset.column_names(), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _csv_value(value) for key, value in row.items()})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        payload = {
            "dataset": dataset.slug,
            "title": str(dataset.title),
            "licence": LICENCE,
            "last_change": changed.isoformat(),
            "columns": [
                {"name": c.name, "type": c.type, "description": str(c.description)}
                for c in dataset.columns
            ],
            "data": rows,
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="{slug}.{extension}"'
    response["Last-Modified"] = http_date(changed.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
