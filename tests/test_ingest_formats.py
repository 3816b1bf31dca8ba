"""Each corpus kind reads what researchers hold, with metadata mapped and every input accounted for."""
import json

import pandas as pd
import pytest

from tests.ingest_helpers import BODY, OTHER, ingest_folder

PAGE = """<html><head><title>Talks resume | Example Wire</title>
<meta name="author" content="Jane Roe"><meta property="og:url" content="https://wire.example/talks">
<meta property="article:published_time" content="2020-09-12"><meta property="og:site_name" content="Example Wire">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks resume in Doha</h1><p>{body}</p><p>{other}</p></article>
<footer>Subscribe now for $1 a week. Cookie settings.</footer></body></html>"""


def test_html_dir_takes_main_text_and_metadata_from_the_page(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(PAGE.format(body=BODY, other=OTHER), encoding="utf-8")
    articles, rejects, _ = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={tmp_path / 'pages'}"])
    row = articles.iloc[0]
    assert (row["title"], row["author"], row["url"], row["source"]) == (
        "Talks resume in Doha", "Jane Roe", "https://wire.example/talks", "Example Wire")
    assert row["published"] == "2020-09-12"
    assert BODY in row["text"] and "Subscribe" not in row["text"] and "Home" not in row["text"]
    assert rejects.empty


def _records():
    return [
        {"uid": "r1", "body": BODY, "headline": "Talks resume", "link": "https://x.example/1", "outlet": "X", "date": "2020-09-12"},
        {"uid": "r2", "body": OTHER, "headline": "Fighting goes on", "link": "", "outlet": "X", "date": "2020-09-13"},
    ]


MAP = ["corpus.fields.text=body", "corpus.fields.id=uid", "corpus.fields.title=headline", "corpus.fields.url=link",
       "corpus.fields.source=outlet", "corpus.fields.published=date"]


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_record_formats_use_the_field_mapping(tmp_path, kind):
    frame = pd.DataFrame(_records())
    path = tmp_path / f"export.{kind}"
    if kind == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    elif kind == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    articles, rejects, inputs = ingest_folder(tmp_path, [f"corpus={kind}", f"corpus.path={path}", *MAP])
    assert rejects.empty and len(inputs) == 2
    first = articles.set_index("title").loc["Talks resume"]
    headline_then_body = "Talks resume\n\n" + BODY
    assert (first["url"], first["source"], first["published"], first["text"]) == ("https://x.example/1", "X", "2020-09-12",
                                                                                    headline_then_body)
    # Without a URL the record id stands in, so the article keeps its id when its text is cleaned differently.
    second = articles.set_index("title").loc["Fighting goes on"]
    assert json.loads(second["metadata"])["record_id"] == "r2"
    assert second["path"] == f"export.{kind}:{'2' if kind == 'jsonl' else 'row 2'}"


def test_hf_disk_reads_a_saved_dataset(tmp_path):
    import datasets

    datasets.Dataset.from_list(_records()).save_to_disk(str(tmp_path / "ds"))
    articles, rejects, _ = ingest_folder(tmp_path, ["corpus=hf_disk", f"corpus.path={tmp_path / 'ds'}", *MAP])
    assert sorted(articles["title"]) == ["Fighting goes on", "Talks resume"] and rejects.empty


def test_hf_disk_datasetdict_needs_a_split_when_it_has_several(tmp_path):
    import datasets

    from pipeline.ingest.text_dir import CorpusError

    ds = datasets.Dataset.from_list(_records())
    datasets.DatasetDict({"train": ds, "test": ds}).save_to_disk(str(tmp_path / "dd"))
    with pytest.raises(CorpusError, match="corpus.split"):
        ingest_folder(tmp_path, ["corpus=hf_disk", f"corpus.path={tmp_path / 'dd'}", *MAP])
    articles, _, _ = ingest_folder(tmp_path, ["corpus=hf_disk", f"corpus.path={tmp_path / 'dd'}", "corpus.split=test", *MAP])
    assert len(articles) == 2
    with pytest.raises(CorpusError, match=r"corpus.split='validation' is not a split of the saved dataset; it has \['test', 'train'\]"):
        ingest_folder(tmp_path, ["corpus=hf_disk", f"corpus.path={tmp_path / 'dd'}", "corpus.split=validation", *MAP])


def test_hf_files_loads_data_files_with_the_named_builder(tmp_path):
    (tmp_path / "data").mkdir()
    pd.DataFrame(_records()).to_csv(tmp_path / "data" / "part1.csv", index=False)
    articles, _, _ = ingest_folder(tmp_path, ["corpus=hf_files", "corpus.format=csv", "corpus.pattern=*.csv",
                                              f"corpus.path={tmp_path / 'data'}", *MAP])
    assert sorted(articles["title"]) == ["Fighting goes on", "Talks resume"]


def test_mixed_folder_is_read_by_extension_and_every_file_is_accounted_for(tmp_path):
    root = tmp_path / "mixed"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(f"Title: Plain\nURL: https://t.example/1\nSource: T\n\n{BODY}\n", encoding="utf-8")
    (root / "b.html").write_text(PAGE.format(body=OTHER, other="The talks will continue next week, the mediators said in a statement."), encoding="utf-8")
    (root / "sub" / "c.jsonl").write_text(json.dumps({"text": "Aid agencies warned of a humanitarian crisis in the north as "
                                                      "families fled fighting near Kunduz, officials said on Tuesday.",
                                                      "title": "Aid warning"}) + "\n", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not for us")
    articles, rejects, inputs = ingest_folder(tmp_path, ["corpus=mixed_dir", f"corpus.path={root}"])
    assert sorted(articles["path"]) == ["a.txt", "b.html", "sub/c.jsonl:1"]
    assert rejects.set_index("path").loc["notes.pdf", "reason"] == "unsupported"
    assert len(inputs) == len(articles) + len(rejects) == 4
