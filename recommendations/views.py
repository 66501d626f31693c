"""Public follow-up pages, and the coordination's actions on a recommendation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from core import cache as page_cache
from core.idempotency import IdempotentSubmitMixin
from core.paginator import IdsPaginator
from core.ratelimit import allow, client_address
from core.roles import is_coordinator
from core.services import ServiceError
from core.views import ActionFormMixin, ServiceFormView
from themes import selectors as document

from . import lines, plain, selectors, services, stats
from .filters import RecommendationFilter
from .forms import (
    AnswerForm,
    ImplementationForm,
    NewAnswerLinkForm,
    NoteForm,
    RecipientAnswerForm,
    TargetDateForm,
    TransmissionCorrectionForm,
    TransmitForm,
    ValidateForm,
    cited_act,
)
from .models import Event, RecipientAnswer, Recommendation, Transmission, TransmissionDocument

#: Where the coordination's actions start on a recommendation's page, and where they return.
ACTIONS_ANCHOR = "actions-coordination"


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


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class RecommendationListView(FilterView):
    """The recommendations, filterable, each linking to its page.

    A filter value the site does not know (an old link, a typo, a hand-made URL) never ends in
    an error page: the form says what was not understood, that criterion is left out
    (``strict = False``) and the others still apply. A page number past the end shows the last
    page, and a page number that is not a number shows the first, each with a notice.

    It only reads, so it runs outside the request's transaction (``ATOMIC_REQUESTS``): two
    round trips fewer on every list page and search.
    """

    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    # The page's ids (``IdsPaginator``): its lines are drawn or read by ``lines.page_lines``.
    context_object_name = "recommendation_ids"
    # Twenty-five a page keeps the page light (69 KB at thirty times the follow-up, with every
    # recipient's answer on each line) and quick to read on a phone; up to eight more stay on the
    # last page rather than make a page of their own, so the document's 33 fit on one.
    paginate_by = 25
    paginate_orphans = 8
    paginator_class = IdsPaginator
    strict = False

    def get_queryset(self):
        return selectors.filterable_recommendations()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
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
        result = self.filterset.search_result
        context["search_result"] = result
        context["lines"] = lines.page_lines(context["recommendation_ids"], result)
        if result is not None and not context["paginator"].count and not result.passages:
            context["suggestion"] = self.filterset.suggestion_query()
        return context


def targeted_recipients(recommendation):
    """The recipients the recommendation targets and not yet waiting on: ticked in advance."""
    waiting = {
        t.recipient_id
        for t in recommendation.transmissions.all()
        if t.answer == Transmission.Answer.PENDING
    }
    return [r.pk for r in recommendation.recipients.all() if r.pk not in waiting]


def action_forms(recommendation, user):
    """The coordination's forms for this recommendation, each only if the user may use it."""
    forms = {}
    reference = recommendation.reference
    if not is_coordinator(user):
        return forms
    initial = {"version": selectors.current_version(recommendation)}
    if user.has_perm("recommendations.validate_recommendation") and (
        recommendation.stage == Recommendation.Stage.FORMULATED
    ):
        forms["validate_form"] = ValidateForm(
            initial=initial,
            action=reverse("recommendations:validate", args=[reference]),
            prefix_id="valider",
        )
    if user.has_perm("recommendations.transmit_recommendation") and (
        recommendation.stage != Recommendation.Stage.FORMULATED
    ):
        forms["transmit_form"] = TransmitForm(
            initial={**initial, "recipients": targeted_recipients(recommendation)},
            action=reverse("recommendations:transmit", args=[reference]),
            prefix_id="transmettre",
        )
    if user.has_perm("recommendations.record_implementation"):
        forms["implementation_form"] = ImplementationForm(
            initial=initial,
            action=reverse("recommendations:implementation", args=[reference]),
            prefix_id="mise-en-oeuvre",
        )
    return forms


class RecommendationDetailView(DetailView):
    """A recommendation: where it comes from, who it was sent to, what they said, what was done.

    The page's body (statuses, origin, recipients and answers, commitments, history) is the same
    for every reader but the coordination: for them it is drawn once per content version and kept
    in the shared cache, and the queries behind it run only when it is drawn (``detail`` is
    lazy). A partner's page then draws only its own parts: the menu, the voice of the field.
    """

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "recommendation"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    @cached_property
    def coordination_view(self):
        """Whether the page shows the coordination's tools: then nothing of its body is shared."""
        user = self.request.user
        return any(user.has_perm(permission) for permission in COORDINATION_TOOLS)

    def get_queryset(self):
        if self.coordination_view:
            queryset = selectors.recommendation_detail()
        else:
            queryset = selectors.recommendation_heading()
        if not self.request.user.has_perm("recommendations.change_recommendation"):
            queryset = queryset.filter(is_published=True)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(action_forms(self.object, user))
        context["can_record_answer"] = user.has_perm("recommendations.record_answer")
        context["can_send_links"] = user.has_perm("recommendations.transmit_recommendation")
        context["can_set_target"] = user.has_perm("recommendations.record_implementation")
        if self.coordination_view:
            context["detail"] = detail_body(self.object)
        else:
            pk = self.object.pk
            context["detail"] = SimpleLazyObject(
                lambda: detail_body(selectors.recommendation_detail().get(pk=pk))
            )
        context["shared_body"] = not self.coordination_view
        context.update(page_cache.fragment_context())
        return context


