"""Headlines are body (ANNOTATION.md), the same way whatever format an article came in."""
import pytest

from pipeline.ingest.headline import with_headline
from pipeline.stages.segment import segment_articles
from tests.ingest_helpers import BODY, OTHER, ingest_folder

HEADLINE = "Talks resume in Doha"


def _page(h1_inside_article: bool) -> str:
    h1 = f"<h1>{HEADLINE}</h1>"
    return (f"<html><head><title>{HEADLINE}</title></head><body>"
            f"<header>{'' if h1_inside_article else h1}</header>"
            f"<article>{h1 if h1_inside_article else ''}<p>{BODY}</p><p>{OTHER}</p></article></body></html>")


@pytest.mark.parametrize("h1_inside_article", [True, False])
def test_a_page_has_its_headline_once_as_the_first_paragraph_wherever_its_h1_is(tmp_path, h1_inside_article):
    # trafilatura keeps an <h1> inside <article> in the text and drops one in <header>.
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(_page(h1_inside_article), encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={tmp_path / 'pages'}"])
    text = articles.iloc[0]["text"]
    assert text.startswith(HEADLINE + "\n\n") and text.count(HEADLINE) == 1
    # A four-word headline looks like furniture to the short-line rule; it is not listed as removed.
    assert HEADLINE not in list(articles.iloc[0]["removed_lines"])


def test_a_text_file_headline_opens_its_text_and_is_its_first_sentence(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(f"Title: {HEADLINE}\nURL: https://a.example/1\n\n{BODY}\n", encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={tmp_path / 'c'}"])
    sentences = segment_articles(articles, "en", 3, ["peace talks"], max_chars=1000)
    assert sentences["text"].iloc[0] == HEADLINE
    assert sentences["text"].iloc[1] == BODY.split(". ")[0] + "."


def test_headline_in_body_false_keeps_the_headline_as_metadata_and_the_id_does_not_change(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(f"Title: {HEADLINE}\n\n{BODY}\n", encoding="utf-8")  # no URL: id from the body
    with_headline_rows, _, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={tmp_path / 'c'}"])
    without, _, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={tmp_path / 'c'}",
                                             "ingest.headline_in_body=false"])
    assert without.iloc[0]["text"] == BODY and without.iloc[0]["title"] == HEADLINE
    assert with_headline_rows.iloc[0]["article_id"] == without.iloc[0]["article_id"]


def test_a_body_that_opens_with_its_headline_within_a_few_lines_is_left_as_it_is():
    body = f"WORLD\n\n{HEADLINE.upper()}\n\n{BODY}"  # a kicker, then the headline in capitals
    assert with_headline(HEADLINE, body, []) == (body, [])
    late = f"{BODY}\n\n{OTHER}\n\n{BODY}\n\n{HEADLINE}"  # far down it is not the opening
    assert with_headline(HEADLINE, late, [])[0] == f"{HEADLINE}\n\n{late}"
    assert with_headline("", BODY, ["SAVE 25%"]) == (BODY, ["SAVE 25%"])


def test_only_one_removed_copy_of_the_headline_is_taken_back():
    text, removed = with_headline(HEADLINE, BODY, [HEADLINE, "SAVE 25%", HEADLINE])
    assert text == f"{HEADLINE}\n\n{BODY}" and removed == ["SAVE 25%", HEADLINE]
