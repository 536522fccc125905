#!/usr/bin/env python3
"""A point-of-sale client that speaks only HTTP to a running OVOP server with an outlet token.

It does what a till does in a day, including the failures a till meets:

1. syncs the outlet's stock count (``stockBulkUpdate`` SET) for every SKU in one call;
2. sends the same sync again but cuts its own connection half-way through the body,
   then again cutting it after the whole body (before reading the answer), and
   retries with the same idempotency key: the count is applied exactly once;
3. posts receipts (``offlineSaleRecord``), each sent twice (a retry after a lost
   answer): each receipt is recorded once.

    .venv/bin/python scripts/pos_simulator.py --url http://127.0.0.1:8000 \\
        --token ovop_pos_... --location U3RvY2tMb2NhdGlvbjox --skus-file skus.txt

Standard library only, so a vendor can read it as an example.
"""

import argparse
import json
import random
import socket
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

SYNC = """
mutation($location: ID!, $key: String!, $mode: StockBulkMode, $lines: [StockBulkLineInput!]!) {
  stockBulkUpdate(location: $location, idempotencyKey: $key, mode: $mode, lines: $lines) {
    updatedCount results { sku quantity } errors { index sku code message }
  }
}
"""
SALE = """
mutation($input: OfflineSaleRecordInput!) {
  offlineSaleRecord(input: $input) {
    order { id number } orders { id number seller { id } } errors { field code message }
  }
}
"""


@dataclass
class Report:
    synced_lines: int = 0
    sync_errors: list = field(default_factory=list)
    cut_connections: int = 0
    receipts: int = 0
    receipt_errors: list = field(default_factory=list)
    orders: set = field(default_factory=set)
    units_sold: dict = field(default_factory=dict)


class Client:
    def __init__(self, url: str, token: str, timeout: float = 120.0):
        self.url = url.rstrip("/") + "/graphql/"
        self.token = token
        self.timeout = timeout

    def _body(self, query: str, variables: dict) -> bytes:
        return json.dumps({"query": query, "variables": variables}).encode()

    def _headers(self, length: int) -> dict:
        return {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Content-Length": str(length),
            "Accept-Language": "id",
        }

    def call(self, query: str, variables: dict, *, retries: int = 3) -> dict:
        """POST one operation; retry on a network error or a 5xx with the same body."""
        body = self._body(query, variables)
        for attempt in range(retries + 1):
            request = urllib.request.Request(
                self.url, data=body, headers=self._headers(len(body)), method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt == retries:
                    raise
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if attempt == retries:
                    raise
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError("unreachable")

    def cut(self, query: str, variables: dict, *, fraction: float) -> None:
        """Send the request's headers and ``fraction`` of its body, then drop the connection."""
        body = self._body(query, variables)
        parts = urlsplit(self.url)
        head = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.netloc}"]
        head += [f"{k}: {v}" for k, v in self._headers(len(body)).items()]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body[: int(len(body) * fraction)]
        host, _sep, port = parts.netloc.partition(":")
        with socket.create_connection((host, int(port or 80)), timeout=self.timeout) as sock:
            sock.sendall(raw)
            if fraction >= 1:
                time.sleep(0.5)  # the server starts on it; the till never reads the answer
        # leaving the block closes the socket: the connection is cut


def sync_stock(client: Client, location: str, counts: dict[str, int], report: Report) -> dict:
    """Count every SKU; cut two attempts, then retry with the same key (applied once)."""
    key = f"sim-sync-{uuid.uuid4().hex}"
    variables = {
        "location": location,
        "key": key,
        "mode": "SET",
        "lines": [
            {"sku": sku, "quantity": n, "countedAt": datetime.now(UTC).isoformat()}
            for sku, n in counts.items()
        ],
    }
    for fraction in (0.5, 1.0):
        client.cut(SYNC, variables, fraction=fraction)
        report.cut_connections += 1
    answer = client.call(SYNC, variables)
    data = answer["data"]["stockBulkUpdate"]
    report.synced_lines += data["updatedCount"] or 0
    report.sync_errors += data["errors"]
    again = client.call(SYNC, variables)["data"]["stockBulkUpdate"]
    assert again == data, "a replay must answer the first result"
    return data


def post_receipts(
    client: Client,
    location: str,
    prices: dict[str, int],
    counts: dict[str, int],
    report: Report,
    *,
    receipts: int,
    seed: int = 7,
) -> None:
    """Sell from what was counted; every receipt is sent twice (the retry is a replay)."""
    rng = random.Random(seed)
    shelf = dict(counts)
    run = uuid.uuid4().hex[:8]
    for n in range(receipts):
        available = [sku for sku, units in shelf.items() if units > 0]
        if not available:
            break
        lines = []
        for sku in rng.sample(available, k=min(len(available), rng.randint(1, 3))):
            units = rng.randint(1, min(2, shelf[sku]))
            shelf[sku] -= units
            report.units_sold[sku] = report.units_sold.get(sku, 0) + units
            lines.append({"sku": sku, "quantity": units, "unitPrice": prices.get(sku, 10_000)})
        variables = {
            "input": {
                "location": location,
                "receiptId": f"SIM-{run}-{n + 1:05d}",
                "soldAt": datetime.now(UTC).isoformat(),
                "lines": lines,
                "paymentMethod": rng.choice(["CASH", "QRIS", "TRANSFER"]),
            }
        }
        first = client.call(SALE, variables)["data"]["offlineSaleRecord"]
        second = client.call(SALE, variables)["data"]["offlineSaleRecord"]
        assert first == second, "a replayed receipt must answer the same orders"
        if first["errors"]:
            report.receipt_errors += first["errors"]
            continue
        report.receipts += 1
        report.orders |= {o["number"] for o in first["orders"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--location", required=True, help="the outlet's StockLocation ID")
    parser.add_argument("--skus-file", required=True, help="one SKU per line (sku[,price])")
    parser.add_argument("--count", type=int, default=20, help="units counted per SKU")
    parser.add_argument("--receipts", type=int, default=50)
    args = parser.parse_args()
    prices = {}
    with open(args.skus_file, encoding="utf-8") as handle:
        for row in handle:
            sku, _sep, price = row.strip().partition(",")
            if sku:
                prices[sku] = int(price or 10_000)
    client = Client(args.url, args.token)
    report = Report()
    counts = dict.fromkeys(prices, args.count)
    started = time.perf_counter()
    sync_stock(client, args.location, counts, report)
    synced = time.perf_counter() - started
    post_receipts(client, args.location, prices, counts, report, receipts=args.receipts)
    print(f"synced {report.synced_lines} SKUs in {synced:.1f}s ({len(report.sync_errors)} errors)")
    print(f"cut connections retried: {report.cut_connections}")
    print(f"receipts recorded: {report.receipts}, orders: {len(report.orders)}")
    print(f"units sold: {sum(report.units_sold.values())}")
    if report.sync_errors or report.receipt_errors:
        print(json.dumps(report.sync_errors[:5] + report.receipt_errors[:5], indent=1))
        sys.exit(1)


if __name__ == "__main__":
    main()
