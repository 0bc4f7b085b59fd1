"""The shared cache's table (rate-limit counts, render marks), so that ``migrate`` alone
prepares a fresh database. Runs Django's ``createcachetable`` for every database cache in
``settings.CACHES`` (none with Redis) and drops those tables when migrated backwards.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    existing = schema_editor.connection.introspection.table_names()
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == DATABASE_CACHE and cache["LOCATION"] in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(cache['LOCATION'])}")


class Migration(migrations.Migration):
    dependencies = [("drafting", "0004_lead_draft_housekeeping")]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
