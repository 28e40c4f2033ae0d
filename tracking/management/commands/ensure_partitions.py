from django.core.management.base import BaseCommand

from tracking.partitions import drop_expired_partitions, ensure_partitions


class Command(BaseCommand):
    help = "Create the coming days' partitions of tracking_position and drop those past retention."

    def handle(self, *args, **options):
        created, dropped = ensure_partitions(), drop_expired_partitions()
        if created or dropped:
            self.stdout.write(f"partitions created: {len(created)}, dropped: {len(dropped)}")
