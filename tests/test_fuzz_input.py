"""Property-based tests of the input side: whatever the bytes, a published Article or a clean InputError.

Scraped text arrives broken in every way: random Unicode, control characters,
mixed encodings, stray Markdown and HTML, empty or enormous files, hostile
sidecars. The reader must turn each file into either an `Article` that keeps
the promises of MODEL.md (NFC text, consistent hash and offsets) or an
`InputError` naming that file, never another exception. The entity stage is
run on a sample to check that every offset it emits points at its own text.

Example counts are chosen to keep this file near two minutes on two cores:
thousands of cases for the cheap reader functions, dozens for the spaCy stage.
"""

from __future__ import annotations

import hashlib
import os
import string
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import EmptyArticleError, EncodingError, InputError, MetadataError
from pipeline.ingest import (
    MAX_ARTICLE_BYTES,
    SIDECAR_KEYS,
    Sidecar,
    clean_text,
    decode_bytes,
    read_article,
    read_articles,
    read_sidecar,
)
from pipeline.records import Article, ArticleResult, QuotationFact

CHEAP = settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPACY = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- generators ----------------------------------------------------------------------------

# Markup, entities, control and invisible characters, line ends: the debris of scraped pages.
DEBRIS = [
    "**", "*", "__", "_", "***", "[", "]", "(", ")", "](http://exemple.org/page)", "![", "# ", "### ", "> ",
    "<p>", "</p>", "<b>", "</b>", "<br/>", '<a href="/x">', "</a>", "<script>", "</script>", "<style>",
    "</style>", "<div class='x'>", "<", ">", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp;lt;",
    "{{", "}}", '"', "'", "`", "\\", "\r\n", "\r", "\n", "\n\n\n", "\t", "\f", "\v", "\x00", "\x07", "\x1b[31m",
    "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u202e", "e\u0301",
    "\u0301", "\u0327", "\ufb01", "\uff21", "\U0001f600", "\U0001f1eb\U0001f1f7", "\ud7ff", "\ufffd",
    "«\u00a0", "\u00a0»", "’", "…", "–", "—", "Source : ", "Voir aussi", "Partager cet article",
    "12 commentaires", "Le 3 mars 2014", "le 31/02/2013", "Publié le 5 mai 2015",
]
# Ordinary French words and invented names (not taken from any seed article).
WORDS = [
    "le", "la", "les", "de", "du", "des", "un", "une", "et", "a", "annoncé", "mardi", "que", "société",
    "ministre", "directeur", "général", "présidente", "financement", "millions", "d'euros", "projet",
    "entreprise", "hébergement", "données", "nuage", "l'État", "Paris", "Lyon", "Bordeaux", "Claire",
    "Dubois", "Marc", "Lefèvre", "Nuagix", "Cumulus", "SA", "Banque", "publique", "d'investissement",
    "fondé", "rachète", "partenaire", "consortium", "«", "»", ",", ".", ":", ";", "!", "?", "-", "2014",
    "45", "%", "PDG", "de", "l'entreprise", "a", "déclaré", "selon", "lui",
]

fragments = st.one_of(
    st.sampled_from(DEBRIS),
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.text(max_size=12),
    st.characters(codec=None).map(str),
)
texts = st.lists(fragments, max_size=120).map("".join)

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "mac_roman", "iso8859_15", "koi8_r"]


def _encode(pair: tuple[str, str]) -> bytes:
    text, encoding = pair
    return text.encode(encoding, errors="replace")


encoded = st.tuples(texts, st.sampled_from(ENCODINGS)).map(_encode)
# Files glued together from pieces in different encodings, as copy-paste produces.
mixed = st.lists(encoded, min_size=2, max_size=4).map(b"".join)
raw_files = st.one_of(encoded, mixed, st.binary(max_size=3000),
                      st.sampled_from([b"", b" ", b"\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\t\r\n"]))

yaml_scalars = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2012-10-03", "2012-13", "2012-02-30", "0000", "99999", "--01-24", "--13-45", "2012-1-1",
                     "http://exemple.org/a", "https://x", "ftp://x", "fr", "fr-FR", "FR", "x" * 300, "~", "null",
                     "yes", "no", "1e400", "-1", "", " "]),
    st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates(), st.datetimes(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(["publisher", "author", "date", "url"]),
                                                      st.text(max_size=8)), inner, max_size=4)),
    max_leaves=12,
)
sidecar_maps = st.dictionaries(
    st.one_of(st.sampled_from(sorted(SIDECAR_KEYS)), st.text(max_size=10)), yaml_values, max_size=8
)
YAML_DEBRIS = ["title: ", "url: ", "isBasedOn:\n  publisher: ", "datePublished: ", "language: ", "author: ",
               "\n", "  ", "- ", "&a ", "*a ", "!!python/object:os.system ", "!!binary ", "{", "}", "[", "]",
               ": ", "? ", "---\n", "...\n", "%YAML 1.1\n", "#", "'", '"', "|\n", ">\n", "\t", "\x00", "\ufeff"]