# Any of these shows the coordination's tools in a recommendation's page.
COORDINATION_TOOLS = (
    "recommendations.change_recommendation",
    "recommendations.record_answer",
    "recommendations.transmit_recommendation",
    "recommendations.record_implementation",
)


def detail_body(recommendation):
    """What the body of a recommendation's page shows, from ``selectors.recommendation_detail``."""
    events = list(reversed(recommendation.recent_events))
    return {
        "recommendation": recommendation,
        "target_dates": list(recommendation.target_dates.all()),
        "acts": list(recommendation.acts.all()),
        "late_on_target": selectors.is_late_on_target(recommendation),
        "history_folded": recommendation.event_count > len(events),
        **history_context(recommendation, events, events),
    }


def history_context(recommendation, events, correcting):
    """What the history's template needs: the events shown (oldest first), the events that may
    correct them, and the range of numbers on this page (links to others go through
    ``recommendations:event``)."""
    return {
        "history_events": events,
        "history_correcting": correcting,
        "history_from": events[0].sequence if events else 0,
        "history_to": events[-1].sequence if events else 0,
    }


def _visible_recommendations(user):
    queryset = Recommendation.objects.all()
    if not user.has_perm("recommendations.change_recommendation"):
        queryset = queryset.filter(is_published=True)
    return queryset


