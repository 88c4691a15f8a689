"""GIN indexes for search (issue 5), on PostgreSQL only: SQLite searches with a plain match.

Each index is over the very expression `meetings.search` puts left of `@@` (Django's
SearchVector with the Danish configuration and the weights), so the planner can use it.
"""

from django.db import migrations

INDEXES = {
    "meetings_item_title_fts": (
        "meetings_agendaitem",
        "setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A')",
    ),
    "meetings_item_decision_fts": (
        "meetings_agendaitem",
        "setweight(to_tsvector('danish'::regconfig, COALESCE(decision_html, '')), 'B')",
    ),
    "meetings_section_fts": (
        "meetings_itemsection",
        "(setweight(to_tsvector('danish'::regconfig, COALESCE(heading, '')), 'B') || "
        "setweight(to_tsvector('danish'::regconfig, COALESCE(html, '')), 'C'))",
    ),
    "meetings_bilag_fts": (
        "meetings_bilag",
        "(setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A') || "
        "setweight(to_tsvector('danish'::regconfig, COALESCE(text, '')), 'C'))",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN (({expression}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_frozen_embeds_budget_proposals"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
