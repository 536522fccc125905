"""Reports read from the read replica when there is one (``DATABASE_REPLICA_URL``).

The monitoring facts (``SalesFact``: province and kabupaten reports, dashboards)
are the heavy read-only queries that grow with the number of orders; on a big
deployment they go to a streaming replica so that they never slow a checkout.
Everything else reads and writes the primary. Inside a transaction on the
primary the facts are read there too (read your own writes: the refresh task
reads what it just wrote). Search runs its own SQL on the primary (or on
Elasticsearch, the way to scale search out).
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# app label -> models read from the replica (None: all the app's models)
REPLICA_MODELS = {"monitoring": {"salesfact"}}


class ReplicaRouter:
    """Send report reads to ``replica``; writes and migrations stay on the primary."""

    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES:
            return None
        wanted = REPLICA_MODELS.get(model._meta.app_label, ())
        if model._meta.model_name not in wanted:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return None  # the primary, Django's default

    def allow_relation(self, obj1, obj2, **hints):
        """The replica holds the primary's rows: objects of either may be related."""
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
