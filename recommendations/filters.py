"""The public list's filters: every choice lives in the URL, so a search can be shared."""

import copy
from urllib.parse import parse_qsl, urlencode

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import kept_rows
from core.forms import BootstrapFieldsForm, LeanCheckboxInput, LeanSearchInput, LeanSelect
from themes.models import Theme

from . import search, selectors
from .models import Recipient, Recommendation, Transmission

Answer = Transmission.Answer

NO_ANSWER = Transmission.NO_ANSWER
ANSWER_CHOICES = [
    (Answer.PENDING.value, _("en attente (délai non dépassé)")),
    (NO_ANSWER, _("sans réponse (délai dépassé)")),
    *[(value, label) for value, label in Answer.choices if value != Answer.PENDING],
]


class SortOrder:
    REFERENCE = "reference"
    LAST_UPDATE = "mise-a-jour"
    WAITING = "attente"
    SUPPORT = "soutien"

    choices = [
        (REFERENCE, _("Référence")),
        (LAST_UPDATE, _("Dernière mise à jour, la plus récente d’abord")),
        (WAITING, _("Attente d’une réponse, la plus longue d’abord")),
        (SUPPORT, _("Soutien des organisations, le plus large d’abord")),
    ]


class FetchedModelChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices of a few rows, read with one plain query once per content version.

    Django reads them with ``iterator()``, which on PostgreSQL opens a server-side cursor
    (declare, fetch, close: three round trips, and the cursor outlives the request's
    transaction) for a dozen themes or recipients on every list page and search. The themes
    are those of the menu (``core.cache.kept_rows``: one query for both).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in kept_rows(self.queryset):
            yield self.choice(obj)


class FetchedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = FetchedModelChoiceIterator


class FetchedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FetchedModelChoiceField


