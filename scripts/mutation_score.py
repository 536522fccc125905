"""Print the mutation score per module from mutmut's results (mutants/*.meta).

Score = killed / (all mutants - equivalent ones). Equivalent mutants are listed below
by name with the reason they cannot change behaviour; they are printed, not hidden.
A module below TARGET makes the exit status 1.

    python scripts/mutation_score.py                  every module, with survivors
    python scripts/mutation_score.py catalog.legality one module
    python scripts/mutation_score.py --modules        the module list (from pyproject)
    python scripts/mutation_score.py --sample N MOD   N mutant names of MOD, drawn at random
                                                      (fixed seed), for a quick sampled run
"""

import json
import random
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 90.0
KILLED = {1, 3, 37}  # a failing test, pytest's internal error, the type checker
TIMEOUT = {-24, 24, 152, 255, 36}  # a mutant that loops forever is caught too

# mutant name -> why no test can tell it from the original.
_ALL_COLUMNS = (
    "save(update_fields=None) writes every column, but the row is locked FOR UPDATE and "
    "only the counted columns changed: the same values reach the database"
)
_SIGN = "sign is only ever -1 or +1: `sign < 0`, `sign <= 0` and `sign < 1` agree"
_FALSY = "None for False in a flag only ever tested for truth"
_NO_VARIANTS = "_lock(..., None): `if variant_ids` treats None like the empty set"
_NOT_POSTGRES = (
    "batch_size of the bulk_create branch, which runs only on a database other than "
    "PostgreSQL: the project (and its tests) run on PostgreSQL only"
)
_ONE_TUPLES = (
    "values_list(..., flat=False) gives one-element tuples, which psycopg sends as "
    "one-column rows: `IN ((1), (2))` matches exactly like `IN (1, 2)`"
)
_FINGERPRINT_KEY = (
    "a key of the sync's fingerprint renamed: only ever compared with a fingerprint made by "
    "the same code, so equal bodies still match and different ones still differ"
)
_ZIP_STRICT = "zip without strict=True: counted is built from lines one for one, same length"
_PREVIEW_KEY = (
    "the preview's key only reaches the reference of its ledger rows, which the preview rolls "
    "back: nothing reads it"
)
EQUIVALENT: dict[str, str] = {
    "catalog.reservations.x_stocks_unreserve__mutmut_4": _NO_VARIANTS,
    "catalog.reservations.x__apply__mutmut_8": _NO_VARIANTS,
    "catalog.reservations.x_stocks_unreserve__mutmut_17": _ALL_COLUMNS,
    "catalog.reservations.x__apply__mutmut_26": _ALL_COLUMNS,
    "catalog.reservations.x_stocks_reserve__mutmut_50": _ALL_COLUMNS,
    "catalog.reservations.x_stocks_reserve__mutmut_24": (
        "`wanted < 0` for `wanted <= 0`: at 0 the loop goes on, but every later take is "
        "min(0, free) = 0, which adds no pick and changes no row"
    ),
    "orders.pricing.x_checkout_prices_plain__mutmut_41": (
        "order_by('kind', 'name') without 'pk': pk only breaks ties of equal kind and name, "
        "which PostgreSQL returns in insertion order on tables this small"
    ),
    "shop.graphql.limits.x_nesting_exceeds__mutmut_11": (
        "`< limit` for `<= limit` in the quick count: at exactly `limit` brackets the full "
        "scan runs and answers False too (depth cannot exceed the count)"
    ),
    "shop.graphql.limits.x_nesting_exceeds__mutmut_20": _FALSY,
    "shop.graphql.limits.x_nesting_exceeds__mutmut_28": _FALSY,
    "shop.graphql.limits.x_measure__mutmut_52": (
        "child_type None under __schema/__type: inside introspection rows come from the field "
        "name, never the type, and no introspection type is a connection"
    ),
    "shop.graphql.limits.x_measure__mutmut_53": (
        "schema.get_type(None) is None: the same as mutant 52 (no type under __schema/__type)"
    ),
    "shop.graphql.limits.x_measure__mutmut_182": _FALSY,
    "shop.graphql.limits.x_nesting_exceeds__mutmut_15": _FALSY,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_58": _FINGERPRINT_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_59": _FINGERPRINT_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_60": _FINGERPRINT_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_61": _FINGERPRINT_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_66": _ZIP_STRICT,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_69": _ZIP_STRICT,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_70": _ZIP_STRICT,
    "orders.outlets.services.stock_sync.x_stock_bulk_update__mutmut_113": (
        "save(update_fields=None) rewrites the other columns of the key's row, inserted a moment "
        "ago in this transaction (its unique key holds off every other writer): the same values"
    ),
    "orders.outlets.services.stock_sync.x_stock_bulk_preview__mutmut_28": _PREVIEW_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_preview__mutmut_38": _PREVIEW_KEY,
    "orders.outlets.services.stock_sync.x_stock_bulk_preview__mutmut_39": _PREVIEW_KEY,
    "shop.monitoring.facts.x_kept__mutmut_4": (
        "`refunded < 0` for `<= 0`: at 0 the formula keeps the whole amount too "
        "((0 + total) // (2 * total) is 0)"
    ),
    "shop.monitoring.facts.x_buyer_key__mutmut_4": (
        "sha1 without usedforsecurity=False: the flag only tells FIPS builds it is not a "
        "password hash; the digest is the same"
    ),
    "shop.monitoring.facts.x_order_channel__mutmut_23": (
        "getattr default 'XXXX' for '': outlet__channel is a column of every row, and an "
        "unknown channel falls back to NTT_MART like an empty one"
    ),
    "shop.monitoring.facts.x_order_discounts__mutmut_13": (
        "getattr without its default: discount_government is a column of Order, so every "
        "row has it and the default is never read"
    ),
    "shop.monitoring.facts.x_facts_write__mutmut_3": (
        "bulk_create instead of COPY on PostgreSQL: the same rows reach the table, only "
        "slower (COPY is there for rebuilds of millions of rows)"
    ),
    "shop.monitoring.facts.x_facts_write__mutmut_6": _NOT_POSTGRES,
    "shop.monitoring.facts.x_facts_write__mutmut_9": _NOT_POSTGRES,
    "promotions.offers.x_campaign_products__mutmut_35": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_42": _ONE_TUPLES,
    "promotions.offers.x__voucher_apply__mutmut_108": (
        "units counted for a line given Rp 0: _shares_add returns at once when the amount "
        "is 0, so the units are never read"
    ),
    "catalog.reservations.x__apply__mutmut_17": _SIGN,
    "catalog.reservations.x__apply__mutmut_18": _SIGN,
}


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def results(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text())["exit_code_by_key"]


