"""Files -> `Article` records: decoding, markup and boilerplate stripping, metadata.

Each step is a small named pass. The article text published (and every
offset computed later) is the result of these passes, in NFC.
"""

from __future__ import annotations

import hashlib
import html
import re
import reprlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import dates
from .config import ONTOLOGY_DIR
from .errors import (
    DuplicateArticleError,
    EmptyArticleError,
    EncodingError,
    InputError,
    MetadataError,
    NoArticlesError,
)
from .records import Article, PartialDate, SourceRef

__all__ = ["ARTICLE_SUFFIXES", "SIDECAR_KEYS", "find_article_files", "read_article", "read_articles"]

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = frozenset({"title", "url", "publisher", "datePublished", "author", "isBasedOn", "language"})
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


# --- decoding ---------------------------------------------------------------


def decode_bytes(raw: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (a superset of Latin-1's printable range).

    Binary content (NUL bytes, or many control characters once decoded) is refused.
    """
    if not raw.strip():
        raise EmptyArticleError(path, "the file is empty")
    if b"\x00" in raw:
        raise EncodingError(path, "binary file (it contains NUL bytes), not a text article")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise EncodingError(
                path,
                f"undecodable bytes: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                "and not Windows-1252/Latin-1; re-encode the file as UTF-8",
            ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(4, len(text) // 100):
        raise EncodingError(path, f"binary file ({controls} control characters), not a text article")
    return text


# --- text passes ------------------------------------------------------------


def normalize_unicode(text: str) -> str:
    """NFC, so that offsets count the same code points everywhere (MODEL.md)."""
    return unicodedata.normalize("NFC", text)


def normalize_newlines(text: str) -> str:
    """Windows and old Mac line ends become \\n; other control characters become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text)


_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
# the emphasized run cannot contain its own delimiter, so a failed opener stops
# at the next one: linear time on hostile lines of unclosed markers
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)((?:(?!\1)[^\n])+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def strip_markdown(text: str) -> str:
    """Keep the words of Markdown links, emphasis, headings and quotes; drop the markup."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    previous = None
    while previous != text:  # nested emphasis: ***x*** or **_x_**
        previous = text
        text = _MD_EMPHASIS.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), text)
    text = _MD_HEADING.sub("", text)
    return _MD_QUOTE.sub("", text)


def strip_html(text: str) -> str:
    """Scraped fragments sometimes keep tags: drop them and decode the usual entities.

    Only well-formed tags go: a lone '<' or '>' in prose stays text.
    """
    text = re.sub(r"(?is)<(script|style)\b(?:(?!<\1\b).)*?</\1\s*>", " ", text)
    text = _HTML_TAG.sub("", text)
    return html.unescape(text)  # one pass: "&amp;lt;" stays "&lt;"


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = yaml.safe_load((ONTOLOGY_DIR / "boilerplate.yaml").read_text(encoding="utf-8"))
    compile_all = lambda pats: [re.compile(p, re.IGNORECASE) for p in pats]  # noqa: E731
    return compile_all(data["drop_line"]), compile_all(data["cut_from"])


def remove_boilerplate(text: str) -> str:
    """Drop site furniture lines; cut trailing related-link blocks ("Voir aussi")."""
    drop, cut = _boilerplate()
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if kept and any(p.fullmatch(stripped) for p in cut):
            break
        if any(p.fullmatch(stripped) for p in drop):
            continue
        kept.append(line)
    return "\n".join(kept)


def tidy_whitespace(text: str) -> str:
    """Trim lines, collapse runs of blank lines and of spaces (offsets are taken after this)."""
    lines = [re.sub(r"[ \t\u00a0]{2,}", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


# NFC again at the end: removed markup may have stood between a letter and its accent
TEXT_PASSES = (
    normalize_unicode,
    normalize_newlines,
    strip_html,
    strip_markdown,
    remove_boilerplate,
    tidy_whitespace,
    normalize_unicode,
)


def clean_text(text: str) -> str:
    for step in TEXT_PASSES:
        text = step(text)
    return text


# --- metadata read from the text --------------------------------------------


def headline_from_text(text: str) -> str | None:
    """The first non-empty line, when it reads as a title (short, no closing full stop)."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not first or len(first) > 200 or first.endswith((".", "!", ";", ",", ":", "…")):
        return None
    if len(first.split()) < 2:
        return None
    return first


_DATELINE = re.compile(r"^(?:le|publié le|mis en ligne le|date\s*:)\s+(.{4,40})$", re.IGNORECASE)
# A credit line, often glued to the end of the last paragraph: "… » Source : X – Y du 7 septembre 2012".
_SOURCE_LINE = re.compile(r"(?:^|(?<=[.!?»\s]))\s*\bSource\s*:\s*([^\n]{3,200})$", re.MULTILINE)
_SOURCE_SPLIT = re.compile(r"\s+[–—-]\s+")
_DU_DATE = re.compile(r"^(.*)\s+(?:du|le|publié le)\s+((?:\d|1er).*)$", re.IGNORECASE)


# Parts of a byline or a dateline: "Par Hélène Marchal | Publié le 13 sept. 2012 à 07:00",
# "Par Sandrine Collet, le 02/12/2021", "Paris, le 6 septembre 2012 (AFP) – Le premier ...".
_HEADER_SPLIT = re.compile(r"\s+[|–—]\s+|\s*\|\s*|,\s+(?=le\s+\d)", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^(?:publié|publiée|mis\s+en\s+ligne|paru|parue|le)\s+(?:le\s+)?(?P<date>.{4,40}?)"
    r"(?:\s+(?:à|a)\s+\d{1,2}\s*[h:]\s*\d{0,2})?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^[Pp]ar\s+(?P<name>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:de\s+|d['’]|le\s+)?[A-ZÀ-Ý][\w'’.-]+){1,3})$")
_AGENCY_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][\w'’ -]{1,40},\s+(?:le\s+)?(?P<date>(?:\d{1,2}|1er)\s+[^\W\d]+\.?\s+\d{4})"
    r"\s*(?:\([A-Za-z ]{2,20}\))?\s*[–—-]"
)


