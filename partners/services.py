"""Everything that changes accounts: invitations, their acceptance, deactivation."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import roles
from core.emails import queue_email, site_url
from core.services import ServiceError

from .models import INVITATION_EMAIL_MAX_LENGTH, Invitation, Profile

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = datetime.timedelta(days=7)
INVITATION_SALT = "partners.invitation"


class InvitationError(Exception):
    """Why an invitation link cannot be used; ``reason`` chooses the page the visitor sees."""

    INVALID = "invalide"
    EXPIRED = "expiree"
    USED = "utilisee"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def get_profile(user):
    """Return the user's profile, creating it with the defaults if the account has none yet."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def existing_account(email):
    """The account already using this address, as login name or email, if any."""
    User = get_user_model()
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()


def _signer():
    return signing.TimestampSigner(salt=INVITATION_SALT)


def invitation_token(invitation):
    """Sign the invitation's id: the link cannot be forged or altered without the secret key."""
    return _signer().sign(str(invitation.pk))


def invitation_url(invitation):
    """The absolute link to accept the invitation, in the invitee's language."""
    with translation.override(invitation.language):
        path = reverse("partners:accept", kwargs={"token": invitation_token(invitation)})
    return f"{site_url()}{path}"


def resolve_invitation(token):
    """Return the invitation a link points to, or raise InvitationError saying why it can't."""
    signer = _signer()
    try:
        pk = signer.unsign(token)
    except signing.BadSignature as error:
        raise InvitationError(InvitationError.INVALID) from error
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None:
        raise InvitationError(InvitationError.INVALID)
    if invitation.accepted_at is not None:
        raise InvitationError(InvitationError.USED)
    try:
        signer.unsign(token, max_age=INVITATION_VALIDITY)
    except signing.SignatureExpired as error:
        raise InvitationError(InvitationError.EXPIRED) from error
    if invitation.is_expired():
        raise InvitationError(InvitationError.EXPIRED)
    return invitation


@transaction.atomic
def invite(*, email, first_name, last_name, organisation, by, language=settings.LANGUAGE_CODE):
    """Record an invitation and email its link to the invitee once the transaction commits."""
    email = get_user_model().objects.normalize_email(email.strip())
    if len(email) > INVITATION_EMAIL_MAX_LENGTH:
        raise ServiceError(
            _("Une adresse e-mail compte au plus %(limit)s caractères ici.")
            % {"limit": INVITATION_EMAIL_MAX_LENGTH}
        )
    if existing_account(email):
        raise ServiceError(_("Un compte existe déjà pour cette adresse e-mail."), field="email")
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        organisation=organisation,
        language=language,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    context = {
        "invitation": invitation,
        "link": invitation_url(invitation),
        "invited_by": by.get_full_name() or by.get_username(),
        "site_url": site_url(),
    }
    # Written to the outbox in this transaction: it leaves only if the invitation is saved.
    queue_email(email, "partners/emails/invitation", context, language=language)
    logger.info("Invitation %s sent to %s by %s", invitation.pk, email, by.pk)
    return invitation


@transaction.atomic
def accept_invitation(invitation, *, password, first_name=None, last_name=None):
    """Create the partner's account from an invitation, once: group, organisation, language."""
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise InvitationError(InvitationError.USED)
    if invitation.is_expired():
        raise InvitationError(InvitationError.EXPIRED)
    if existing_account(invitation.email):
        raise InvitationError(InvitationError.USED)

    User = get_user_model()
    user = User(
        username=invitation.email.lower(),
        email=invitation.email,
        first_name=(first_name or invitation.first_name).strip(),
        last_name=(last_name or invitation.last_name).strip(),
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    roles.add_role(user, roles.PARTNERS)
    Profile.objects.update_or_create(
        user=user,
        defaults={"organisation": invitation.organisation, "language": invitation.language},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user", "modified"])
    logger.info("Invitation %s accepted: account %s created", invitation.pk, user.pk)
    return user


def _set_active(user, *, active, by):
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.pk == by.pk:
            raise ServiceError(_("Vous ne pouvez pas modifier votre propre compte ici."))
        if not roles.is_partner_account(user):
            raise ServiceError(_("Seuls les comptes des partenaires se gèrent ici."))
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
            logger.info(
                "Account %s %s by %s", user.pk, "reactivated" if active else "deactivated", by.pk
            )
    return user


def deactivate(user, *, by):
    """Stop an account from signing in; what it wrote stays, under its name."""
    return _set_active(user, active=False, by=by)


def reactivate(user, *, by):
    """Let a deactivated partner account sign in again."""
    return _set_active(user, active=True, by=by)
