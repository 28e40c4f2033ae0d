from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import Role, User


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args, **options):
        demo = User.objects.filter(is_demo=True)
        if not demo.exists():
            self.stdout.write("no demo accounts (run manage.py load_demo)")
            return
        self.stdout.write(f"演示账户 demo logins (password 密码: {settings.DEMO_PASSWORD})")
        for user in demo.exclude(role__in=[Role.GRID_WORKER, Role.GRID_LEADER]).order_by("username"):
            self.stdout.write(f"  {user.username:<12} {user.get_role_display()} · {user.display_name}")
        worker = demo.filter(role=Role.GRID_WORKER).order_by("username").first()
        count = demo.filter(role__in=[Role.GRID_WORKER, Role.GRID_LEADER]).count()
        if worker:
            self.stdout.write(
                f"  {worker.username:<12} 网格员 · {worker.display_name} (one of {count} grid workers/leaders)"
            )
