"""Real server processes for the tests that run the store as deployed: gunicorn and
Celery workers under ``config.settings.production`` on the test database and Redis.

Plain helpers (no fixtures): the production smoke test and the scale-out test use them.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.db import connection

SECRET_KEY = "smoke-" + "s3cr3t-" * 8
PERSONAL_DATA_KEYS = "c21va2UtdGVzdC1rZXktb2YtMzItYnl0ZXMtMDEyMzQ="  # a Fernet key: 32 bytes
PERSONAL_DATA_DIGEST_KEY = "smoke-digest-" + "k3y-" * 8
HTTPS = {"X-Forwarded-Proto": "https"}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process on this test's database and Redis."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    database_url = (
        f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    keep = {
        k: v
        for k, v in os.environ.items()
        if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH")
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "PERSONAL_DATA_KEYS": PERSONAL_DATA_KEYS,
        "PERSONAL_DATA_DIGEST_KEY": PERSONAL_DATA_DIGEST_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": settings.TEST_REDIS_URL,
        "CELERY_BROKER_URL": settings.TEST_REDIS_URL,
        "PAYMENT_GATEWAYS": "BANK_TRANSFER,COD",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, *, data: bytes | None = None, headers: dict | None = None):
    """One request, redirects not followed: (status, headers, body)."""
    parsed = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    try:
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        conn.request(
            "POST" if data is not None else "GET",
            path,
            body=data,
            headers={**HTTPS, **(headers or {})},
        )
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        conn.close()


def cookies_of(headers: list[tuple[str, str]]) -> dict[str, str]:
    """The cookies a response sets (name -> value)."""
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def collectstatic(env: dict) -> None:
    """``collectstatic`` with the production (manifest) storage into env's STATIC_ROOT."""
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collect.returncode == 0, collect.stderr


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _running(command: list[str], env: dict, log: Path, ready, what: str):
    """Start ``command``, wait until ``ready()`` (60 s at most), stop it on exit."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while not ready():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{what} did not start:\n{log.read_text()}")
                time.sleep(0.1)
            yield process
        finally:
            stop(process)


def _answers(url: str) -> bool:
    try:
        return request(url)[0] == 200
    except OSError:
        return False


@contextmanager
def gunicorn(env: dict, log: Path, *, workers: int = 1):
    """gunicorn serving ``config.wsgi`` on a free loopback port; yields its base URL."""
    base = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", base[7:]]
    command += ["--workers", str(workers), "--timeout", "30"]
    with _running(command, env, log, lambda: _answers(f"{base}/healthz"), "gunicorn"):
        yield base


@contextmanager
def celery_worker(env: dict, log: Path, *, name: str, queue: str):
    """A Celery worker process (solo pool) consuming ``queue``; yields the process."""
    command = [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker"]
    command += ["--pool", "solo", "-Q", queue, "-n", f"{name}@%h"]
    command += ["--without-gossip", "--without-mingle", "--loglevel", "INFO"]
    ready = lambda: "ready" in log.read_text()  # noqa: E731
    with _running(command, env, log, ready, f"celery worker {name}") as worker:
        yield worker
