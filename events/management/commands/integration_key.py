"""Create or rotate the keys other systems use: `manage.py integration_key open311 NAME` (a new
Open311 client, or `--rotate` an existing one's key) and `manage.py integration_key webhook CODE
--rotate` (an integration source's secret). The key is printed once; Open311 keeps only its hash."""

from django.core.management.base import BaseCommand, CommandError

from events.integrations.models import IntegrationSource
from events.keys import new_secret
from events.models import Open311Client


class Command(BaseCommand):
    help = "Create or rotate an Open311 client's key or an integration source's webhook secret."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["open311", "webhook"])
        parser.add_argument("name", help="the Open311 client's name, or the integration source's code")
        parser.add_argument("--rotate", action="store_true", help="replace the key of an existing one")

    def handle(self, kind, name, rotate, **options):
        if kind == "open311":
            client = Open311Client.objects.filter(name=name).first()
            if rotate:
                if client is None:
                    raise CommandError(f"no Open311 client named {name!r}")
                key = client.rotate()
            else:
                if client is not None:
                    raise CommandError(f"Open311 client {name!r} exists; use --rotate for a new key")
                client, key = Open311Client.issue(name)
        else:
            source = IntegrationSource.objects.filter(code=name).first()
            if source is None:
                raise CommandError(f"no integration source {name!r} (create it in the admin)")
            if not rotate:
                raise CommandError("a source's secret is shown only when rotated: add --rotate")
            source.secret = new_secret()
            source.save(update_fields=["secret"])
            key = source.secret
        self.stdout.write(key)