def _header_lines(text: str) -> list[str]:
    """The lines near the top, after the title, where bylines and datelines stand."""
    return [ln.strip() for ln in text.split("\n") if ln.strip()][:6]


def date_from_text(text: str) -> PartialDate | None:
    """The publication date a dateline near the top states: "le 03/10/2012", "Publié le
    13 sept. 2012 à 07:00" (alone or in a byline), "Paris, le 6 septembre 2012 (AFP) –".
    An update date ("Mis à jour le ...") is not the publication date."""
    for line in _header_lines(text):
        agency = _AGENCY_DATELINE.match(line)
        candidates = [agency.group("date")] if agency else []
        if len(line) <= 120:
            for part in _HEADER_SPLIT.split(line):
                match = _DATELINE.match(part.strip()) or _PUBLISHED.match(part.strip())
                if match:
                    candidates.append(match.group(1))
        for candidate in candidates:
            found = dates.parse_french_date(candidate)
            if found is not None and found.year is not None:
                return found
    return None


def author_from_text(text: str) -> str | None:
    """The author a byline near the top names: "Par Hélène Marchal", alone or with the date."""
    for line in _header_lines(text)[1:]:
        if len(line) > 120:
            continue
        for part in _HEADER_SPLIT.split(line):
            match = _BYLINE.match(part.strip())
            if match:
                return match.group("name")
    return None


def _name_case(name: str) -> str:
    """'romain gueugneau' -> 'Romain Gueugneau'; names already cased stay as written."""
    return name.title() if name == name.lower() else name


def source_from_text(text: str) -> SourceRef | None:
    """ "Source : <author> – <publisher> du <date>" (parts in either order) -> SourceRef."""
    matches = list(_SOURCE_LINE.finditer(text))
    if not matches:
        return None
    match = matches[-1]  # the last Source line is the article's own credit
    parts = [p.strip(" .") for p in _SOURCE_SPLIT.split(match.group(1).strip()) if p.strip(" .")]
    publisher = author = None
    date = None
    rest: list[str] = []
    for part in parts:
        dated = _DU_DATE.match(part)
        parsed = dates.parse_french_date(dated.group(2)) if dated else None
        if dated and parsed is not None and publisher is None:
            publisher, date = dated.group(1).strip(), parsed
        else:
            rest.append(part)
    if publisher is None and rest:
        publisher = rest.pop()
    if rest:
        author = rest[0]
    if publisher is None:
        return None
    return SourceRef(
        publisher=_name_case(publisher), author=_name_case(author) if author else None, date=date
    )


# --- sidecars ---------------------------------------------------------------


@dataclass(frozen=True)
class Sidecar:
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date_published: PartialDate | None = None
    author: str | None = None
    is_based_on: SourceRef | None = None
    language: str | None = None


def _sidecar_date(value: object, path: str, key: str) -> PartialDate:
    if not isinstance(value, str):
        raise MetadataError(path, f"{key}: expected a date, got {type(value).__name__}")
    text = value
    try:
        parsed = PartialDate.parse(text)
        if parsed.year is None:
            raise ValueError("no year")
        if parsed.month is not None and not 1 <= parsed.month <= 12:
            raise ValueError("month out of range")
        if parsed.day is not None:
            import datetime

            datetime.date(parsed.year, parsed.month or 1, parsed.day)
    except ValueError as error:
        raise MetadataError(
            path, f"{key}: {text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY): {error}"
        ) from None
    return parsed


