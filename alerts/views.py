"""Public pages of the alerts: subscribe, confirm, manage, unsubscribe. No account anywhere."""

from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from . import ratelimit, services
from .forms import FrequencyForm, SubscribeForm
from .models import Subscriber, Subscription

Scope = Subscription.Scope


class SubscribeView(FormView):
    """Ask for alerts; the answer is the same whether the address is known or not."""

    form_class = SubscribeForm
    template_name = "alerts/subscribe.html"

    def get_initial(self):
        initial = super().get_initial()
        for field, scope in (
            ("recommendation", Scope.RECOMMENDATION),
            ("theme", Scope.THEME),
            ("recipient", Scope.RECIPIENT),
        ):
            value = self.request.GET.get(field, "").strip()
            if value:
                initial.update({field: value, "scope": scope})
        return initial

    def form_valid(self, form):
        if not ratelimit.visitor_allowed(self.request):
            form.add_error(
                None,
                _(
                    "Trop de demandes sont venues de votre connexion en peu de temps. "
                    "Réessayez dans une heure ; rien n’a été enregistré."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        email = form.cleaned_data["email"]
        # Past its own limit an address is silently left alone: the page must not tell.
        if ratelimit.address_allowed(email):
            services.request_subscription(
                email=email,
                scope=form.cleaned_data["scope"],
                frequency=form.cleaned_data["frequency"],
                language=get_language(),
                target=form.target,
            )
        return redirect("alerts:sent")


class SentView(TemplateView):
    template_name = "alerts/sent.html"


class KeyedView(View):
    """A page reached from a link in a message: the random key in the address is the proof."""

    model = Subscription
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.object = (
            self.model.objects.select_related(*self.related).filter(key=kwargs["key"]).first()
        )
        if self.object is None:
            return render(request, "alerts/invalid_link.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    related = ["subscriber", "recommendation", "theme", "recipient"]


class ConfirmView(KeyedView):
    """GET asks (a mail scanner opening the link confirms nothing); POST confirms."""

    def get(self, request, *args, **kwargs):
        return render(request, "alerts/confirm.html", {"subscription": self.object})

    def post(self, request, *args, **kwargs):
        services.confirm(self.object)
        return render(
            request, "alerts/confirm.html", {"subscription": self.object, "confirmed": True}
        )


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(KeyedView):
    """One-click unsubscribe (RFC 8058): POST from the mail client or from the page's button.

    CSRF protection is not needed: only the address owner has the random key.
    """

    def get(self, request, *args, **kwargs):
        return render(request, "alerts/unsubscribe.html", {"subscription": self.object})

    def post(self, request, *args, **kwargs):
        subject = str(self.object.subject)
        services.unsubscribe(self.object)
        return render(request, "alerts/unsubscribe.html", {"done": True, "subject": subject})


class ManageView(KeyedView):
    """The alerts of one address: change their rhythm, stop one, or forget the address."""

    model = Subscriber
    related = []

    def subscriptions(self):
        return self.object.subscriptions.select_related(
            "recommendation", "theme", "recipient"
        ).order_by("created", "pk")

    def get(self, request, *args, **kwargs):
        return self.show(request)

    def show(self, request, **extra):
        return render(
            request,
            "alerts/manage.html",
            {
                "subscriber": self.object,
                "subscriptions": self.subscriptions(),
                "frequencies": Subscription.Frequency.choices,
                **extra,
            },
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "forget":
            services.forget(self.object)
            return render(request, "alerts/unsubscribe.html", {"done": True, "forgotten": True})
        subscription = self.object.subscriptions.filter(
            key=request.POST.get("subscription")
        ).first()
        form = FrequencyForm(request.POST)
        if subscription is None or not form.is_valid():
            return self.show(request, error=_("Ce choix n’a pas été compris ; rien n’a changé."))
        services.change_frequency(subscription, form.cleaned_data["frequency"])
        return self.show(request, saved=_("C’est enregistré."))
