"""Frozen files go through the storage API: the filesystem by default, S3 by configuration."""

import os
import subprocess
import sys

from django.conf import settings

PRINT_STORAGE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='assises_site.settings.local';"
    "django.setup(); from django.conf import settings;"
    "print(settings.STORAGES['default']['BACKEND'])"
)


def storage_backend(**env):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout.strip().splitlines()[-1:], result.stderr


def test_filesystem_is_the_default_storage():
    code, backend, _error = storage_backend(MEDIA_STORAGE="")
    assert code == 0
    assert backend == ["django.core.files.storage.FileSystemStorage"]


def test_s3_storage_is_chosen_by_configuration_without_needing_boto3_to_start():
    code, backend, _error = storage_backend(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="assises")
    assert code == 0
    assert backend == ["storages.backends.s3.S3Storage"]


def test_s3_without_a_bucket_is_refused_with_a_clear_message():
    code, _backend, error = storage_backend(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="")
    assert code != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in error