def _sidecar_str(value: object, path: str, key: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        # the type only: a YAML alias bomb must not expand into the message
        shown = reprlib.repr(value) if isinstance(value, str | int | float) else f"a {type(value).__name__}"
        raise MetadataError(path, f"{key}: expected a non-empty string, got {shown}")
    return str(value).strip()


def read_sidecar(path: Path) -> Sidecar:
    """Parse and check `<stem>.meta.yaml`: known keys only, typed values."""
    where = str(path)
    try:
        # BaseLoader: every scalar stays a string, dates are checked by this module
        data = yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=yaml.BaseLoader)  # noqa: S506
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise MetadataError(where, f"not valid YAML/UTF-8: {error}".split("\n")[0]) from None
    if data is None:
        return Sidecar()
    if not isinstance(data, dict):
        raise MetadataError(where, "expected a mapping of keys to values")
    unknown = sorted(str(k) for k in data if k not in SIDECAR_KEYS)
    if unknown:
        raise MetadataError(
            where, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(SIDECAR_KEYS))}"
        )
    based = data.get("isBasedOn")
    source = None
    if isinstance(based, dict):
        allowed = {"publisher", "author", "date", "url"}
        extra = sorted(str(k) for k in based if k not in allowed)
        if extra:
            raise MetadataError(
                where, f"isBasedOn: unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}"
            )
        source = SourceRef(
            publisher=_sidecar_str(based["publisher"], where, "isBasedOn.publisher")
            if based.get("publisher")
            else None,
            author=_sidecar_str(based["author"], where, "isBasedOn.author") if based.get("author") else None,
            date=_sidecar_date(based["date"], where, "isBasedOn.date") if based.get("date") else None,
            url=_sidecar_str(based["url"], where, "isBasedOn.url") if based.get("url") else None,
        )
    elif based is not None:
        value = _sidecar_str(based, where, "isBasedOn")
        source = SourceRef(url=value) if re.match(r"https?://", value) else SourceRef(publisher=value)
    url = _sidecar_str(data["url"], where, "url") if data.get("url") is not None else None
    if url is not None and not re.match(r"https?://\S+$", url):
        raise MetadataError(where, f"url: {url!r} is not an http(s) URL")
    language = _sidecar_str(data["language"], where, "language") if data.get("language") is not None else None
    if language is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        raise MetadataError(where, f"language: {language!r} is not a BCP 47 tag such as 'fr'")
    return Sidecar(
        title=_sidecar_str(data["title"], where, "title") if data.get("title") is not None else None,
        url=url,
        publisher=_sidecar_str(data["publisher"], where, "publisher")
        if data.get("publisher") is not None
        else None,
        date_published=_sidecar_date(data["datePublished"], where, "datePublished")
        if data.get("datePublished") is not None
        else None,
        author=_sidecar_str(data["author"], where, "author") if data.get("author") is not None else None,
        is_based_on=source,
        language=language,
    )


# --- files -> articles ------------------------------------------------------


def find_article_files(input_dir: Path) -> list[Path]:
    """The article files of a directory, sorted by name (sidecars excluded)."""
    if not input_dir.is_dir():
        raise NoArticlesError(f"{input_dir}: not a directory")
    files = sorted(
        p
        for p in input_dir.iterdir()
        if p.is_file() and p.suffix in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise NoArticlesError(
            f"{input_dir}: no article found (expected *.txt or *.md files, with optional *.meta.yaml)"
        )
    return files


def read_article(path: Path) -> Article:
    """One file (and its sidecar, if any) -> an Article, or an InputError naming the file."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(where, f"cannot be read: {error.strerror}") from None
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(where, f"too large ({len(raw)} bytes; the limit is {MAX_ARTICLE_BYTES})")
    text = clean_text(decode_bytes(raw, where))
    if not any(ch.isalpha() for ch in text):
        raise EmptyArticleError(where, "no text left once markup and site boilerplate are removed")
    sidecar_path = path.with_name(path.stem + SIDECAR_SUFFIX)
    sidecar = read_sidecar(sidecar_path) if sidecar_path.exists() else Sidecar()
    return Article(
        stem=path.stem,
        path=path.name,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        headline=sidecar.title or headline_from_text(text),
        date_published=sidecar.date_published or date_from_text(text),
        is_based_on=sidecar.is_based_on or source_from_text(text),
        author=sidecar.author or author_from_text(text),
        publisher=sidecar.publisher,
        url=sidecar.url,
        language=sidecar.language or "fr",
    )


def read_articles(input_dir: Path) -> Iterator[Article | InputError]:
    """Every article of a directory, or the error that stopped it, in file order.

    Duplicates (same published text) are reported on the later file.
    """
    seen: dict[str, str] = {}
    for path in find_article_files(input_dir):
        try:
            article = read_article(path)
        except InputError as error:
            yield error
            continue
        if article.content_hash in seen:
            yield DuplicateArticleError(str(path), f"same text as {seen[article.content_hash]}")
            continue
        seen[article.content_hash] = path.name
        yield article
