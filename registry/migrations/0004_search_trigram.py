"""Trigram GIN indexes for `?q=` search on PostgreSQL; nothing on other databases.

`field__icontains=word` is `UPPER("col"::text) LIKE UPPER('%word%')` on PostgreSQL, so each
index is on that very expression with `gin_trgm_ops`: the planner can then answer the LIKE
with a Bitmap Index Scan (words of 3 or more characters) instead of reading every row.
Only the large tables' searched text columns are indexed; the small ones (partners, areas,
agencies, facilities: hundreds of rows) are cheaper to scan.

Not in model Meta (a GinIndex there would not run on SQLite), so `makemigrations` knows
nothing of these indexes and stays clean.
"""

from django.db import migrations

# (table, column): the searched text columns of the tables that grow with the registry.
TRIGRAM_INDEXES = [
    ("registry_agreement", "title"),
    ("registry_agreement", "reference"),
    ("registry_agreement", "summary"),
    ("registry_agreement", "partner_agency"),
    ("registry_jointcall", "title"),
    ("registry_jointcall", "scope"),
    ("registry_jointcall", "partner_agency"),
    ("registry_jwgreview", "title"),
    ("registry_jwgreview", "outcomes"),
    ("registry_jwgreview", "place"),
    ("registry_jointworkinggroup", "name"),
    ("registry_jointworkinggroup", "india_co_chair"),
    ("registry_jointworkinggroup", "partner_co_chair"),
]


def index_name(table, column):
    return f"{table.removeprefix('registry_')}_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index_name(table, column))} ON {quote(table)} "
            f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name(table, column))}"
        )
    # The pg_trgm extension stays: other objects may use it, and it costs nothing unused.


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_agreement_public_order_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
