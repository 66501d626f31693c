"""Partners' and coordinators' actions on a recommendation's discussion, and unsubscribing.

Like the follow-up's action views: a missing permission is a 403 that changes nothing; a move the
rules refuse shows its reason on the form, with the text that was typed still in it.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from core.idempotency import IdempotentSubmitMixin
from core.services import ServiceError
from core.views import ActionFormMixin, ServiceFormView
from recommendations.models import Recommendation

from . import notifications, selectors, services
from .forms import CommentForm, EditForm, HideForm, ReplyForm, ReportForm, VerdictForm
from .models import Comment
from .templatetags.discussion_tags import THREADS_ON_PAGE


def published_recommendation(reference):
    return get_object_or_404(Recommendation.objects.published(), reference=reference)


class DiscussionMixin(PermissionRequiredMixin):
    """Shared by every action: 403 without the right, the recommendation, a safe way back."""

    raise_exception = True

    def way_back(self, anchor):
        wanted = self.request.POST.get("next", "")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return f"{self.recommendation.get_absolute_url()}#{anchor}"


class SignedInMixin(DiscussionMixin):
    def has_permission(self):
        return self.request.user.is_authenticated


class DiscussionFormView(DiscussionMixin, ActionFormMixin, ServiceFormView):
    """Run one discussion service from a form; ``perform`` returns the anchor to go back to."""

    template_name = "discussion/action.html"
    comment = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["next_url"] = self.request.GET.get("next", "") or self.request.POST.get("next", "")
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(recommendation=self.recommendation, title=self.title, comment=self.comment)
        return context

    def get_success_url(self):
        return self.way_back(self.result)


class CommentCreateView(IdempotentSubmitMixin, DiscussionFormView):
    permission_required = "discussion.add_comment"
    form_class = CommentForm
    prefix_id = "commenter"
    title = gettext_lazy("Commenter la recommandation")
    success_message = gettext_lazy("Votre commentaire est publié.")

    @cached_property
    def recommendation(self):
        return published_recommendation(self.kwargs["reference"])

    def perform(self, data):
        comment = services.post_comment(
            recommendation=self.recommendation, author=self.request.user, body=data["body"]
        )
        return comment.anchor


class CommentActionMixin:
    """An action on one shown comment of a published recommendation.

    A hidden comment is a 404 here, for every action (reply, edit, report): its text is the
    coordination's to see. Moderators reach it through ``ModeratedCommentMixin``.
    """

    @cached_property
    def comment(self):
        return get_object_or_404(
            Comment.objects.visible().select_related("recommendation", "author", "organisation"),
            pk=self.kwargs["pk"],
            recommendation__is_published=True,
        )

    @property
    def recommendation(self):
        return self.comment.recommendation


class ReplyView(IdempotentSubmitMixin, CommentActionMixin, DiscussionFormView):
    permission_required = "discussion.add_comment"
    form_class = ReplyForm
    prefix_id = "repondre"
    title = gettext_lazy("Répondre au commentaire")
    success_message = gettext_lazy("Votre réponse est publiée.")

    def perform(self, data):
        reply = services.post_comment(
            recommendation=self.recommendation,
            author=self.request.user,
            body=data["body"],
            parent=self.comment,
        )
        return reply.anchor


class CommentEditView(CommentActionMixin, DiscussionFormView):
    permission_required = "discussion.add_comment"
    form_class = EditForm
    prefix_id = "modifier"
    title = gettext_lazy("Modifier votre commentaire")
    success_message = gettext_lazy(
        "Votre commentaire est modifié ; la version précédente est gardée."
    )

    def has_permission(self):
        return super().has_permission() and self.comment.author_id == self.request.user.pk

    def get_initial(self):
        return {"body": self.comment.body}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # After a refused POST the form stays, with the reason and the text that was typed.
        context["edit_window_over"] = self.request.method == "GET" and not (
            self.comment.can_be_edited_by(self.request.user)
        )
        return context

    def perform(self, data):
        services.edit_comment(self.comment, body=data["body"], by=self.request.user)
        return self.comment.anchor


class ReportView(CommentActionMixin, SignedInMixin, DiscussionFormView):
    form_class = ReportForm
    prefix_id = "signaler"
    title = gettext_lazy("Signaler le commentaire à la coordination")
    success_message = gettext_lazy("Merci : la coordination va examiner ce commentaire.")

    def perform(self, data):
        services.report_comment(self.comment, reason=data["reason"], by=self.request.user)
        return self.comment.anchor


class ModeratedCommentMixin(CommentActionMixin):
    """Coordinators moderate comments of any recommendation, published or not."""

    permission_required = "discussion.moderate_comment"

    @cached_property
    def comment(self):
        return get_object_or_404(
            Comment.objects.select_related("recommendation", "author", "organisation"),
            pk=self.kwargs["pk"],
        )


class HideView(ModeratedCommentMixin, DiscussionFormView):
    form_class = HideForm
    prefix_id = "masquer"
    title = gettext_lazy("Masquer le commentaire")
    success_message = gettext_lazy("Le commentaire est masqué ; son texte reste gardé.")

    def perform(self, data):
        services.hide_comment(self.comment, reason=data["reason"], by=self.request.user)
        return self.comment.anchor


class ButtonView(DiscussionMixin, View):
    """A one-button action (no text to type): POST only; a refusal is explained on a 403 page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            anchor = self.perform()
        except ServiceError as error:
            return render(
                request,
                "discussion/refused.html",
                {"recommendation": self.recommendation, "message": error.message},
                status=403,
            )
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.way_back(anchor))


