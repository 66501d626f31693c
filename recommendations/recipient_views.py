"""Public pages of the recipients: each one's record, and the index that ranks them."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from . import records, selectors
from .models import Recipient


class RecipientListView(TemplateView):
    """Every recipient with its record, in a table sortable by each figure."""

    template_name = "recommendations/recipient_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("tri", "")
        if sort not in records.SORTS:
            sort = records.DEFAULT_SORT
        context.update(
            today=timezone.localdate(),
            records=records.recipient_records(sort=sort),
            sort=sort,
            sort_label=records.SORTS[sort][0],
            sort_choices=[(key, label) for key, (label, _key) in records.SORTS.items()],
            response_deadline_days=settings.RESPONSE_DEADLINE_DAYS,
        )
        return context


class RecipientDetailView(TemplateView):
    """A recipient: who it is, its record, and every recommendation addressed or sent to it."""

    template_name = "recommendations/recipient_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recipient = get_object_or_404(Recipient, slug=self.kwargs["slug"])
        (record,) = records.recipient_records(recipients=Recipient.objects.filter(pk=recipient.pk))
        context.update(
            recipient=recipient,
            record=record,
            recommendations=list(selectors.recommendations_for_recipient(recipient)),
        )
        return context
