"""Public pages of the recipients: each one's record, and the index that ranks them."""

from django.conf import settings
from django.core.paginator import Paginator
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
    """A recipient: who it is, its record, and the recommendations addressed or sent to it.

    Fifty to a page (up to ten more stay on the last one): the Forem of a Wallonia-wide
    follow-up receives hundreds, and one page of them all passed 240 KB at thirty times the
    document's follow-up. The PDF dossier still holds them all. A page number that is not one
    shows the first page, one past the end the last.
    """

    template_name = "recommendations/recipient_detail.html"
    paginate_by = 50
    paginate_orphans = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recipient = get_object_or_404(Recipient, slug=self.kwargs["slug"])
        (record,) = records.recipient_records(recipients=Recipient.objects.filter(pk=recipient.pk))
        paginator = Paginator(
            selectors.recommendations_for_recipient(recipient),
            self.paginate_by,
            orphans=self.paginate_orphans,
        )
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            recipient=recipient,
            record=record,
            recommendations=list(page.object_list),
            page_obj=page,
            paginator=paginator,
        )
        return context
