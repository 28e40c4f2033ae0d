"""Secrets and deployment (issue 13, items 2, 12): production settings pass `check --deploy`,
production refuses to start without a SECRET_KEY, `make run`'s secret file is generated once and
read by settings, and pages carry a Content-Security-Policy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ENV", "PERSONAL_DATA_KEY")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        PERSONAL_DATA_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="wangge.example.cn",
        WANGGE_ENV_FILE=str(tmp_path / "none.env"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _manage("check", DJANGO_ENV="production", WANGGE_ENV_FILE=str(tmp_path / "none.env"))
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_the_secret_file_is_written_once_and_read_by_settings(tmp_path):
    path = tmp_path / "secret.env"
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PERSONAL_DATA_KEY")}
    env["WANGGE_ENV_FILE"] = str(path)
    subprocess.run([sys.executable, "scripts/secret.py"], cwd=ROOT, env=env, check=True, timeout=60)
    first = path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    key = next(line.split("=", 1)[1] for line in first.splitlines() if line.startswith("SECRET_KEY="))
    assert len(key) >= 50 and "insecure" not in key
    subprocess.run([sys.executable, "scripts/secret.py"], cwd=ROOT, env=env, check=True, timeout=60)
    assert path.read_text() == first  # never overwritten
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == key


def test_secret_env_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "-q", "var/secret.env"], cwd=ROOT, timeout=30)
    assert result.returncode == 0


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_json_does_not(settings):
    page = Client().get("/login/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert "Content-Security-Policy" not in Client().get("/healthz")


def test_the_policy_names_the_configured_base_map_hosts(settings):
    from config.csp import policy

    settings.BASEMAP_URLS = [
        "https://t0.tianditu.gov.cn/img_w/wmts?tk=K&TILEMATRIX={z}",
        "http://10.1.2.3:8080/{z}/{x}/{y}.png",
    ]
    text = policy()
    assert "https://t0.tianditu.gov.cn" in text and "http://10.1.2.3:8080" in text
    assert "tk=K" not in text  # the key in the URL is not published in a header
