"""Rebuild all search data: the stored database fields and, when on, the Elasticsearch index."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from catalog.models import Product
from catalog.search.backends import elasticsearch_enabled
from catalog.search.database import entries_cluster, products_index_all
from catalog.selectors import products_visible


class Command(BaseCommand):
    help = (
        "Rebuild product search: recompute every product's stored search fields and, "
        "when ELASTICSEARCH_URL is set, build a new Elasticsearch index and swap the alias to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bars."
        )

    def handle(self, *args, batch_size: int, no_progress: bool, **options):
        bar = tqdm(
            total=Product.objects.count(),
            desc="database",
            unit="produk",
            disable=no_progress,
            file=self.stderr,
        )
        # every product, then the synonym list their vectors carry: searches use its tokens
        indexed = products_index_all(batch_size=batch_size, progress=bar.update)
        bar.close()
        entries_cluster()
        self.stdout.write(f"Database: {indexed} products indexed.")
        if elasticsearch_enabled():
            # Lazy on purpose: the elasticsearch libraries load only when it is configured.
            from catalog.search import elastic

            total = products_visible().count()
            bar = tqdm(
                total=total,
                desc="elasticsearch",
                unit="produk",
                disable=no_progress,
                file=self.stderr,
            )
            name = elastic.reindex_all(progress=bar.update, batch_size=batch_size)
            bar.close()
            self.stdout.write(f"Elasticsearch: {total} products in {name}, alias swapped.")
