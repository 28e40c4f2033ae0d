"""Apply the events reference data (data/events/*.csv) to the database after an edit."""

from django.core.management.base import BaseCommand, CommandError

from events.reference import load_reference_data
from geo.errors import BadInput


class Command(BaseCommand):
    help = "Load departments, categories and routing rules from REFERENCE_DATA_DIR/events/*.csv (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", help="another reference data directory (default: settings.REFERENCE_DATA_DIR)"
        )

    def handle(self, *args, directory=None, **options):
        try:
            counts = load_reference_data(directory)
        except (BadInput, FileNotFoundError, KeyError, ValueError) as exc:
            raise CommandError(f"参考数据有误，未做任何修改 (nothing changed): {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"参考数据已加载: {counts['departments']} 部门, {counts['categories']} 分类, "
                f"{counts['routing_rules']} 派遣规则"
            )
        )
