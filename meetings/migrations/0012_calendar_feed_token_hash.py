"""Store a hash of each calendar feed token instead of the token (issue 11, point 28).

Existing feeds keep working: their tokens are hashed in place, and the feed view hashes the
token it is given. Going back cannot restore a token from its hash, so the reverse step
deletes the feeds (their owners make new addresses).
"""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("meetings", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.token_hash = hashlib.sha256(feed.token_hash.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


def forget_feeds(apps, schema_editor):
    apps.get_model("meetings", "CalendarFeed").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0011_offline_preference")]

    operations = [
        migrations.RenameField("calendarfeed", "token", "token_hash"),
        migrations.RunPython(hash_tokens, forget_feeds),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