class RecommendationHistoryView(DetailView):
    """A recommendation's whole history, oldest first, in pages of a bounded size."""

    template_name = "recommendations/recommendation_history.html"
    context_object_name = "recommendation"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    def get_queryset(self):
        return _visible_recommendations(self.request.user).select_related("theme")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = selectors.history_events().filter(recommendation=self.object)
        paginator = Paginator(events.order_by("sequence"), selectors.HISTORY_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        shown = list(page.object_list)
        pks = {event.pk for event in shown}
        later = [event for event in selectors.corrections_among(shown) if event.pk not in pks]
        context.update(history_context(self.object, shown, shown + later))
        context.update(page_obj=page, paginator=paginator)
        return context


class LocateEventView(View):
    """Send a link to an event (#evenement-12) to the page that shows it, whichever it now is."""

    def get(self, request, reference, sequence):
        recommendation = get_object_or_404(
            _visible_recommendations(request.user), reference=reference
        )
        get_object_or_404(Event, recommendation=recommendation, sequence=sequence)
        page = selectors.history_page_of(recommendation, sequence)
        if page == 0:
            address = recommendation.get_absolute_url()
        else:
            address = reverse("recommendations:history", args=[reference])
            if page > 1:
                address += f"?page={page}"
        return HttpResponseRedirect(f"{address}#evenement-{sequence}")


class RecommendationActionView(
    PermissionRequiredMixin, IdempotentSubmitMixin, ActionFormMixin, ServiceFormView
):
    """Run one follow-up service from a coordination form, once its public text is confirmed.

    The first submission shows exactly the history lines the action would publish; the
    « Confirmer et publier » button writes them and returns to the coordination's actions.
    """

    raise_exception = True
    template_name = "recommendations/action.html"
    confirm_first = True

    @cached_property
    def recommendation(self):
        return get_object_or_404(Recommendation, reference=self.kwargs["reference"])

    def get_initial(self):
        return {**super().get_initial(), "version": selectors.current_version(self.recommendation)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendation"] = self.recommendation
        context["title"] = self.title
        return context

    def preview(self, form):
        self.version_before = selectors.current_version(self.recommendation)
        return super().preview(form)

    def discard_dry_run(self):
        for name in ("recommendation", "transmission"):
            self.__dict__.pop(name, None)

    def render_preview(self):
        events = list(
            self.recommendation.events.filter(sequence__gt=self.version_before).select_related(
                "recommendation", "transmission__recipient", "corrects"
            )
        )
        return render_to_string(
            "recommendations/includes/preview.html",
            {"events": events, "letter_template": self.preview_letter_template()},
            request=self.request,
        )

    def preview_letter_template(self):
        return None

    def get_success_url(self):
        return f"{self.recommendation.get_absolute_url()}#{ACTIONS_ANCHOR}"


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
            seen_version=data["version"],
        )


class TransmitView(RecommendationActionView):
    permission_required = "recommendations.transmit_recommendation"
    form_class = TransmitForm

    title = gettext_lazy("Transmettre la recommandation")
    success_message = gettext_lazy("La recommandation est transmise.")

    def get_initial(self):
        return {**super().get_initial(), "recipients": targeted_recipients(self.recommendation)}

    def preview_letter_template(self):
        return self.letter_template

    def perform(self, data):
        self.letter_template = data["letter_template"]
        # The letters are written and frozen on confirmation only: a preview stores no file.
        services.transmit_to_recipients(
            self.recommendation,
            recipients=data["recipients"],
            sent_on=data["sent_on"],
            response_due=data["response_due"],
            covering_letter_url=data["covering_letter_url"],
            letter_template=None if self.previewing else data["letter_template"],
            reason=data["reason"],
            by=self.request.user,
            seen_version=data["version"],
        )


class TransmissionActionMixin:
    """For an action on one transmission of the recommendation, named by the URL."""

    @cached_property
    def transmission(self):
        return get_object_or_404(
            Transmission.objects.select_related("recipient"),
            pk=self.kwargs["transmission"],
            recommendation=self.recommendation,
        )


class AnswerView(TransmissionActionMixin, RecommendationActionView):
    permission_required = "recommendations.record_answer"
    form_class = AnswerForm

    @property
    def title(self):
        return _("Réponse de %(recipient)s") % {"recipient": self.transmission.recipient}

    success_message = gettext_lazy("La réponse est enregistrée.")

    @cached_property
    def answer_event(self):
        """The event that recorded the current answer, which a correction would correct."""
        if self.transmission.answer == Transmission.Answer.PENDING:
            return None
        return self.transmission.events.filter(axis=Event.Axis.ANSWER).order_by("-sequence").first()

    def get_initial(self):
        """A revision opens with the answer it revises."""
        initial = super().get_initial()
        sent = self.transmission
        if self.answer_event is not None:
            initial.update(
                answer=sent.answer,
                answered_on=sent.answered_on,
                reason=sent.answer_summary or self.answer_event.reason,
                proof_url=sent.answer_proof_url,
            )
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "corrected_event": self.answer_event}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transmission"] = self.transmission
        return context

    def perform(self, data):
        services.record_answer(
            self.transmission,
            answer=data["answer"],
            answered_on=data["answered_on"],
            summary=data["reason"],
            proof_url=data["proof_url"],
            rerouted_to=data["rerouted_to"],
            reason=data["reason"],
            by=self.request.user,
            corrects=self.answer_event if data.get("corrects") else None,
            seen_version=data["version"],
        )


