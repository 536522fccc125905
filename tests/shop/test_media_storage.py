import os
import subprocess
import sys

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PRINT_STORAGE = (
    "import django; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__module__ + '.' + type(s).__name__, s.bucket_name, s.endpoint_url)"
)


def _storage_in_subprocess(extra_env: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.local", **extra_env})
    result = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_configured():
    out = _storage_in_subprocess(
        {"AWS_STORAGE_BUCKET_NAME": "ovop-media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    )
    assert out == "storages.backends.s3.S3Storage ovop-media http://127.0.0.1:9000"


def test_media_stay_on_local_disk_by_default(tmp_path):
    name = default_storage.save("probe/hello.txt", ContentFile(b"halo"))
    assert default_storage.path(name).startswith(str(settings.MEDIA_ROOT))
    assert default_storage.open(name).read() == b"halo"
