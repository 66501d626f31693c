"""Accounts pages: invitations, the partners' accounts, one's own email choices."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, RedirectView, TemplateView, UpdateView

from core import limits, roles
from core.emails import site_url
from core.idempotency import IdempotentSubmitMixin
from core.services import ServiceError
from core.views import ServiceFormView

from . import services
from .forms import AcceptInvitationForm, InvitationForm, LocalisedPasswordResetForm, ProfileForm
from .models import Invitation

INVITE_PERMISSION = "partners.invite_partner"


class SignedInRequiredMixin(LoginRequiredMixin):
    """Send an anonymous visitor to the login page, but refuse an anonymous POST outright."""

    def handle_no_permission(self):
        if self.request.method == "POST":
            raise PermissionDenied
        return super().handle_no_permission()


class StartView(SignedInRequiredMixin, RedirectView):
    """Where signing in leads: the dashboard for the coordination, the welcome page otherwise."""

    def get_redirect_url(self, *args, **kwargs):
        if roles.is_coordinator(self.request.user):
            return reverse("recommendations:dashboard")
        return reverse("partners:welcome")


class InviteView(IdempotentSubmitMixin, PermissionRequiredMixin, ServiceFormView):
    """A coordinator invites a partner by email, for an organisation."""

    permission_required = INVITE_PERMISSION
    raise_exception = True
    form_class = InvitationForm
    template_name = "partners/invite.html"
    success_url = reverse_lazy("partners:accounts")

    def perform(self, data):
        invitation = services.invite(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            organisation=data["organisation"],
            language=data["language"],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("L’invitation est envoyée à %(email)s. Le lien est valable 7 jours.")
            % {"email": invitation.email},
        )
        return invitation


class AcceptInvitationView(FormView):
    """The invitee opens the signed link, chooses a password and is signed in."""

    form_class = AcceptInvitationForm
    template_name = "partners/accept.html"
    problem_template = "partners/invitation_problem.html"
    problem_status = {
        services.InvitationError.INVALID: 400,
        services.InvitationError.EXPIRED: 410,
        services.InvitationError.USED: 410,
    }

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = services.resolve_invitation(kwargs["token"])
        except services.InvitationError as error:
            return self.problem(error.reason)
        return super().dispatch(request, *args, **kwargs)

    def problem(self, reason):
        return render(
            self.request,
            self.problem_template,
            {"reason": reason},
            status=self.problem_status[reason],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["invitation"] = self.invitation
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.accept_invitation(
                self.invitation,
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except services.InvitationError as error:
            return self.problem(error.reason)
        login(self.request, user, backend="core.auth.AccountBackend")
        return HttpResponseRedirect(reverse("partners:welcome"))


class WelcomeView(SignedInRequiredMixin, TemplateView):
    """A short welcome: who you speak for and what you can do here."""

    template_name = "partners/welcome.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = services.get_profile(self.request.user)
        return context


class AccountView(SignedInRequiredMixin, UpdateView):
    """Mon compte: the language of one's emails and which emails to receive."""

    form_class = ProfileForm
    template_name = "partners/account.html"
    success_url = reverse_lazy("partners:account")

    def get_object(self, queryset=None):
        return services.get_profile(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["is_coordinator"] = roles.is_coordinator(self.request.user)
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Vos choix sont enregistrés."))
        return response


class PartnerAccountListView(PermissionRequiredMixin, ListView):
    """The partners' accounts, to switch them off and on, and the invitations still open."""

    permission_required = INVITE_PERMISSION
    raise_exception = True
    template_name = "partners/partner_list.html"
    context_object_name = "accounts"

    def get_queryset(self):
        return (
            roles.partner_accounts()
            .select_related("profile__organisation")
            .order_by("-is_active", "last_name", "first_name", "username")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending_invitations"] = (
            Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("organisation")
            .order_by("expires_at")
        )
        return context


class AccountActivationView(PermissionRequiredMixin, View):
    """Switch a partner's account off or on; only by POST, only by the coordination."""

    permission_required = INVITE_PERMISSION
    raise_exception = True
    http_method_names = ["post"]
    active = False

    @cached_property
    def account(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        action = services.reactivate if self.active else services.deactivate
        name = self.account.get_full_name() or self.account.get_username()
        try:
            action(self.account, by=request.user)
        except ServiceError as error:
            raise PermissionDenied(error.message) from error
        if self.active:
            message = _("Le compte de %(name)s est réactivé.")
        else:
            message = _("Le compte de %(name)s est désactivé. Ses contributions restent publiées.")
        messages.success(request, message % {"name": name})
        return HttpResponseRedirect(reverse("partners:accounts"))


class PartnerPasswordResetView(PasswordResetView):
    """Django's reset by email, in plain text and HTML, in the account's language."""

    form_class = LocalisedPasswordResetForm
    html_email_template_name = "registration/password_reset_email_html.html"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": site_url()}
        verdict = limits.password_reset_verdict(self.request, form.cleaned_data["email"])
        if verdict == limits.TOO_MANY_FROM_CLIENT:
            form.add_error(None, limits.TOO_MANY_RESETS_MESSAGE)
            return self.form_invalid(form)
        if verdict == limits.TOO_MANY_FOR_ADDRESS:
            # Say nothing different: whether the address has an account stays unknown.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
