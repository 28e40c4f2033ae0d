"""A partial index of the open overdue events by deadline: the big screens read them per viewer
(screens.builders), a few hundred rows among many closed ones."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0006_category_risk_kind")]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(
                    ("overdue", True),
                    (
                        "status__in",
                        ["accepted", "dispatched", "escalated", "in_progress", "reported", "resolved", "returned"],
                    ),
                ),
                fields=["due_at"],
                name="event_open_overdue",
            ),
        ),
    ]
