"""Rules of the code base that a reviewer should not have to police by hand.

No module reaches into another project module's private names: a helper two
modules share gets a public name in a module made for it. The rule reads the
source with ``ast`` and flags, with file and line:

- ``from <project module> import _name`` (also ``from . import _name``);
- importing from a private project module (``from ._shared import x``,
  ``import pkg._mod``);
- ``module._name`` where ``module`` is bound in that file to another project
  module (``from . import emails; emails._subject()``).

Privates of Django, the standard library and other libraries (``model._meta``,
``sys._getframe``) and attributes of objects (``self._cache``,
``checkout._prices``) are not project modules and stay allowed.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Migrations are generated: they name whatever callable a model field used when they
# were made (``shop.models._new_token_key``) and must keep doing so.
SKIP_DIRS = {
    *(".venv", "node_modules", "staticfiles", "media", ".git", "__pycache__", "migrations"),
    "mutants",  # mutmut's working copy (make mutation)
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def project_files() -> dict[str, Path]:
    """Every .py file of the project by its dotted module name (``orders.services.payments``)."""
    modules = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts:
            modules[".".join(parts)] = path
    return modules


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_uses(*, module: str, source: str, known: set[str], is_package: bool = False):
    """Answer ``(line, message)`` for each use of another project module's private name."""
    tops = {name.split(".")[0] for name in known}
    found = []
    bound: dict[str, str] = {}  # local name -> the project module it refers to

    def is_project(name: str) -> bool:
        return name.split(".")[0] in tops

    def private_module(name: str) -> bool:
        return any(_private(part) for part in name.split("."))

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not is_project(alias.name):
                    continue
                if private_module(alias.name):
                    found.append((node.lineno, f"import {alias.name}: a private module"))
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    bound[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            source_module = _absolute(node, module, is_package)
            if not is_project(source_module):
                continue
            if private_module(source_module):
                found.append((node.lineno, f"from {source_module} import ...: a private module"))
            for alias in node.names:
                if _private(alias.name):
                    found.append(
                        (node.lineno, f"from {source_module} import {alias.name}: a private name")
                    )
                full = f"{source_module}.{alias.name}"
                if full in known:
                    bound[alias.asname or alias.name] = full

    def resolve(expr) -> str | None:
        if isinstance(expr, ast.Name):
            return bound.get(expr.id)
        if isinstance(expr, ast.Attribute):
            parent = resolve(expr.value)
            if parent and f"{parent}.{expr.attr}" in known:
                return f"{parent}.{expr.attr}"
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            target = resolve(node.value)
            if target and target != module:
                found.append((node.lineno, f"{target}.{node.attr}: a private name"))
    return sorted(set(found))


def test_no_module_uses_another_project_modules_private_names():
    modules = project_files()
    known = set(modules)
    problems = []
    for name, path in sorted(modules.items()):
        uses = private_uses(
            module=name,
            source=path.read_text(encoding="utf-8"),
            known=known,
            is_package=path.name == "__init__.py",
        )
        problems += [f"{path.relative_to(ROOT)}:{line}: {message}" for line, message in uses]
    assert problems == []


KNOWN = {
    "orders",
    "orders.emails",
    "orders.services",
    "orders.services.orders",
    "orders.services._helpers",
}


def test_rule_flags_a_private_name_imported_from_a_project_module():
    source = "from .orders import order_cancel, _refund\n"
    assert private_uses(module="orders.services.payments", source=source, known=KNOWN) == [
        (1, "from orders.services.orders import _refund: a private name")
    ]


def test_rule_flags_a_private_project_module_and_a_private_attribute_of_a_module():
    source = (
        "from orders import emails\n"
        "from ._helpers import money\n"
        "import orders.services._helpers\n"
        "emails._subject('PAID')\n"
    )
    assert private_uses(module="orders.services.payments", source=source, known=KNOWN) == [
        (2, "from orders.services._helpers import ...: a private module"),
        (3, "import orders.services._helpers: a private module"),
        (4, "orders.emails._subject: a private name"),
    ]


def test_rule_allows_library_privates_object_attributes_and_gettext_as_underscore():
    source = (
        "import sys\n"
        "from django.utils.translation import gettext as _\n"
        "from orders.models import Order\n"
        "Order._meta.get_field('number')\n"
        "sys._getframe()\n"
        "def f(checkout):\n"
        "    checkout._prices = None\n"
        "    return _('Keranjang')\n"
    )
    assert private_uses(module="orders.views", source=source, known=KNOWN) == []


def conftest_imports(source: str) -> list[tuple[int, str]]:
    """Answer ``(line, module)`` for each import of a ``conftest`` module.

    pytest loads each conftest itself; importing one from a test module runs it a
    second time under another name and ties packages together. Shared helpers live
    in plain modules (``tests/shopping.py``, ``tests/graphql.py``, ``tests/files.py``,
    ``tests/regions.py``, ``tests/factories.py``), shared fixtures in the root conftest.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if "conftest" in name.replace(".", " ").split():
                found.append((node.lineno, name))
                break
    return found


def test_no_test_module_imports_a_conftest():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line, name in conftest_imports(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_conftest_rule_flags_every_spelling_of_a_conftest_import():
    source = (
        "from .conftest import gid\n"
        "from tests.orders.conftest import make_seller\n"
        "from tests.orders import conftest\n"
        "import tests.sellers.conftest\n"
        "from tests.shopping import checkout_ready\n"
        "def f():\n"
        "    from .conftest import pay\n"
    )
    assert conftest_imports(source) == [
        (1, ".conftest"),
        (2, "tests.orders.conftest"),
        (3, "tests.orders.conftest"),
        (4, "tests.sellers.conftest"),
        (7, ".conftest"),
    ]
