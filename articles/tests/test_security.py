"""Access rules, login rate limiting, security headers and the deployment check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("path", ["/api/search/?q=missile", "/export.csv?q=missile"])
def test_anonymous_api_and_export_get_a_redirect_and_no_data(client, committed, path):
    with committed():
        make_article("Secret missile briefing", "missile details")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert b"missile" not in response.content


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/article/", "/admin/index-health/"])
def test_analysts_cannot_reach_the_admin(analyst_client, path):
    response = analyst_client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_pages_carry_the_security_headers(analyst_client):
    response = analyst_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", text):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def login(client, password):
    return client.post(
        "/login/", {"username": "analyst", "password": password}, REMOTE_ADDR="10.0.0.7"
    )


def test_five_failed_logins_lock_the_username_from_that_address(client, analyst):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    assert login(client, "analyst-pass-123").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, analyst, django_user_model):
    django_user_model.objects.create_user("other", password="other-pass-123")
    for _ in range(5):
        login(client, "wrong")
    other = client.post(
        "/login/", {"username": "other", "password": "other-pass-123"}, REMOTE_ADDR="10.0.0.7"
    )
    assert other.status_code == 302
    elsewhere = client.post(
        "/login/", {"username": "analyst", "password": "analyst-pass-123"}, REMOTE_ADDR="10.0.0.8"
    )
    assert elsewhere.status_code == 302


def test_a_successful_login_resets_the_count(client, analyst):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "analyst-pass-123").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "wrong").status_code == 200


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",  # production settings, not the suite's
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    # The browser tests' conftest sets this for Playwright; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_mode_redirects_to_https_and_sends_hsts(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",  # production settings, not the suite's
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    # The browser tests' conftest sets this for Playwright; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"},
        timeout=120,
    )
    assert done.stdout.split() == ["True", "True", "True", "True"], done.stderr
