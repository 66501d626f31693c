"""The site's two roles: their group names, what each may do, and who holds one.

This is the one place that names the groups. The groups themselves are rows of ``auth.Group``;
``sync_groups`` gives each the permissions listed here after every ``migrate``, so a permission
added by an app is granted by adding it below. (The early data migrations keep their own frozen
copy of the names, as migrations must.)
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

COORDINATION = "Coordination"
PARTNERS = "Partenaires"

#: What the coordination may do: run the follow-up, moderate, invite, read the records.
COORDINATION_PERMISSIONS = (
    "recommendations.add_recommendation",
    "recommendations.change_recommendation",
    "recommendations.view_recommendation",
    "recommendations.validate_recommendation",
    "recommendations.transmit_recommendation",
    "recommendations.record_answer",
    "recommendations.record_implementation",
    "recommendations.view_transmission",
    "recommendations.view_event",
    "recommendations.add_recipient",
    "recommendations.change_recipient",
    "recommendations.view_recipient",
    "recommendations.add_recipientcontact",
    "recommendations.change_recipientcontact",
    "recommendations.delete_recipientcontact",
    "recommendations.view_recipientcontact",
    "recommendations.view_answerlink",
    "recommendations.view_recipientanswer",
    "recommendations.view_coordinationnote",
    "recommendations.view_targetdate",
    "recommendations.view_implementingact",
    "recommendations.add_lettertemplate",
    "recommendations.change_lettertemplate",
    "recommendations.view_lettertemplate",
    "recommendations.view_transmissiondocument",
    "pages.change_page",
    "pages.view_page",
    "themes.view_consultation",
    "themes.view_theme",
    "themes.view_question",
    "themes.view_keyword",
    "themes.view_constat",
    "themes.view_solution",
    "themes.view_piste",
    "themes.add_organisation",
    "themes.change_organisation",
    "themes.view_organisation",
    "discussion.moderate_comment",
    "discussion.view_comment",
    "discussion.view_commentversion",
    "discussion.view_moderation",
    "discussion.view_report",
    "discussion.view_verdict",
    "discussion.view_cosignature",
    "discussion.view_unsubscription",
    "discussion.view_digestdelivery",
    "partners.invite_partner",
)

#: What a partner may do: speak for their organisation.
PARTNER_PERMISSIONS = (
    "recommendations.view_recommendation",
    "discussion.add_comment",
    "discussion.add_verdict",
    "discussion.add_cosignature",
)

ROLES = {COORDINATION: COORDINATION_PERMISSIONS, PARTNERS: PARTNER_PERMISSIONS}

#: The permission that makes an account a coordinator, for ``is_coordinator`` and ``coordinators``.
COORDINATOR_MARK = "recommendations.validate_recommendation"


def _permissions(names):
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_groups(**kwargs):
    """Create the role groups if needed and give each the permissions listed above."""
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(wanted))


def add_role(user, role):
    """Put an account in a role's group."""
    user.groups.add(Group.objects.get(name=role))


def is_coordinator(user):
    """Whether this account acts for the coordination (a superuser does too)."""
    return bool(user and user.is_authenticated and user.has_perm(COORDINATOR_MARK))


def coordinators():
    """The active accounts that hold the coordination's mark, through a group or directly."""
    mark = _permissions([COORDINATOR_MARK])
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=mark) | Q(user_permissions__in=mark))
        .distinct()
    )


def partner_accounts():
    """Partners' accounts: in the partners' group, neither coordinators nor superusers."""
    return (
        get_user_model()
        .objects.filter(groups__name=PARTNERS, is_superuser=False)
        .exclude(groups__name=COORDINATION)
    )


def is_partner_account(user):
    """Whether an account is a partner's that the coordination may switch off and on."""
    return partner_accounts().filter(pk=user.pk).exists()
