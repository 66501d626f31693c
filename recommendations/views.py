"""Public follow-up pages, and the coordination's actions on a recommendation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView, View
from django_filters.views import FilterView

from . import selectors, services, stats
from .filters import RecommendationFilter
from .forms import AnswerForm, ImplementationForm, TransmitForm, ValidateForm
from .models import Recommendation, Transmission, TransmissionDocument


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


class RecommendationActionView(PermissionRequiredMixin, FormView):
    """Run one follow-up service from a coordination form; show its refusal on the form."""

    raise_exception = True
    template_name = "recommendations/action.html"
    http_method_names = ["get", "post"]

    @cached_property
    def recommendation(self):
        return get_object_or_404(Recommendation, reference=self.kwargs["reference"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["action"] = self.request.path
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendation"] = self.recommendation
        context["title"] = self.title
        return context

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except services.TransitionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(f"{self.recommendation.get_absolute_url()}#historique")


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
        services.transmit_to_recipients(
            self.recommendation,
            recipients=data["recipients"],
            sent_on=data["sent_on"],
            response_due=data["response_due"],
            covering_letter_url=data["covering_letter_url"],
            letter_template=data["letter_template"],
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


class FrozenDocumentView(View):
    """A letter or dossier exactly as it was sent, from the storage, never changed."""

    def get(self, request, reference, pk, filename):
        document = get_object_or_404(
            TransmissionDocument.objects.select_related("transmission__recommendation"),
            pk=pk,
            transmission__recommendation__reference=reference,
        )
        recommendation = document.transmission.recommendation
        if document.filename != filename or not (
            recommendation.is_published
            or request.user.has_perm("recommendations.change_recommendation")
        ):
            raise Http404
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=document.content_type, filename=filename)
        response["Content-Length"] = str(document.size)
        # The file never changes: its address can be cached for good and checked by its hash.
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        response["ETag"] = f'"{document.sha256}"'
        return response
