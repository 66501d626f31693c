"""A signed-in reader's permissions are kept in the shared cache, and stay exact.

``core.auth.AccountBackend`` keeps them under the content version; the tables that grant them
are watched, so a role given or taken away counts on the very next request.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from discussion.models import Comment

pytestmark = pytest.mark.django_db

COMMENT_FORM = 'id="commenter"'
TRANSMIT_FORM = 'id="transmettre"'


def page(client, recommendation):
    response = client.get(recommendation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def permission_queries(client, recommendation):
    with CaptureQueriesContext(connection) as run:
        client.get(recommendation.get_absolute_url())
    return [query["sql"] for query in run.captured_queries if "auth_permission" in query["sql"]]


def test_the_second_page_reads_no_permission(client, alice, answered):
    client.force_login(alice)
    assert permission_queries(client, answered)
    assert permission_queries(client, answered) == []
    assert COMMENT_FORM in page(client, answered)


def test_a_partner_taken_out_of_the_partners_loses_the_forms_at_once(client, alice, answered):
    client.force_login(alice)
    assert COMMENT_FORM in page(client, answered)

    alice.groups.remove(Group.objects.get(name=roles.PARTNERS))

    assert COMMENT_FORM not in page(client, answered)
    url = reverse("discussion:comment", args=[answered.reference])
    response = client.post(url, {"body": "Toujours là ?"})
    assert response.status_code == 403
    assert not Comment.objects.filter(body="Toujours là ?").exists()


def test_a_permission_taken_from_the_group_counts_at_once(client, alice, answered):
    client.force_login(alice)
    assert COMMENT_FORM in page(client, answered)

    partners = Group.objects.get(name=roles.PARTNERS)
    partners.permissions.remove(Permission.objects.get(codename="add_comment"))

    assert COMMENT_FORM not in page(client, answered)


def test_a_role_given_shows_its_tools_on_the_next_request(client, partner, answered):
    client.force_login(partner)
    assert TRANSMIT_FORM not in page(client, answered)

    roles.add_role(partner, roles.COORDINATION)

    assert TRANSMIT_FORM in page(client, answered)


def test_a_deactivated_account_is_signed_out(client, alice, answered):
    client.force_login(alice)
    assert COMMENT_FORM in page(client, answered)

    alice.is_active = False
    alice.save(update_fields=["is_active"])

    html = page(client, answered)
    assert COMMENT_FORM not in html
    assert "Se déconnecter" not in html


def test_without_the_cache_permissions_are_read_each_time(client, alice, answered, settings):
    settings.PUBLIC_PAGE_CACHE = False
    client.force_login(alice)
    assert permission_queries(client, answered)
    assert permission_queries(client, answered)
