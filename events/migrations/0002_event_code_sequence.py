from django.db import migrations


class Migration(migrations.Migration):
    """Event codes (SJ20261125-000123) take their number from a sequence: never reused, no lock held."""

    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS events_event_code_seq", "DROP SEQUENCE IF EXISTS events_event_code_seq"
        ),
    ]
