"""A local S3-compatible server (moto's server mode, a real HTTP server on 127.0.0.1) and the
settings that point Django's storage at it."""

import subprocess
import sys
from pathlib import Path

import boto3
import requests

from meetregion.settings.base import s3_storage

from .smtp_sink import free_port
from .workers import wait_for

ACCESS_KEY = "meetregion-test"
SECRET_KEY = "meetregion-test-secret"
REGION = "eu-north-1"


class S3Server:
    def __init__(self, log: Path, bucket: str = "meetregion-media"):
        self.port = free_port()
        self.bucket = bucket
        self.log = log
        self.process = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _answers(self) -> bool:
        try:
            requests.get(f"{self.endpoint}/moto-api/", timeout=1)
        except requests.RequestException:
            return False
        return True

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._answers, 30, "the S3-compatible server")
        self.client().create_bucket(
            Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def object_keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def env(self) -> dict:
        """The environment a node reads (meetregion/settings/base.py)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def use_in(self, settings) -> None:
        """Point this process's storage at the server, as base.py does from env()."""
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(
                bucket=self.bucket,
                endpoint_url=self.endpoint,
                region=REGION,
                addressing_style="path",
            ),
        }
        settings.AWS_ACCESS_KEY_ID = ACCESS_KEY
        settings.AWS_SECRET_ACCESS_KEY = SECRET_KEY
        settings.MEETREGION_FILE_DOWNLOADS = "redirect"
