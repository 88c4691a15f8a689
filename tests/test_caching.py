"""Pages with a committee's material are never kept by a cache; signing out clears the browser."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from meetings.models import Role
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_members_pages_are_private_and_not_stored(client):
    dap = CommitteeFactory()
    meeting = MeetingFactory(committee=dap)
    client.force_login(member(dap, Role.MEMBER))
    for url in (
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:meeting_detail", args=[999_999]),  # a 404 too
    ):
        response = client.get(url)
        assert {"private", "no-store"} <= _directives(response), url
        assert get_max_age(response) is None


def test_a_view_that_chose_its_own_caching_keeps_it(client):
    client.force_login(member(CommitteeFactory(), Role.MEMBER))
    response = client.get(reverse("offline:service_worker"))
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("url_name", ["account_logout", "logout", "admin:logout"])
def test_signing_out_clears_the_browsers_cache_and_storage(client, url_name):
    user = UserFactory(is_staff=True, is_superuser=url_name == "admin:logout")
    client.force_login(user)
    response = client.post(reverse(url_name))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in _directives(response)
    assert "_auth_user_id" not in client.session