class RestoreView(ModeratedCommentMixin, ButtonView):
    success_message = gettext_lazy("Le commentaire est rétabli.")

    def perform(self):
        services.restore_comment(self.comment, by=self.request.user)
        return self.comment.anchor


class DismissReportsView(ModeratedCommentMixin, ButtonView):
    success_message = gettext_lazy("Les signalements sont classés ; le commentaire reste affiché.")

    def perform(self):
        services.dismiss_reports(self.comment, by=self.request.user)
        return self.comment.anchor


class VerdictView(IdempotentSubmitMixin, DiscussionFormView):
    permission_required = ["discussion.add_verdict", "discussion.add_comment"]
    form_class = VerdictForm
    prefix_id = "avis"
    title = gettext_lazy("Donner l’avis du terrain")
    success_message = gettext_lazy("L’avis de votre organisation est publié.")

    @cached_property
    def recommendation(self):
        return published_recommendation(self.kwargs["reference"])

    def perform(self, data):
        verdict = services.give_verdict(
            recommendation=self.recommendation,
            verdict=data["verdict"],
            body=data["body"],
            by=self.request.user,
        )
        return verdict.comment.anchor


class CoSignView(ButtonView):
    permission_required = "discussion.add_cosignature"
    success_message = gettext_lazy("Votre organisation soutient cette recommandation.")

    @cached_property
    def recommendation(self):
        return published_recommendation(self.kwargs["reference"])

    def perform(self):
        services.cosign(recommendation=self.recommendation, by=self.request.user)
        return "soutiens"


class WithdrawView(CoSignView):
    success_message = gettext_lazy("Le soutien de votre organisation est retiré.")

    def perform(self):
        services.withdraw_cosignature(recommendation=self.recommendation, by=self.request.user)
        return "soutiens"


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe from an email's link: no account needed, the signed token is proof.

    GET asks for confirmation (a link opened by a mail scanner changes nothing); POST, from the
    page's button or from the mail client (RFC 8058 ``List-Unsubscribe-Post``), unsubscribes.
    CSRF protection is not needed: the token alone names the account, and only its owner has it.
    """

    http_method_names = ["get", "post"]
    template_name = "discussion/unsubscribe.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.subscriber, self.target = notifications.read_unsubscribe_token(kwargs["token"])
        except signing.BadSignature:
            return render(request, "discussion/unsubscribe_invalid.html", status=400)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"recommendation": self.target, "done": False})

    def post(self, request, *args, **kwargs):
        services.unsubscribe(user=self.subscriber, recommendation=self.target)
        return render(request, self.template_name, {"recommendation": self.target, "done": True})


class CommentPagesView(TemplateView):
    """Every comment thread of a recommendation, newest first, a bounded number per page."""

    template_name = "discussion/comments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = published_recommendation(self.kwargs["reference"])
        user = self.request.user
        is_moderator = user.has_perm("discussion.moderate_comment")
        threads = selectors.comment_threads(recommendation, with_versions=is_moderator)
        page = Paginator(threads, THREADS_ON_PAGE).get_page(self.request.GET.get("page"))
        now = timezone.now()
        organisation = services.organisation_of(user) if user.is_authenticated else None
        for comment in page.object_list:
            for each in (comment, *comment.replies.all()):
                each.can_edit = each.can_be_edited_by(user, now)
        context.update(
            recommendation=recommendation,
            page_obj=page,
            comments=page.object_list,
            is_moderator=is_moderator,
            can_comment=organisation is not None and user.has_perm("discussion.add_comment"),
        )
        return context


class LocateCommentView(View):
    """Send a link to a comment to the page that shows it, whichever page that now is."""

    def get(self, request, pk):
        comment = get_object_or_404(
            Comment.objects.select_related("recommendation", "parent"),
            pk=pk,
            recommendation__is_published=True,
        )
        page = selectors.thread_position(comment) // THREADS_ON_PAGE + 1
        recommendation = comment.recommendation
        if page == 1:
            address = recommendation.get_absolute_url()
        else:
            address = reverse("discussion:comments", args=[recommendation.reference])
            address += f"?page={page}"
        return HttpResponseRedirect(f"{address}#{comment.anchor}")