class CheckboxFilter(django_filters.Filter):
    """A checkbox: ticked means « apply », unticked means « don't filter »."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", LeanCheckboxInput)
        super().__init__(*args, **kwargs)


def with_support(queryset):
    """The queryset with ``support`` (``selectors.list_annotations``), unless it has it."""
    if "support" in queryset.query.annotations:
        return queryset
    return selectors.with_list_annotations(queryset)


class ShallowCopiedFilters(dict):
    """A filter set's class-level filters, copied one level deep for each request.

    django-filter deep-copies every filter for every request (``FilterSet.__init__``), down to
    their labels, choices and querysets, although nothing changes them during a request: the
    copy only receives the request's filter set (``parent``). A shallow copy of each filter does
    that, with its own ``FilterMethod`` bound to the copy.
    """

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copied = copy.copy(filter_)
            copied.method = filter_.method
            copies[name] = copied
        return copies


class RecommendationFilter(django_filters.FilterSet):
    """Filters of the public list.

    Recipient, answer and « waiting past the deadline » describe one transmission together:
    « Le Forem » + « refusée » finds what the Forem refused, not what someone else refused.
    Each is an ``Exists`` subquery, so a recommendation never appears twice.
    """

    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        widget=LeanSearchInput(attrs={"maxlength": selectors.SEARCH_MAX_LENGTH}),
        help_text=_(
            "Des mots d’une recommandation ou du document (questions, constats, solutions, "
            "pistes), ou une référence (R1.03)."
        ),
    )
    theme = FetchedModelChoiceFilter(
        widget=LeanSelect,
        label=_("Thème"),
        queryset=Theme.objects.order_by("position"),
        empty_label=_("Tous les thèmes"),
    )
    stage = django_filters.ChoiceFilter(
        widget=LeanSelect,
        label=_("Étape"),
        choices=Recommendation.Stage.choices,
        empty_label=_("Toutes les étapes"),
    )
    implementation = django_filters.ChoiceFilter(
        widget=LeanSelect,
        label=_("Mise en œuvre"),
        choices=Recommendation.Implementation.choices,
        empty_label=_("Tous les états"),
    )
    recipient = FetchedModelChoiceFilter(
        widget=LeanSelect,
        label=_("Destinataire"),
        queryset=Recipient.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Tous les destinataires"),
        method="leave_to_transmissions",
    )
    answer = django_filters.ChoiceFilter(
        widget=LeanSelect,
        label=_("Réponse"),
        choices=ANSWER_CHOICES,
        empty_label=_("Toutes les réponses"),
        method="leave_to_transmissions",
    )
    overdue = CheckboxFilter(
        label=_("En attente au-delà du délai de réponse"),
        method="leave_to_transmissions",
    )
    supported = CheckboxFilter(
        label=_("Soutenue par au moins une organisation"),
        method="only_supported",
    )
    sort = django_filters.ChoiceFilter(
        widget=LeanSelect,
        label=_("Trier par"),
        choices=SortOrder.choices,
        empty_label=_("Pertinence, puis référence"),
        method="sort_by",
    )

    class Meta:
        model = Recommendation
        # Drawn on every list page and every search: lean field templates (see the form).
        form = BootstrapFieldsForm
        fields = [
            "q",
            "theme",
            "stage",
            "implementation",
            "recipient",
            "answer",
            "overdue",
            "supported",
            "sort",
        ]

    def __init__(self, data=None, *args, **kwargs):
        # Control characters (a NUL byte, say) are dropped and an overlong search is cut, before
        # the form sees them, so the field shows what was actually searched.
        self.search_was_shortened = False
        self.search_result = None
        if data is not None and "q" in data:
            raw = data.get("q")
            text = selectors.clean_search_text(raw)
            if len(text) > selectors.SEARCH_MAX_LENGTH:
                text = text[: selectors.SEARCH_MAX_LENGTH].rstrip()
                self.search_was_shortened = True
            if text != raw:
                data = data.copy()
                data["q"] = text
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        """The form's class, made once: django-filter makes a class, and a field for each filter,
        for every request; the form copies its fields anyway (``Form.__init__``)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = type(self)._form_class = super().get_form_class()
        return form_class

    def search(self, queryset, name, value):
        queryset, self.search_result = selectors.search_recommendations(queryset, value)
        return queryset

    def suggestion_query(self):
        """The same criteria with the suggested words in place of the typed ones, or None."""
        if self.search_result is None:
            return None
        suggested = search.suggestion(self.search_result.text, using=self.queryset.db)
        if suggested is None:
            return None
        params = dict(parse_qsl(self.share_query()))
        params["q"] = suggested
        params.pop("page", None)
        return suggested, urlencode(params)

    def leave_to_transmissions(self, queryset, name, value):
        """Do nothing here: ``filter_queryset`` asks these of one and the same transmission."""
        return queryset

    def only_supported(self, queryset, name, value):
        return with_support(queryset).filter(support__gt=0) if value else queryset

    def sort_by(self, queryset, name, value):
        if value == SortOrder.LAST_UPDATE:
            if "last_event_on" not in queryset.query.annotations:
                queryset = selectors.with_last_event(queryset)
            return queryset.order_by(F("last_event_on").desc(nulls_last=True), "reference")
        if value == SortOrder.SUPPORT:
            return with_support(queryset).order_by(F("support").desc(nulls_last=True), "reference")
        if value == SortOrder.WAITING:
            return selectors.with_oldest_pending(queryset).order_by(
                F("oldest_pending_on").asc(nulls_last=True), "reference"
            )
        return queryset.order_by("reference")

    def matching_transmissions(self):
        """The transmissions the recipient, answer and deadline criteria ask for, or None."""
        data = self.form.cleaned_data
        recipient, answer, overdue = data.get("recipient"), data.get("answer"), data.get("overdue")
        if not (recipient or answer or overdue):
            return None
        today = timezone.localdate()
        transmissions = Transmission.objects.filter(recommendation=OuterRef("pk"))
        if recipient:
            transmissions = transmissions.filter(recipient=recipient)
        if overdue or answer == NO_ANSWER:
            transmissions = transmissions.overdue(today)
        if answer == Answer.PENDING:
            transmissions = transmissions.filter(answer=Answer.PENDING, response_due__gte=today)
        elif answer and answer != NO_ANSWER:
            transmissions = transmissions.filter(answer=answer)
        return transmissions

    def share_query(self):
        """The understood criteria as a query string, without empty or unknown parameters."""
        if not self.is_bound or not self.is_valid():
            return ""
        params = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", False):
                continue
            raw = self.data.get(name, "")
            params[name] = raw if raw not in ("", None) else value
        return urlencode(params)

    def summary(self):
        """What the filtered list shows, in words, for the page title (empty when unfiltered)."""
        if not self.is_bound or not self.is_valid():
            return ""
        data = self.form.cleaned_data
        parts = []
        if data.get("q"):
            parts.append(_("« %(text)s »") % {"text": data["q"]})
        for name in ("theme", "stage", "implementation", "recipient", "answer"):
            value = data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label.lower()} : {value}")
        for name in ("overdue", "supported"):
            if data.get(name):
                parts.append(str(self.form.fields[name].label).lower())
        return " ; ".join(str(part) for part in parts)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        transmissions = self.matching_transmissions()
        if transmissions is not None:
            queryset = queryset.filter(Exists(transmissions))
        return queryset


RecommendationFilter.base_filters = ShallowCopiedFilters(RecommendationFilter.base_filters)
