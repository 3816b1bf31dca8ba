import hashlib

import pytest

from pipeline.ingest.articles import IngestSettings, article_id_for, build_articles
from pipeline.ingest.text_dir import CorpusError, list_corpus_files
from pipeline.ingest.units import Unit
from pipeline.text.furniture import FurnitureFilter
from tests.conftest import compose_config

BODY = ("Negotiators from both sides met in Doha on Saturday to resume the talks. "
        "Officials said the atmosphere was constructive and that progress had been made.")


@pytest.fixture
def settings():
    cfg = compose_config()
    return IngestSettings(
        max_bytes=10_000,
        min_body_chars=80,
        fallback_encoding="cp1252",
        furniture=FurnitureFilter.from_config(cfg.ingest.furniture),
    )


def units(raw: dict[str, bytes]) -> list[Unit]:
    return [Unit(path=name, fmt="text", data=data) for name, data in raw.items()]


def article(title="Talks resume", url="https://a.example/1", source="A Wire", body=BODY) -> bytes:
    return f"Title: {title}\nURL: {url}\nSource: {source}\nPublished: 2020-09-12\nTopic: talks\n\n{body}\n".encode()


def test_every_input_is_an_article_or_a_reject_with_its_reason(settings):
    raw = {
        "good.txt": article(),
        "empty.txt": b"   \n",
        "binary.txt": b"\x00\x01\x02\x03" * 10,
        "huge.txt": b"x" * 20_000,
        "furniture_only.txt": b"Subscribe now\nSAVE 25%\n3 Months\n",
        "cp1252.txt": article(url="https://a.example/2", body=BODY.replace("Saturday", "Saturday \u2013 late")).decode().encode("cp1252"),
        "z_copy.txt": article(title="Another headline"),  # same source and URL as good.txt
    }
    articles, rejects = build_articles(units(raw), settings)[:2]
    assert len(articles) + len(rejects) == len(raw)
    assert sorted(articles["path"]) == ["cp1252.txt", "good.txt"]
    reasons = dict(zip(rejects["path"], rejects["reason"]))
    assert reasons == {"empty.txt": "empty", "binary.txt": "not_text", "huge.txt": "too_large",
                       "furniture_only.txt": "no_body", "z_copy.txt": "duplicate"}
    assert "good.txt" in rejects.set_index("path").loc["z_copy.txt", "detail"]
    cp = articles.set_index("path").loc["cp1252.txt"]
    assert cp["encoding"] == "cp1252" and "Saturday - late" in cp["text"]


def test_article_metadata_and_ids_are_stable(settings):
    articles, _ = build_articles(units({"a.txt": article()}), settings)[:2]
    row = articles.iloc[0]
    # The gold files key sentences by this id, so its formula is part of the data format.
    expected = hashlib.sha256(b"A Wire\nhttps://a.example/1").hexdigest()[:16]
    assert row["article_id"] == article_id_for("A Wire", "https://a.example/1", "") == expected
    assert (row["title"], row["source"], row["published"]) == ("Talks resume", "A Wire", "2020-09-12")
    assert row["metadata"] == '{"topic": "talks"}'


def test_article_without_url_is_identified_by_its_text(settings):
    a, _ = build_articles(units({"a.txt": BODY.encode()}), settings)[:2]
    b, _ = build_articles(units({"b.txt": BODY.encode()}), settings)[:2]
    assert a.iloc[0]["article_id"] == b.iloc[0]["article_id"] == article_id_for("", "", BODY)


def test_furniture_is_removed_but_kept_in_view(settings):
    articles, _ = build_articles(units({"a.txt": article(body=BODY + "\nSAVE 25%\nMore From This Section")}), settings)[:2]
    row = articles.iloc[0]
    assert row["text"] == "Talks resume\n\n" + BODY  # the headline is body (ANNOTATION.md)
    assert list(row["removed_lines"]) == ["SAVE 25%", "More From This Section"]
    assert row["n_removed_lines"] == 2


def test_missing_folder_and_folder_without_files_are_clear_errors(tmp_path):
    cfg = compose_config(["corpus=text_dir", f"corpus.path={tmp_path / 'nope'}"], tmp_path)
    with pytest.raises(CorpusError, match="is not a folder"):
        list_corpus_files(cfg.corpus)
    (tmp_path / "empty").mkdir()
    cfg = compose_config(["corpus=text_dir", f"corpus.path={tmp_path / 'empty'}"], tmp_path)
    with pytest.raises(CorpusError, match="no files matching"):
        list_corpus_files(cfg.corpus)


def test_a_duplicate_message_says_whether_the_bodies_are_the_same(settings):
    other_body = BODY.replace("Doha", "Kabul").replace("constructive", "tense")
    raw = {"a.txt": article(), "b.txt": article(title="Copy"),  # same URL, same body: an exact copy
           "c.txt": article(body=other_body),  # same URL, another body: an updated version
           "d.txt": BODY.encode(), "e.txt": BODY.encode()}  # no URL: identified by the text
    _, rejects, _ = build_articles(units(raw), settings)
    details = dict(zip(rejects["path"], rejects["detail"]))
    assert details["b.txt"] == "exact duplicate of a.txt"
    assert details["c.txt"].startswith("same source and URL (or record id) as a.txt, with a different body")
    assert details["d.txt"] == "exact duplicate of a.txt" and details["e.txt"] == "exact duplicate of a.txt"


def test_the_first_input_is_the_first_a_person_counts_row_2_before_row_10(settings):
    from pipeline.ingest.units import natural_key

    assert sorted(["x.jsonl:10", "x.jsonl:2", "a10.txt", "a2.txt", "a1.txt", "a01.txt", "x1²", "x1①"],
                  key=natural_key) == ["a01.txt", "a1.txt", "a2.txt", "a10.txt", "x1²", "x1①", "x.jsonl:2", "x.jsonl:10"]
    raw = {f"big.jsonl:{n}": (BODY if n in (2, 10) else f"{BODY} Story {n} of the series, told again.").encode()
           for n in range(1, 12)}
    articles, rejects, inputs = build_articles(units(raw), settings)
    assert dict(zip(rejects["path"], rejects["detail"]))["big.jsonl:10"] == "exact duplicate of big.jsonl:2"
    assert list(articles["path"])[:3] == ["big.jsonl:1", "big.jsonl:2", "big.jsonl:3"]
    assert list(inputs["path"]) == [f"big.jsonl:{n}" for n in range(1, 12)]
