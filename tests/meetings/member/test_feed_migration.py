"""The migration that hashes existing calendar feed tokens: old feed URLs keep working."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("meetings", "0011_offline_preference")]
AFTER = [("meetings", "0012_calendar_feed_token_hash")]


def test_existing_tokens_are_hashed_in_place(client):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="medlem")
    old.get_model("meetings", "CalendarFeed").objects.create(user=user, token="gammel-token")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    feed = CalendarFeed.objects.get(user__username="medlem")
    assert feed.token_hash == hashlib.sha256(b"gammel-token").hexdigest()
    assert client.get("/kalender/gammel-token.ics").status_code == 200
