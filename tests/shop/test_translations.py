import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES = ("config", "shop", "sellers", "catalog", "promotions", "orders", "templates")


def _msgids(po: Path) -> set[str]:
    """The msgids of a .po file (multi-line ids joined), without the header."""
    text = po.read_text(encoding="utf-8")
    ids = set()
    for match in re.finditer(r'^msgid ((?:".*"\n)+)', text, re.M):
        ids.add("".join(re.findall(r'"(.*)"', match.group(1))))
    ids.discard("")
    return ids


def test_every_text_has_an_english_translation():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(EN_PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_every_text_in_the_code_is_in_the_catalog(tmp_path, monkeypatch):
    """A text never extracted would stay Indonesian on the English pages: run `make messages`."""
    tree = tmp_path / "src"
    for name in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / name,
            tree / name,
            ignore=shutil.ignore_patterns("migrations", "static", "__pycache__", "*.pyc"),
        )
    out = tmp_path / "locale"
    out.mkdir()
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[str(out)]):
        call_command("makemessages", locale=["en"], verbosity=0)
    missing = _msgids(out / "en" / "LC_MESSAGES" / "django.po") - _msgids(EN_PO)
    assert not missing, (
        f"texts missing from locale/en (run `make messages`): {sorted(missing)[:10]}"
    )
