"""The read replica (``DATABASE_REPLICA_URL``): report reads go there, nothing else does."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections

from orders.models import Order
from shop.db_router import ReplicaRouter
from shop.monitoring.models import Intervention, SalesFact

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    """A second alias on the same database, as a replica that is never behind."""
    settings.DATABASES = {
        **settings.DATABASES,
        "replica": {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}},
    }


def test_without_a_replica_every_read_is_on_the_primary():
    assert ReplicaRouter().db_for_read(SalesFact) is None


def test_report_facts_are_read_from_the_replica(replica):
    router = ReplicaRouter()
    assert router.db_for_read(SalesFact) == "replica"
    assert router.db_for_read(Order) is None
    assert router.db_for_read(Intervention) is None  # written by people: read where written
    assert router.db_for_write(SalesFact) is None  # writes: the primary
    assert router.allow_migrate("replica", "monitoring") is False
    assert router.allow_migrate("default", "monitoring") is True


def test_inside_a_transaction_facts_are_read_where_they_were_written(replica, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert ReplicaRouter().db_for_read(SalesFact) is None


def test_the_setting_adds_the_alias_and_the_router():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": "postgres://app@db-primary:5432/ovop",
        "DATABASE_REPLICA_URL": "postgres://reader@db-replica:5432/ovop",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["db-replica", "['shop.db_router.ReplicaRouter']"]