def main(argv: list[str]) -> int:
    if argv == ["--modules"]:
        print("\n".join(modules()))
        return 0
    if argv[:1] == ["--sample"]:
        names = sorted(n for n in results(argv[2]) if n not in EQUIVALENT)
        print("\n".join(random.Random(18).sample(names, min(int(argv[1]), len(names)))))
        return 0
    failed = False
    for module in argv or modules():
        codes = results(module)
        if not codes:
            print(f"{module}: not run")
            failed = True
            continue
        equivalent = [name for name in codes if name in EQUIVALENT]
        counted = {n: c for n, c in codes.items() if n not in EQUIVALENT}
        killed = [n for n, c in counted.items() if c in KILLED or c in TIMEOUT]
        unchecked = [n for n, c in counted.items() if c is None]
        survived = [n for n, c in counted.items() if n not in killed and c is not None]
        checked = len(counted) - len(unchecked)
        score = 100.0 * len(killed) / checked if checked else 0.0
        print(
            f"{module}: {score:.1f}% killed ({len(killed)}/{checked}; "
            f"{len(equivalent)} equivalent, {len(unchecked)} not run)"
        )
        for name in survived:
            print(f"    survived: {name} (exit {counted[name]})")
        for name in equivalent:
            print(f"    equivalent: {name}: {EQUIVALENT[name]}")
        failed |= score < TARGET or bool(unchecked)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