yaml_texts = st.lists(st.one_of(st.sampled_from(YAML_DEBRIS), st.text(max_size=10)), max_size=40).map("".join)


def _dump(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


raw_sidecars = st.one_of(
    sidecar_maps.map(_dump),
    yaml_texts.map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.tuples(yaml_texts, st.sampled_from(ENCODINGS)).map(_encode),
    st.binary(max_size=500),
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One directory reused by every example (hypothesis forbids function-scoped fixtures)."""
    with tempfile.TemporaryDirectory(prefix="souverain-fuzz-") as name:
        yield Path(name)


# --- the promises a published article keeps -----------------------------------------------


def assert_clean(text: str) -> None:
    """What clean_text promises: NFC, \\n line ends, no control characters, trimmed, no blank runs."""
    assert unicodedata.is_normalized("NFC", text), ascii(text)
    assert "\r" not in text
    assert all(unicodedata.category(ch) != "Cc" or ch in "\n\t" for ch in text), ascii(text)
    assert text == text.strip()
    assert "\n\n\n" not in text


def assert_article(article: Article, path: Path) -> None:
    assert isinstance(article, Article)
    assert article.path == path.name and article.stem == path.stem
    assert any(ch.isalpha() for ch in article.text)
    assert_clean(article.text)
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert article.headline is None or (article.headline.strip() and "\n" not in article.headline)
    assert article.language
    article.text.encode("utf-8")  # no lone surrogate can reach the dumps


def assert_input_error(error: BaseException, path: Path) -> None:
    assert isinstance(error, InputError), f"{type(error).__name__}: {error}"
    assert error.path == str(path)
    assert str(error).startswith(str(path)) and error.reason


# --- the reader's functions ------------------------------------------------------------------


@CHEAP
@given(raw_files)
def test_decode_bytes_gives_text_or_an_input_error(raw: bytes) -> None:
    try:
        text = decode_bytes(raw, "a.txt")
    except InputError as error:
        assert error.path == "a.txt"
        assert isinstance(error, EncodingError | EmptyArticleError)
        return
    assert isinstance(text, str) and "\x00" not in text


@CHEAP
@given(texts)
def test_clean_text_keeps_its_promises(text: str) -> None:
    assert_clean(clean_text(text))


@CHEAP
@given(st.text())
def test_clean_text_of_any_unicode_keeps_its_promises(text: str) -> None:
    assert_clean(clean_text(text))


@CHEAP
@given(st.lists(st.tuples(st.sampled_from("aeiouAEcnCN"),
                          st.sampled_from(["<b>", "</b>", "**", "*", "[", "](http://exemple.org)", "&amp;", " ",
                                           "\r", "\x07", "<br/>", ""]),
                          st.sampled_from(["\u0301", "\u0300", "\u0302", "\u0308", "\u0327", "\u0303"]),
                          st.sampled_from(["</b>", "**", "*", "](u)", " ", "x", ""])).map("".join),
                min_size=1, max_size=6).map(" ".join))
def test_markup_between_a_letter_and_its_accent_still_gives_nfc(text: str) -> None:
    """Stripping a tag that separates a letter from its combining accent must not leave the text
    denormalized: MODEL.md counts offsets in NFC text."""
    assert_clean(clean_text(text))


@CHEAP
@given(texts)
def test_utf8_and_cp1252_of_the_same_text_read_alike(text: str) -> None:
    """Re-encoding an article as Windows-1252 must not change what is published."""
    text = text.replace("\x00", "")
    try:
        cp = text.encode("cp1252")
    except UnicodeEncodeError:
        return
    try:
        from_utf8 = clean_text(decode_bytes(text.encode("utf-8"), "a.txt"))
    except InputError:
        return
    try:
        cp.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # bytes valid in both ("Â«" in cp1252 is "«" in UTF-8): UTF-8 wins, by design
        return
    assert clean_text(decode_bytes(cp, "a.txt")) == from_utf8


@FILES
@given(raw=raw_files)
def test_read_article_gives_an_article_or_a_per_file_error(workdir: Path, raw: bytes) -> None:
    path = workdir / "article.txt"
    path.write_bytes(raw)
    try:
        article = read_article(path)
    except Exception as error:  # noqa: BLE001 - the property is about which exceptions escape
        assert_input_error(error, path)
        return
    assert_article(article, path)


@FILES
@given(raw=raw_sidecars)
def test_read_sidecar_gives_a_sidecar_or_a_metadata_error(workdir: Path, raw: bytes) -> None:
    path = workdir / "article.meta.yaml"
    path.write_bytes(raw)
    try:
        sidecar = read_sidecar(path)
    except Exception as error:  # noqa: BLE001
        assert_input_error(error, path)
        assert isinstance(error, MetadataError)
        assert len(str(error)) <= 3 * len(raw) + 1000, "an error message may quote the input, not amplify it"
        return
    assert isinstance(sidecar, Sidecar)
    if sidecar.url is not None:
        assert sidecar.url.startswith(("http://", "https://"))
    if sidecar.date_published is not None:
        assert sidecar.date_published.year is not None
        assert sidecar.date_published.lexical
    for value in (sidecar.title, sidecar.author, sidecar.publisher, sidecar.language):
        assert value is None or (isinstance(value, str) and value == value.strip() and value)


@FILES
@given(article=texts, sidecar=raw_sidecars)
def test_article_with_sidecar_gives_an_article_or_a_per_file_error(workdir: Path, article: str,
                                                                   sidecar: bytes) -> None:
    path = workdir / "page.md"
    path.write_text("Titre d'un article\n\n" + article, encoding="utf-8", errors="surrogatepass")
    (workdir / "page.meta.yaml").write_bytes(sidecar)
    try:
        result = read_article(path)
    except Exception as error:  # noqa: BLE001
        assert isinstance(error, InputError), f"{type(error).__name__}: {error}"
        assert error.path in (str(path), str(workdir / "page.meta.yaml"))
        return
    finally:
        (workdir / "page.meta.yaml").unlink()
    assert_article(result, path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(raw_files, min_size=1, max_size=6))
def test_a_bad_file_never_hides_the_others(files: list[bytes]) -> None:
    """read_articles yields exactly one outcome per file, in order, each naming its file."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        paths = [directory / f"{i:02d}.txt" for i in range(len(files))]
        for path, raw in zip(paths, files, strict=True):
            path.write_bytes(raw)
        outcomes = list(read_articles(directory))
    assert len(outcomes) == len(paths)
    for path, outcome in zip(paths, outcomes, strict=True):
        if isinstance(outcome, Article):
            assert outcome.path == path.name
        else:
            assert_input_error(outcome, path)


# --- enormous and degenerate files (deterministic) ------------------------------------------

PARAGRAPH = ("La présidente de la société Nuagix, Claire Dubois, a annoncé mardi un financement de "
             "45 millions d'euros pour son projet d'hébergement de données à Lyon. ")


def test_ten_megabyte_article_is_read(tmp_path: Path) -> None:
    body = "\n\n".join(PARAGRAPH * 8 for _ in range(10 * 1024 * 1024 // (len(PARAGRAPH) * 8)))
    path = tmp_path / "long.txt"
    path.write_text("Un très long article\n\n" + body, encoding="utf-8")
    assert path.stat().st_size >= 10 * 1024 * 1024
    article = read_article(path)
    assert_article(article, path)
    assert article.headline == "Un très long article"
    assert len(article.text) > 9_000_000


def test_ten_megabyte_single_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes((PARAGRAPH * (10 * 1024 * 1024 // len(PARAGRAPH) + 1)).encode("utf-8"))
    article = read_article(path)
    assert_article(article, path)
    assert "\n" not in article.text


def test_ten_megabytes_of_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    with pytest.raises(EncodingError) as raised:
        read_article(path)
    assert raised.value.path == str(path)


def test_file_over_the_size_limit_is_refused_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(InputError, match="too large") as raised:
        read_article(path)
    assert raised.value.path == str(path)


@pytest.mark.parametrize("raw", [b"", b"\n\n  \t\n", b"\xef\xbb\xbf", b"<p></p>\n**  **\n# \n",
                                 b"12 commentaires\nPartager cet article\n", b"1234 567 --- ..."])
def test_files_with_no_text_are_empty_articles(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(raw)
    with pytest.raises(EmptyArticleError) as raised:
        read_article(path)
    assert raised.value.path == str(path)


def test_unreadable_path_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "dir.txt"
    path.mkdir()
    with pytest.raises(InputError) as raised:
        read_article(path)
    assert raised.value.path == str(path)


# --- hostile sidecars (regressions found by fuzzing) ----------------------------------------


def test_deeply_nested_sidecar_is_a_metadata_error(tmp_path: Path) -> None:
    """YAML nested thousands deep makes PyYAML's constructor recurse past Python's limit."""
    path = tmp_path / "a.meta.yaml"
    path.write_text("title: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(MetadataError):
        read_sidecar(path)


def test_sidecar_alias_bomb_gives_a_short_error(tmp_path: Path) -> None:
    """A 200-byte YAML alias bomb under an allowed key must not expand into the error message."""
    levels = ["&l0 [x, x, x, x, x, x, x, x, x]"] + [
        f"&l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 5)
    ]
    path = tmp_path / "a.meta.yaml"
    path.write_text("title: [" + ", ".join(levels) + "]\n", encoding="utf-8")
    with pytest.raises(MetadataError) as raised:
        read_sidecar(path)
    assert len(str(raised.value)) <= 3 * path.stat().st_size + 1000


# --- offsets through the entity and fact stage ------------------------------------------------

NAMES = ["Claire Dubois", "Marc Lefèvre", "Nuagix", "la société Cumulus", "Banque publique d'investissement",
         "Ministère de l'Industrie", "Jeanne Moreau-Vidal", "Paris", "Lyon", "Européenne des Données"]
SENTENCES = [
    "{a}, présidente de {b}, a annoncé un financement de 30 millions d'euros.",
    "« Nous ouvrons un centre de données », a déclaré {a}.",
    "{a} rachète {b} pour 12 millions d'euros.",
    "{a} et {b} ont fondé {c} en 2013.",
    "Selon {a}, le projet {b} avance.",
    "{a} quitte le consortium {b}.",
    "Le PDG de {b}, {a}, sera reçu à Bercy le 4 juin 2015.",
]


@st.composite
def french_articles(draw: st.DrawFn) -> str:
    """Plausible sentences about invented companies, with debris and Unicode spliced in."""
    parts = ["Un titre d'article inventé\n\n"]
    for _ in range(draw(st.integers(1, 8))):
        template = draw(st.sampled_from(SENTENCES))
        a, b, c = (draw(st.sampled_from(NAMES)) for _ in range(3))
        parts.append(template.format(a=a, b=b, c=c))
        parts.append(draw(st.one_of(st.just(" "), st.just("\n\n"), fragments)))
    return "".join(parts)


@pytest.fixture(scope="module")
def extractor():
    """The spaCy pipeline with the reference ruler, built once (it loads fr_core_news_md)."""
    from pipeline.reference import load_reference, ruler_patterns
    from pipeline.runner import Extractor

    with tempfile.TemporaryDirectory() as cache:
        reference = load_reference((), cache_dir=Path(cache))
        return Extractor("fr_core_news_md", ruler_patterns(reference))


def assert_offsets(result: ArticleResult) -> None:
    text = result.article.text
    for mention in result.mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start:mention.end] == mention.text, mention
    for fact in result.facts:
        evidence = fact.evidence
        assert 0 <= evidence.start < evidence.end <= len(text), fact
        if isinstance(fact, QuotationFact):
            assert 0 <= fact.start < fact.end <= len(text), fact
            assert text[fact.start:fact.end] == fact.text, fact


@SPACY
@given(source=st.one_of(french_articles(), texts.map(lambda t: "Un titre d'article\n\n" + t)))
def test_every_offset_points_into_the_published_text(workdir: Path, extractor, source: str) -> None:
    path = workdir / "spacy.txt"
    path.write_bytes(source.encode("utf-8", errors="surrogatepass"))
    try:
        article = read_article(path)
    except InputError:
        return
    assert_offsets(extractor(article))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=french_articles(), encoding=st.sampled_from(["cp1252", "utf-8-sig"]),
       newline=st.sampled_from(["\r\n", "\r"]))
def test_offsets_hold_for_legacy_encodings_and_line_ends(workdir: Path, extractor, source: str,
                                                         encoding: str, newline: str) -> None:
    path = workdir / "legacy.txt"
    path.write_bytes(source.replace("\n", newline).encode(encoding, errors="replace"))
    try:
        article = read_article(path)
    except InputError:
        return
    assert_offsets(extractor(article))


def test_offsets_hold_on_a_long_article(tmp_path: Path, extractor) -> None:
    sentences = [s.format(a=NAMES[i % 10], b=NAMES[(i + 3) % 10], c=NAMES[(i + 7) % 10])
                 for i, s in enumerate(SENTENCES * 40)]
    path = tmp_path / "long.md"
    path.write_text("Un long article\n\n" + "\n\n".join(f"**{s}** {string.punctuation}" for s in sentences),
                    encoding="utf-8")
    result = extractor(read_article(path))
    assert result.mentions
    assert_offsets(result)
