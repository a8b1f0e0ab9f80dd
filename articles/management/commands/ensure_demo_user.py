import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a local demo account if no user exists yet, and print how to log in. The password "
        "is random and kept in the data folder, so a second run prints the same one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="where the site is served"
        )

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"]
        password_file = settings.DATA_DIR / "demo_password"
        if not User.objects.exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username, email="", password=password)
            password_file.write_text(password)
            password_file.chmod(0o600)
        if User.objects.filter(username=username).exists() and password_file.exists():
            password = password_file.read_text().strip()
            self.stdout.write(
                f"Log in at {options['url']} as user '{username}' with password '{password}'"
            )
        else:
            self.stdout.write(
                "Users exist already; log in with your account "
                "(manage.py createsuperuser adds one)."
            )