class TransmissionCorrectionView(TransmissionActionMixin, RecommendationActionView):
    """Correct a transmission's sending date or recipient with a new, public, corrective event."""

    permission_required = "recommendations.transmit_recommendation"
    form_class = TransmissionCorrectionForm
    success_message = gettext_lazy(
        "La correction est publiée ; l’événement corrigé reste dans l’historique."
    )

    @property
    def title(self):
        return _("Corriger l’envoi à %(recipient)s") % {"recipient": self.transmission.recipient}

    def get_initial(self):
        sent = self.transmission
        return {**super().get_initial(), "sent_on": sent.sent_on, "recipient": sent.recipient_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transmission"] = self.transmission
        return context

    def perform(self, data):
        services.correct_transmission(
            self.transmission,
            sent_on=data["sent_on"],
            recipient=data["recipient"],
            reason=data["reason"],
            by=self.request.user,
            seen_version=data["version"],
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
            seen_version=data["version"],
            act=cited_act(data),
        )


class TargetDateView(RecommendationActionView):
    permission_required = "recommendations.record_implementation"
    form_class = TargetDateForm
    confirm_first = False

    title = gettext_lazy("Annoncer ou déplacer l’échéance de mise en œuvre")
    success_message = gettext_lazy("L’échéance est enregistrée ; les précédentes restent visibles.")

    def perform(self, data):
        services.set_target_date(
            self.recommendation,
            target_on=data["target_on"],
            reason=data["reason"],
            by=self.request.user,
        )


class NoteView(RecommendationActionView):
    """The coordination's note beside an event, typically a recipient's own answer."""

    permission_required = "recommendations.record_answer"
    form_class = NoteForm
    confirm_first = False

    @cached_property
    def event(self):
        return get_object_or_404(
            Event, recommendation=self.recommendation, sequence=self.kwargs["sequence"]
        )

    @property
    def title(self):
        return _("Note de la coordination sur l’événement n° %(number)s") % {
            "number": self.event.sequence
        }

    success_message = gettext_lazy("La note est publiée à côté de l’événement.")

    def perform(self, data):
        services.add_coordination_note(self.event, text=data["text"], by=self.request.user)

    def get_success_url(self):
        return reverse(
            "recommendations:event", args=[self.recommendation.reference, self.event.sequence]
        )


class AnswerLinkView(PermissionRequiredMixin, View):
    """Send a fresh answer link to a transmission's contacts, or revoke its links: POST only."""

    permission_required = "recommendations.transmit_recommendation"
    raise_exception = True
    http_method_names = ["post"]
    revoke = False

    def post(self, request, *args, **kwargs):
        transmission = get_object_or_404(
            Transmission.objects.select_related("recommendation", "recipient"),
            pk=kwargs["transmission"],
            recommendation__reference=kwargs["reference"],
        )
        if self.revoke:
            for link in transmission.answer_links.filter(revoked_at__isnull=True):
                services.revoke_answer_link(link, by=request.user)
            messages.success(request, _("Les liens de réponse de cette transmission sont retirés."))
        else:
            try:
                services.send_answer_link(transmission, by=request.user)
            except ServiceError as error:
                messages.warning(request, error.message)
            else:
                messages.success(
                    request,
                    _("Un lien de réponse est envoyé aux contacts de %(recipient)s.")
                    % {"recipient": transmission.recipient},
                )
        return HttpResponseRedirect(transmission.get_absolute_url())


class RecipientAnswerView(FormView):
    """Where an authority answers a recommendation sent to it, through its secret link."""

    template_name = "recommendations/recipient_answer.html"
    form_class = RecipientAnswerForm
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.link = services.usable_answer_link(kwargs["transmission"], kwargs["key"])
        except services.AnswerLinkRefused as refusal:
            return self.refused(refusal)
        return super().dispatch(request, *args, **kwargs)

    def refused(self, refusal):
        """Say why the link does not work; from a real but dead link, offer to ask for a new one."""
        new_link_form = None
        if refusal.link is not None:
            new_link_form = NewAnswerLinkForm(
                action=reverse("recommendations:new_answer_link", args=list(self.kwargs.values())),
                prefix_id="nouveau-lien",
            )
        return render(
            self.request,
            "recommendations/recipient_answer_refused.html",
            {"refusal": refusal, "new_link_form": new_link_form},
            status=404 if refusal.reason == "unknown" else 410,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.request.path, "prefix_id": "reponse"}

    def get_context_data(self, **kwargs):
        transmission = self.link.transmission
        previous = (
            RecipientAnswer.objects.filter(event__transmission=transmission)
            .select_related("event")
            .order_by("-created")
        )
        return super().get_context_data(
            transmission=transmission,
            recommendation=transmission.recommendation,
            previous_answers=previous,
            sent=self.request.GET.get("envoye") == "1",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not allow(f"answer-link:{client_address(request)}", limit=20, seconds=3600):
            return render(request, "recommendations/recipient_answer_slow_down.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.answer_as_recipient(
                self.link,
                answer=data["answer"],
                text=data["text"],
                letter_url=data["letter_url"],
                responder_name=data["responder_name"],
                responder_role=data["responder_role"],
                target_on=data["target_on"],
                rerouted_to=data["rerouted_to"],
            )
        except services.AnswerLinkRefused as refusal:
            return self.refused(refusal)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(f"{self.request.path}?envoye=1")


class NewAnswerLinkView(View):
    """Ask for a new answer link from an expired or revoked one; always the same reply."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        link = services.find_answer_link(kwargs["transmission"], kwargs["key"])
        if link is None:
            raise Http404("Unknown answer link")
        form = NewAnswerLinkForm(request.POST)
        if form.is_valid() and allow(
            f"new-answer-link:{client_address(request)}", limit=5, seconds=3600
        ):
            services.request_new_answer_link(link, email=form.cleaned_data["email"])
        return render(request, "recommendations/new_answer_link_sent.html")


class DashboardView(PermissionRequiredMixin, TemplateView):
    """What needs the coordination's action: drafts, overdue answers, recommendations gone quiet."""

    permission_required = "recommendations.validate_recommendation"
    template_name = "recommendations/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            today=today,
            drafts=selectors.first_rows(selectors.drafts_to_validate().order_by("reference")),
            overdue=selectors.first_rows(selectors.overdue_transmissions(today)),
            stale=selectors.first_rows(selectors.stale_recommendations(today)),
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


class StatusGuideView(TemplateView):
    """How to read the statuses: what each one means, the rules behind them, who decides."""

    template_name = "recommendations/status_guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = plain.guide_sections()
        context["deadline_days"] = settings.RESPONSE_DEADLINE_DAYS
        return context
