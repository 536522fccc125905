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
_SIGN = "sign is only ever -1 or +1: `sign < 0`, `sign <= 0` and `sign < 1` agree"
_FALSY = "None for False in a flag only ever tested for truth"
_PLAIN_LOCK = (
    "SQLite's plain _lock loads rows and locks none: loading more rows (any room of the "
    "variant, any online row) or without select_related changes no pick and no row "
    "(stocks_reserve picks by variant and sells_online itself; _save writes changed rows)"
)
_NO_RETURNING = (
    "the ledger INSERT's returning='' as None or as the default 'id': None is as falsy as '' "
    "(no RETURNING), and ids returned inside the stock UPDATE's WITH are never read"
)
_NO_SAVEPOINT = "atomic(savepoint=None): Atomic tests `if not self.savepoint`, so None is False"
_NO_VARIANTS = "_lock(..., None): it reads `variant_ids or ()`, so None is the empty set"
_ONE_TUPLES = (
    "values_list(..., flat=False) gives one-element tuples, which psycopg sends as "
    "one-column rows: `IN ((1), (2))` matches exactly like `IN (1, 2)`"
)
_UNITS_OF_RP0 = (
    "units counted for a line given Rp 0: _shares_add returns at once when the amount "
    "is 0, so the units are never read"
)
_STRICT = (
    "zip strict dropped: split_proportionally answers one part per weight, so the lengths "
    "always match"
)
_GIVEN = (
    "`given` is only tested for truth and only ever gets positive amounts (inside `if "
    "amount`): =, += and -= are all non-zero exactly when one line got something"
)
_BASE_0 = (
    "an order base of Rp 0 (nets are never negative): min(amount, 0) is 0 and cap(c, 0) "
    "is 0, so _order_amount answers 0 either way"
)
_ORDER_0 = (
    "an order amount of 0 kept as best: any later positive amount still beats it, and "
    "applying 0 spends nothing, splits into zeros, marks no line and adds no share"
)
_FIRST_COLUMN = (
    "values_list(flat=True) without 'pk': flat answers the first column of all, which is "
    "the primary key (id; a regency's code), so the same keys come back"
)
_EMPTY_Q = (
    "`q = X` or `q |= X` for `q &= X` on the first filter: q is still the empty Q(), and "
    "Q() & X, Q() | X and X are the same filter"
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
_ZIP_STRICT_ROWS = (
    "zip without strict=True in _write's ORM branch: quantities and counts are built "
    "from ids one for one, same length"
)
_WHOLE_ASSORTMENT = (
    "the ORM branch reading every row of the location (not only the SKUs' variants): the "
    "answer is only asked about the SKUs' variants, which it holds the same"
)
_CODEC = '"ASCII" for "ascii": codec names are case-insensitive, the same codec'

EQUIVALENT: dict[str, str] = {
    "catalog.reservations.x_stocks_unreserve__mutmut_6": _NO_VARIANTS,
    "catalog.reservations.x__apply__mutmut_11": _NO_VARIANTS,
    "catalog.reservations.x_stocks_reserve__mutmut_1": _NO_SAVEPOINT,
    "catalog.reservations.x_stocks_unreserve__mutmut_2": _NO_SAVEPOINT,
    "catalog.reservations.x__apply__mutmut_7": _NO_SAVEPOINT,
    "catalog.reservations.x_stocks_reserve__mutmut_26": (
        "`wanted < 0` for `wanted <= 0`: at 0 the loop goes on, but every later take is "
        "min(0, free) = 0, which adds no pick and changes no row"
    ),
    "catalog.reservations.x__apply__mutmut_20": _SIGN,
    # the stock UPDATE is a module constant now (not mutated): the four _save entries
    # of the SQL's case named killed mutants after 30 November and were dropped
    "catalog.reservations.x__lock_plain__mutmut_7": _PLAIN_LOCK,
    "catalog.reservations.x__lock_plain__mutmut_8": _PLAIN_LOCK,
    "catalog.reservations.x__lock_plain__mutmut_15": _PLAIN_LOCK,
    "catalog.reservations.x__lock_plain__mutmut_16": _PLAIN_LOCK,
    "catalog.reservations.x__apply__mutmut_48": _NO_RETURNING,
    "catalog.reservations.x__apply__mutmut_50": _NO_RETURNING,
    "catalog.legality.x_category_min_buyer_age__mutmut_11": (
        "`age or 1` for `age or 0` under max(..., ALCOHOL_MIN_AGE): 21 exceeds both"
    ),
    "catalog.reservations.x__apply__mutmut_21": _SIGN,
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
    "orders.outlets.services.stock_sync.x__variants_carried__mutmut_32": _WHOLE_ASSORTMENT,
    "orders.outlets.services.stock_sync.x__locked_stocks__mutmut_18": _WHOLE_ASSORTMENT,
    "orders.outlets.services.stock_sync.x__write__mutmut_27": _ZIP_STRICT_ROWS,
    "orders.outlets.services.stock_sync.x__write__mutmut_31": _ZIP_STRICT_ROWS,
    "orders.outlets.services.stock_sync.x__write__mutmut_32": _ZIP_STRICT_ROWS,
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
    "shop.monitoring.facts.x_buyer_key__mutmut_2": (
        "sha1 with usedforsecurity=None: a false flag like False, and the flag never "
        "changes the digest"
    ),
    "shop.monitoring.facts.x_buyer_key__mutmut_6": (
        "sha1 with usedforsecurity=True (the default): the flag only tells FIPS builds it is "
        "not a password hash; the digest is the same"
    ),
    "shop.monitoring.facts.x_order_channel__mutmut_3": (
        "getattr default None for '': a row without the column is compared with 'OFFLINE', "
        "which neither default equals"
    ),
    "shop.monitoring.facts.x_order_channel__mutmut_9": (
        "getattr default 'XXXX' for '': neither default equals 'OFFLINE'"
    ),
    "shop.monitoring.facts.x_order_channel__mutmut_17": (
        "getattr default None for '': both are false, so `or Channel.NTT_MART` answers NTT_MART"
    ),
    "shop.monitoring.facts.x_order_destination__mutmut_13": (
        "getattr default None for '': both are false, so `or 'ID'` answers 'ID'"
    ),
    "shop.monitoring.facts.x_order_destination__mutmut_21": (
        "fallback country 'id' for 'ID': it is upper-cased before it is compared"
    ),
    "shop.monitoring.facts.x_order_discounts__mutmut_10": (
        "getattr default None for 0: both are false, so `or 0` answers 0"
    ),
    "shop.monitoring.facts.x_facts_lock__mutmut_6": (
        "'select' for 'SELECT': SQL keywords are case-insensitive, the same statement runs"
    ),
    "shop.monitoring.facts.x_facts_refresh__mutmut_15": (
        "facts_lock(None): facts_lock never reads its argument (one lock for every writer)"
    ),
    "shop.monitoring.facts.x_order_ids_in_range__mutmut_22": (
        "values_list(flat=True) without 'pk': flat answers the first column of all, which is "
        "Order's id, so the same ids come back"
    ),
    "promotions.offers.x_campaign_products__mutmut_35": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_42": _ONE_TUPLES,
    "promotions.offers.x__voucher_apply__mutmut_108": _UNITS_OF_RP0,
    "promotions.offers.x__voucher_apply__mutmut_109": _UNITS_OF_RP0,
    "promotions.offers.x__order_apply__mutmut_35": _UNITS_OF_RP0,
    "promotions.offers.x__order_apply__mutmut_36": _UNITS_OF_RP0,
    "promotions.offers.x__order_apply__mutmut_7": _STRICT,
    "promotions.offers.x__order_apply__mutmut_10": _STRICT,
    "promotions.offers.x__order_apply__mutmut_15": _STRICT,
    "promotions.offers.x__voucher_apply__mutmut_93": _GIVEN,
    "promotions.offers.x__voucher_apply__mutmut_94": _GIVEN,
    "promotions.offers.x__order_amount__mutmut_5": _BASE_0,
    "promotions.offers.x__order_amount__mutmut_7": _BASE_0,
    "promotions.offers.x__order_campaigns__mutmut_16": _ORDER_0,
    "promotions.offers.x__order_campaigns__mutmut_17": _ORDER_0,
    "promotions.offers.x_discounts_compute__mutmut_12": (
        "voucher_find also called for an empty code: it answers None for it before any query"
    ),
    "promotions.offers.x_campaign_products__mutmut_30": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_32": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_44": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_47": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_54": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_56": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_59": _ONE_TUPLES,
    "promotions.offers.x_campaign_products__mutmut_6": _FIRST_COLUMN,
    "promotions.offers.x_campaign_products__mutmut_18": _FIRST_COLUMN,
    "promotions.offers.x_campaign_products__mutmut_31": _FIRST_COLUMN,
    "promotions.offers.x_campaign_products__mutmut_43": _FIRST_COLUMN,
    "promotions.offers.x_campaign_products__mutmut_55": _FIRST_COLUMN,
    "promotions.offers.x_campaign_products__mutmut_11": _EMPTY_Q,
    "promotions.offers.x_campaign_products__mutmut_12": _EMPTY_Q,
    "promotions.offers.x_percent_of__mutmut_6": (
        "+101 for +100: 2 * amount * percent + 100 is even, so +101 crosses a multiple of 200 "
        "only if that multiple were odd; the quotient never changes"
    ),
    "promotions.offers.x_split_proportionally__mutmut_6": (
        "`total < 0` for `<= 0`: at 0 every part is 0 and no rupiah is left to hand out"
    ),
    "promotions.offers.x_offers_load__mutmut_11": (
        "`roots or True`: the descendants of no roots are the empty set, read without the tree"
    ),
    "promotions.offers.xǁProductPricerǁvariants__mutmut_3": (
        "`self.offers or True`: with no offers _best finds nothing, so the same {} comes back"
    ),
    # Python's codec names are case-insensitive: "ASCII" is the "ascii" codec.
    "shop.encryption.x_encrypt__mutmut_4": _CODEC,
    "shop.encryption.x_decrypt__mutmut_4": _CODEC,
    "shop.encryption.x_reencrypt__mutmut_5": _CODEC,
    "shop.encryption.x_reencrypt__mutmut_7": _CODEC,
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
