"""Public follow-up pages, and the coordination's actions on a recommendation."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.views import ActionFormMixin, ServiceFormView
from themes import selectors as document

from . import plain, selectors, services, stats
from .filters import RecommendationFilter
from .forms import AnswerForm, ImplementationForm, TransmitForm, ValidateForm
from .models import Recommendation, Transmission


class HomeView(TemplateView):
    """Present the Assises and where their recommendations stand, each axis on its own."""

    template_name = "recommendations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = document.get_consultation(with_organisations=True)
        context["consultation"] = consultation
        context["themes"] = document.theme_outline(consultation) if consultation else []
        if consultation:
            today = timezone.localdate()
            context.update(
                answers=stats.answer_counts(today),
                implementation=stats.implementation_counts(),
                theme_rows=stats.by_theme(),
                recipient_rows=stats.by_recipient(today),
                overdue=stats.overdue_summary(today),
                latest_events=stats.latest_events(limit=10),
            )
        return context


class RecommendationListView(FilterView):
    """The recommendations, filterable, each linking to its page.

    A filter value the site does not know (an old link, a typo, a hand-made URL) never ends in
    an error page: the form says what was not understood, that criterion is left out
    (``strict = False``) and the others still apply. A page number past the end shows the last
    page, and a page number that is not a number shows the first, each with a notice.
    """

    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = 50
    strict = False

    def get_queryset(self):
        return selectors.recommendation_list()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        requested = self.request.GET.get(self.page_kwarg, "").strip()
        page = paginator.get_page(requested)
        try:
            wanted = int(requested)
        except ValueError:
            wanted = None
        self.page_corrected = bool(requested) and wanted != page.number
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_corrected"] = self.page_corrected
        context["active_filters"] = sum(
            1
            for name in self.filterset.form.fields
            if name != "q" and self.request.GET.get(name, "").strip()
        )
        return context


def action_forms(recommendation, user):
    """The coordination's forms for this recommendation, each only if the user may use it."""
    forms = {}
    reference = recommendation.reference
    if user.has_perm("recommendations.validate_recommendation") and (
        recommendation.stage == Recommendation.Stage.FORMULATED
    ):
        forms["validate_form"] = ValidateForm(
            action=reverse("recommendations:validate", args=[reference]), prefix_id="valider"
        )
    if user.has_perm("recommendations.transmit_recommendation") and (
        recommendation.stage != Recommendation.Stage.FORMULATED
    ):
        forms["transmit_form"] = TransmitForm(
            action=reverse("recommendations:transmit", args=[reference]), prefix_id="transmettre"
        )
    if user.has_perm("recommendations.record_implementation"):
        forms["implementation_form"] = ImplementationForm(
            action=reverse("recommendations:implementation", args=[reference]),
            prefix_id="mise-en-oeuvre",
        )
    return forms


class RecommendationDetailView(DetailView):
    """A recommendation: where it comes from, who it was sent to, what they said, what was done."""

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "recommendation"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    def get_queryset(self):
        queryset = selectors.recommendation_detail()
        if not self.request.user.has_perm("recommendations.change_recommendation"):
            queryset = queryset.filter(is_published=True)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(action_forms(self.object, user))
        context["can_record_answer"] = user.has_perm("recommendations.record_answer")
        return context


class RecommendationActionView(PermissionRequiredMixin, ActionFormMixin, ServiceFormView):
    """Run one follow-up service from a coordination form, then show the history."""

    raise_exception = True
    template_name = "recommendations/action.html"

    @cached_property
    def recommendation(self):
        return get_object_or_404(Recommendation, reference=self.kwargs["reference"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendation"] = self.recommendation
        context["title"] = self.title
        return context

    def get_success_url(self):
        return f"{self.recommendation.get_absolute_url()}#historique"


class ValidateView(RecommendationActionView):
    permission_required = "recommendations.validate_recommendation"
    form_class = ValidateForm

    title = gettext_lazy("Valider la recommandation")
    success_message = gettext_lazy("La recommandation est validée.")

    def perform(self, data):
        services.validate(
            self.recommendation,
            validated_on=data["validated_on"],
            reason=data["reason"],
            by=self.request.user,
        )


class TransmitView(RecommendationActionView):
    permission_required = "recommendations.transmit_recommendation"
    form_class = TransmitForm

    title = gettext_lazy("Transmettre la recommandation")
    success_message = gettext_lazy("La recommandation est transmise.")

    def perform(self, data):
        # One transaction for all recipients: either every transmission is opened or none.
        with transaction.atomic():
            for recipient in data["recipients"]:
                services.transmit(
                    self.recommendation,
                    recipient=recipient,
                    sent_on=data["sent_on"],
                    response_due=data["response_due"],
                    covering_letter_url=data["covering_letter_url"],
                    reason=data["reason"],
                    by=self.request.user,
                )


class AnswerView(RecommendationActionView):
    permission_required = "recommendations.record_answer"
    form_class = AnswerForm

    @cached_property
    def transmission(self):
        return get_object_or_404(
            Transmission.objects.select_related("recipient"),
            pk=self.kwargs["transmission"],
            recommendation=self.recommendation,
        )

    @property
    def title(self):
        return _("Réponse de %(recipient)s") % {"recipient": self.transmission.recipient}

    success_message = gettext_lazy("La réponse est enregistrée.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transmission"] = self.transmission
        return context

    def perform(self, data):
        services.record_answer(
            self.transmission,
            answer=data["answer"],
            answered_on=data["answered_on"],
            summary=data["summary"],
            proof_url=data["proof_url"],
            rerouted_to=data["rerouted_to"],
            reason=data["reason"],
            by=self.request.user,
        )


class ImplementationView(RecommendationActionView):
    permission_required = "recommendations.record_implementation"
    form_class = ImplementationForm

    title = gettext_lazy("Enregistrer la mise en œuvre")
    success_message = gettext_lazy("La mise en œuvre est enregistrée.")

    def perform(self, data):
        services.record_implementation(
            self.recommendation,
            status=data["status"],
            effective_on=data["effective_on"],
            proof_url=data["proof_url"],
            reason=data["reason"],
            by=self.request.user,
        )


class DashboardView(PermissionRequiredMixin, TemplateView):
    """What needs the coordination's action: drafts, overdue answers, recommendations gone quiet."""

    permission_required = "recommendations.validate_recommendation"
    template_name = "recommendations/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            today=today,
            drafts=selectors.drafts_to_validate(),
            overdue=selectors.overdue_transmissions(today),
            stale=selectors.stale_recommendations(today),
            stale_days=settings.STALE_AFTER_DAYS,
        )
        return context


class ProgressView(TemplateView):
    """Month by month, how many recommendations stood at each stage and implementation status."""

    template_name = "recommendations/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = stats.progress_by_month(timezone.localdate())
        return context


class StatusGuideView(TemplateView):
    """How to read the statuses: what each one means, the rules behind them, who decides."""

    template_name = "recommendations/status_guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = plain.guide_sections()
        context["deadline_days"] = settings.RESPONSE_DEADLINE_DAYS
        return context
