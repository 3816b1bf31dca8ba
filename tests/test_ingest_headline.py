"""Headlines are body (ANNOTATION.md), the same way whatever format an article came in."""
import json

import pytest

from pipeline.ingest.headline import clean_headline, page_candidates, site_names, with_headline
from pipeline.stages.segment import segment_articles
from tests.ingest_helpers import BODY, OTHER, ingest_folder

HEADLINE = "Talks resume in Doha"
SITE = "Kabul Morning Ledger"
FIGHTING = ("Clashes went on in Helmand for a third day on Sunday, officials said, as both sides traded blame "
            "for the collapse of a local truce.")


def _page(head: str, header: str = "", article_h1: str = "") -> str:
    """A page: `head` inside <head>, `header` above the article, `article_h1` inside it."""
    return (f"<html><head>{head}<meta property='og:site_name' content='{SITE}'></head><body>"
            f"<header>{header}</header><article>{article_h1}<p>{BODY}</p><p>{OTHER}</p></article></body></html>")


PAGES = {
    # trafilatura keeps an <h1> inside <article> in the text and drops one in <header>.
    "h1_in_article": _page(f"<title>{HEADLINE}</title>", article_h1=f"<h1>{HEADLINE}</h1>"),
    "h1_in_header": _page(f"<title>{HEADLINE}</title>", header=f"<h1>{HEADLINE}</h1>"),
    # og:title with the site's name after a separator, and the same <h1> kept in the text.
    "og_suffix": _page(f"<meta property='og:title' content='{HEADLINE} | {SITE}'>", article_h1=f"<h1>{HEADLINE}</h1>"),
    # og:title worded unlike the <h1> the text opens with: the <h1> is the headline, once.
    "og_differs": _page("<meta property='og:title' content='Taliban and US envoys resume their Doha talks'>",
                        article_h1=f"<h1>{HEADLINE}</h1>"),
    # The site's logo is an <h1> too, and comes first.
    "logo_h1": _page(f"<title>{HEADLINE} - {SITE}</title>", header=f"<h1>{SITE}</h1><h1>{HEADLINE}</h1>"),
    # A section name as an <h1>, which no title repeats.
    "section_h1": _page(f"<title>{HEADLINE} | {SITE}</title>", header="<h1>World News</h1>"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_has_its_headline_once_as_the_first_paragraph(tmp_path, name):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(PAGES[name], encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={tmp_path / 'pages'}"])
    text = articles.iloc[0]["text"]
    assert text.startswith(HEADLINE + "\n\n") and text.count(HEADLINE) == 1
    assert SITE not in text and HEADLINE not in list(articles.iloc[0]["removed_lines"])


def test_a_page_titled_with_one_word_or_the_site_name_gets_no_headline(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(_page(f"<title>Home - {SITE}</title>"), encoding="utf-8")
    (tmp_path / "pages" / "b.html").write_text(_page(f"<title>{SITE}</title>").replace(BODY, OTHER + " Again."),
                                               encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={tmp_path / 'pages'}"])
    assert list(articles["headline_chars"]) == [0, 0]
    assert articles.iloc[0]["text"].startswith(BODY[:40])


def test_a_text_file_headline_is_sentence_h1_and_the_body_keeps_its_sentence_ids(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(f"Title: {HEADLINE}\nURL: https://a.example/1\n\n{BODY}\n", encoding="utf-8")
    path = ["corpus=text_dir", f"corpus.path={tmp_path / 'c'}"]
    with_headline_rows, _, _ = ingest_folder(tmp_path, path)
    without, _, _ = ingest_folder(tmp_path, [*path, "ingest.headline_in_body=false"])
    assert with_headline_rows.iloc[0]["headline_chars"] == len(HEADLINE) and without.iloc[0]["headline_chars"] == 0
    sentences = segment_articles(with_headline_rows, "en", 3, ["peace talks"], max_chars=1000)
    before = segment_articles(without, "en", 3, ["peace talks"], max_chars=1000)
    article_id = with_headline_rows.iloc[0]["article_id"]
    assert list(sentences["text"]) == [HEADLINE, *before["text"]]
    assert list(sentences["idx"]) == [-1, 0, 1] and sentences["sentence_id"].iloc[0] == f"{article_id}-h1"
    # A gold file keyed by sentence_id alone still names the sentence it was labelled on.
    assert list(sentences["sentence_id"].iloc[1:]) == list(before["sentence_id"])
    assert without.iloc[0]["text"] == BODY and without.iloc[0]["article_id"] == article_id


def test_a_record_title_on_two_lines_is_one_headline_and_a_title_the_lead_repeats_is_not_added(tmp_path):
    records = [{"text": BODY, "title": "Prices double in Kandahar\nas highway stays shut", "url": "https://r.example/1"},
               {"text": "Bomb kills four in Helmand. " + OTHER, "title": "Bomb kills four in Helmand",
                "url": "https://r.example/2"},
               {"text": FIGHTING, "title": "Fighting goes on.", "url": "https://r.example/3"}]
    (tmp_path / "recs.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=jsonl", f"corpus.path={tmp_path / 'recs.jsonl'}"])
    texts = list(articles["text"])
    assert texts[0].startswith("Prices double in Kandahar as highway stays shut\n\n")
    assert texts[1] == records[1]["text"]  # the lead runs on from the headline: it is there already
    assert texts[2] == f"Fighting goes on.\n\n{FIGHTING}"


def test_a_headline_with_a_kicker_is_a_headline_though_a_furniture_pattern_matches_the_kicker_line():
    title = "Opinion: A deal that buys an exit, not a peace"
    assert with_headline([title], BODY, [], set()) == (f"{title}\n\n{BODY}", [], len(title))


def test_the_body_opening_with_its_headline_within_a_few_lines_is_left_as_it_is():
    body = f"WORLD\n\n{HEADLINE.upper()}.\n\n{BODY}"  # a kicker, then the headline in capitals with a stop
    assert with_headline([HEADLINE], body, [], set()) == (body, [], 0)
    late = f"{BODY}\n\n{OTHER}\n\n{BODY}\n\n{HEADLINE}"  # far down it is not the opening
    assert with_headline([HEADLINE], late, [], set()).text == f"{HEADLINE}\n\n{late}"
    assert with_headline([""], BODY, ["SAVE 25%"], set()) == (BODY, ["SAVE 25%"], 0)
    # A lead that only begins with the headline's words is not the headline.
    assert with_headline(["Talks resume"], f"Talks resume in Doha today. {BODY}", [], set()).headline_chars == 12


def test_only_one_removed_copy_of_the_headline_is_taken_back():
    text, removed, chars = with_headline([HEADLINE], BODY, [HEADLINE, "SAVE 25%", HEADLINE], set())
    assert text == f"{HEADLINE}\n\n{BODY}" and removed == ["SAVE 25%", HEADLINE] and chars == len(HEADLINE)


def test_headline_candidates_put_the_h1_the_title_repeats_first_and_never_the_site():
    title = f"{HEADLINE} | {SITE}"
    sites = site_names("ledger.example", title)  # no og:site_name: the <title> after its bar names the site
    assert sites == {"ledger.example", SITE.casefold()}
    assert page_candidates([SITE, HEADLINE], HEADLINE, title, sites) == [HEADLINE, title, HEADLINE]
    # A section <h1> the <title> does not repeat comes last, even when trafilatura took it for the title.
    assert page_candidates(["World News"], "World News", title, sites) == [title, "World News", "World News"]
    assert clean_headline(title, sites) == HEADLINE and clean_headline(f"{SITE} - {HEADLINE}", sites) == HEADLINE
    assert clean_headline("Kabul - Herat highway reopens", sites) == "Kabul - Herat highway reopens"
    assert site_names("", "Kabul - Herat highway reopens") == set()  # a dash is no sign of a site name
    assert clean_headline(SITE, sites) == "" and clean_headline("Home", set()) == ""


def test_a_lead_that_goes_on_after_a_comma_is_not_the_headline():
    body = "Taliban reject ceasefire, demand release of prisoners first, a spokesman said on Monday."
    assert with_headline(["Taliban reject ceasefire"], body, [], set()).headline_chars == len("Taliban reject ceasefire")


def test_a_line_break_inside_an_h1_is_a_space(tmp_path):
    (tmp_path / "pages").mkdir()
    page = _page(f"<title>{HEADLINE} | {SITE}</title>", article_h1="<h1>Talks resume<br>in Doha</h1>")
    (tmp_path / "pages" / "a.html").write_text(page, encoding="utf-8")
    articles, _, _ = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={tmp_path / 'pages'}"])
    assert articles.iloc[0]["text"].startswith(HEADLINE + "\n\n") and "resumein" not in articles.iloc[0]["text"]


def test_sentence_ids_sort_in_reading_order():
    import pandas as pd

    from pipeline.text.sentence_ids import reading_order, sentence_id_for

    ids = pd.Series([sentence_id_for("b", 0), sentence_id_for("a", 1), sentence_id_for("a", -1), sentence_id_for("a", 0),
                     sentence_id_for("a", -2)])
    ordered = pd.DataFrame({"sentence_id": ids}).sort_values("sentence_id", key=reading_order)["sentence_id"]
    assert list(ordered) == ["a-h2", "a-h1", "a-0000", "a-0001", "b-0000"]
