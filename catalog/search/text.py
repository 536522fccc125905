"""Query text: normalisation into safe words, and the synonym list shared by both backends."""

import hashlib
import re
from functools import lru_cache
from pathlib import Path

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
SYNONYMS_FILE = Path(__file__).with_name("synonyms_id.txt")

# Letters and digits only: apostrophes, dashes and symbols split words, so a
# word can go into a tsquery or an Elasticsearch query without escaping.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_words(text: str) -> list[str]:
    """Return the lower-cased words of ``text`` (at most ``MAX_WORDS``, no repeats)."""
    words: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def clean_text(text: str) -> str:
    """Return the words of ``text`` joined by single spaces ("" when only symbols)."""
    return " ".join(query_words(text))


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Read ``synonyms_id.txt``: each line a group of equivalent words or phrases."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        terms = tuple(t for t in (clean_text(part) for part in line.split(",")) if t)
        if len(terms) > 1:
            groups.append(terms)
    return tuple(groups)


def synonym_lines() -> list[str]:
    """The synonym list in Solr format, for the Elasticsearch synonym filter."""
    return [", ".join(group) for group in synonym_groups()]


def synonyms_of(word: str) -> list[str]:
    """Return the words and phrases equivalent to ``word`` (itself excluded)."""
    found: list[str] = []
    for group in synonym_groups():
        if word in group:
            found.extend(t for t in group if t != word and t not in found)
    return found


def synonym_token(group: tuple[str, ...]) -> str:
    """The lexeme the database index adds to a product that matches any term of ``group``
    ("zsyn" and digits: the text-search parser reads it as one word and no stemmer
    touches it). Named after the group's terms, so editing a group renames its token."""
    digest = hashlib.sha256("\n".join(group).encode()).hexdigest()
    return f"zsyn{int(digest[:12], 16)}"


def synonym_tokens_of(word: str) -> list[str]:
    """The tokens of the synonym groups that list ``word`` (as a whole term)."""
    return [synonym_token(group) for group in synonym_groups() if word in group]


@lru_cache(maxsize=1)
def synonyms_version() -> str:
    """A digest of the whole synonym list: what a full re-index records as folded."""
    text = "\n".join(",".join(group) for group in synonym_groups())
    return hashlib.sha256(text.encode()).hexdigest()[:16]
