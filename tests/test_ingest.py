"""Reading articles: decoding, markup, boilerplate, metadata, and every bad-input case."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import (
    DuplicateArticleError,
    EmptyArticleError,
    EncodingError,
    MetadataError,
    NoArticlesError,
)
from pipeline.records import PartialDate

TEXT = "Une nouvelle alliance\n\nLa société Exemplar, dirigée par Jeanne Martin, a annoncé hier un accord.\n"


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_utf8_with_bom_is_read_and_bom_dropped(tmp_path: Path) -> None:
    article = ingest.read_article(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8")))
    assert article.text.startswith("Une nouvelle alliance")
    assert article.headline == "Une nouvelle alliance"


def test_windows_1252_is_detected_and_converted(tmp_path: Path) -> None:
    raw = "Le financement de la Société Générale atteint 5 M€ « cette année ».".encode("cp1252")
    article = ingest.read_article(write(tmp_path, "a.txt", raw))
    assert "Société Générale" in article.text and "M€" in article.text and "«" in article.text


def test_latin1_is_converted(tmp_path: Path) -> None:
    raw = "Élysée : le ministre a reçu les dirigeants à Paris.".encode("latin-1")
    assert "Élysée" in ingest.read_article(write(tmp_path, "a.txt", raw)).text


def test_text_is_nfc(tmp_path: Path) -> None:
    decomposed = "Re\u0301union a\u0300 Bercy avec Ame\u0301lie Durand."
    article = ingest.read_article(write(tmp_path, "a.txt", decomposed))
    assert "Réunion à Bercy" in article.text


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", EmptyArticleError, "empty"),
        (b"  \n\n \t", EmptyArticleError, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", EncodingError, "binary"),
        (b"caf\xe9 \x81\x8d\x8f\x90 illisible", EncodingError, "undecodable"),
        ("**[](#)**\n\nVoir aussi\nLe reste", EmptyArticleError, "no text left"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "markup-only"],
)
def test_bad_files_are_refused_with_the_file_and_reason(tmp_path: Path, content, error, reason) -> None:
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(error) as caught:
        ingest.read_article(path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


def test_markdown_is_published_as_plain_text(tmp_path: Path) -> None:
    article = ingest.read_article(
        write(
            tmp_path,
            "a.md",
            "Titre de test\n\nLe groupe **Exemplar** rejoint [le projet Nova](#) et *Orion*.",
        )
    )
    assert "Le groupe Exemplar rejoint le projet Nova et Orion." in article.text
    assert "*" not in article.text and "](" not in article.text


def test_html_fragments_are_stripped_but_prose_angle_brackets_kept(tmp_path: Path) -> None:
    article = ingest.read_article(
        write(
            tmp_path,
            "a.txt",
            "Titre ici\n\n<p>Le taux <b>a doublé</b> : 3 < 5 et 7 > 2.</p><script>alert(1)</script>",
        )
    )
    assert "Le taux a doublé : 3 < 5 et 7 > 2." in article.text
    assert "alert" not in article.text


def test_site_boilerplate_is_not_article_text(tmp_path: Path) -> None:
    body = (
        "Un titre quelconque\n\nPremier paragraphe de l'article.\n\n12 Commentaires\n\nLaisser un commentaire\n\n"
        "Ce site utilise Akismet pour réduire les indésirables.\n"
    )
    article = ingest.read_article(write(tmp_path, "a.txt", body))
    assert article.text == "Un titre quelconque\n\nPremier paragraphe de l'article."


def test_related_links_block_is_cut(tmp_path: Path) -> None:
    article = ingest.read_article(
        write(tmp_path, "a.txt", "Titre du jour\n\nLe texte.\n\nVoir aussi\n\nUn autre article")
    )
    assert article.text.endswith("Le texte.")


def test_headline_is_the_first_line_only_when_it_reads_as_a_title(tmp_path: Path) -> None:
    first = ingest.read_article(write(tmp_path, "a.txt", "Ceci est une phrase complète.\nEt une autre."))
    assert first.headline is None


def test_dates_and_source_are_read_from_the_text(tmp_path: Path) -> None:
    body = (
        "Un titre pour le test\n\nle 14/02/2013\n\nLe texte parle d'autre chose. "
        "Source : jeanne martin – le journal du soir du 2 février 2013"
    )
    article = ingest.read_article(write(tmp_path, "a.txt", body))
    assert article.date_published == PartialDate(2013, 2, 14)
    assert article.is_based_on is not None
    assert article.is_based_on.publisher == "Le Journal Du Soir"
    assert article.is_based_on.author == "Jeanne Martin"
    assert article.is_based_on.date == PartialDate(2013, 2, 2)


def test_nothing_is_invented_without_metadata(tmp_path: Path) -> None:
    article = ingest.read_article(write(tmp_path, "a.txt", "Un texte sans date ni source, et sans titre."))
    assert article.date_published is None and article.is_based_on is None and article.headline is None


def test_sidecar_metadata_is_used(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(
        tmp_path,
        "a.meta.yaml",
        "title: Le vrai titre\ndatePublished: 2014-03\nurl: https://example.org/a\n"
        "isBasedOn: {publisher: Le Quotidien, date: 2014-02-28}\nlanguage: fr\n",
    )
    article = ingest.read_article(tmp_path / "a.txt")
    assert article.headline == "Le vrai titre"
    assert article.date_published == PartialDate(2014, 3)
    assert article.url == "https://example.org/a"
    assert article.is_based_on is not None and article.is_based_on.date == PartialDate(2014, 2, 28)


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("datePublished: 2014-13-45\n", "datePublished"),
        ("datePublished: hier\n", "datePublished"),
        ("titel: faute de frappe\n", "unknown key(s) titel"),
        ("- une\n- liste\n", "mapping"),
        ("title: [unclosed\n", "not valid YAML"),
        ("url: pas une url\n", "url"),
        ("isBasedOn: {journal: X}\n", "isBasedOn"),
    ],
    ids=["bad-date", "not-a-date", "unknown-key", "not-a-mapping", "bad-yaml", "bad-url", "bad-source-key"],
)
def test_invalid_sidecars_are_refused(tmp_path: Path, sidecar: str, reason: str) -> None:
    write(tmp_path, "a.txt", TEXT)
    meta = write(tmp_path, "a.meta.yaml", sidecar)
    with pytest.raises(MetadataError) as caught:
        ingest.read_article(tmp_path / "a.txt")
    assert str(meta) in str(caught.value)
    assert reason in str(caught.value)


def test_two_files_with_the_same_text_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "b.txt", TEXT.replace("\n", "\r\n"))
    results = list(ingest.read_articles(tmp_path))
    assert isinstance(results[1], DuplicateArticleError)
    assert "b.txt" in str(results[1]) and "a.txt" in str(results[1])


def test_a_directory_without_article_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "notes.yaml", "x: 1\n")
    with pytest.raises(NoArticlesError, match="no article"):
        list(ingest.read_articles(tmp_path))


def test_html_entities_are_decoded_once(tmp_path: Path) -> None:
    article = ingest.read_article(write(tmp_path, "a.txt", "Titre du jour\n\nOn écrit &amp;lt; pour &lt; et R&amp;D."))
    assert "On écrit &lt; pour < et R&D." in article.text


@pytest.mark.parametrize(
    ("header", "date", "author"),
    [
        ("Par Hélène Marchal\nPublié le 13 sept. 2012 à 07:00", PartialDate(2012, 9, 13), "Hélène Marchal"),
        ("Par Julien Berthomier | Publié le 10/01/2012", PartialDate(2012, 1, 10), "Julien Berthomier"),
        ("Par Sandrine Collet, le 02/12/2021", PartialDate(2021, 12, 2), "Sandrine Collet"),
        ("Publié le 15 oct. 2021 à 17:45 | Mis à jour le 16 oct. 2021 à 18:20", PartialDate(2021, 10, 15), None),
        ("Paris, le 6 septembre 2012 (AFP) – Le premier cloud a été lancé.", PartialDate(2012, 9, 6), None),
    ],
)
def test_bylines_and_datelines_give_date_and_author(tmp_path: Path, header: str, date: PartialDate,
                                                      author: str | None) -> None:
    path = write(tmp_path, "a.txt", f"Un titre d'article\n\n{header}\n\nLe texte de l'article commence ici.\n")
    article = ingest.read_article(path)
    assert (article.date_published, article.author) == (date, author)
