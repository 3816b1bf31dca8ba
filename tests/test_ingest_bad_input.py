"""Bad input never crashes a run: each bad input is a reject with its reason, or, when nothing in
the corpus is usable, the run stops with one clear line and a non-zero exit."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.ingest.text_dir import CorpusError
from tests.ingest_helpers import BODY, OTHER, ingest_folder


def _text_corpus(tmp_path, files: dict[str, bytes]):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(f"Title: Good\nURL: https://g.example/1\nSource: G\n\n{BODY}\n", encoding="utf-8")
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "not_text"),
    ("undecodable.txt", b"Talks \x81\x8d\x8f\x90\x9d resumed in Doha " * 10, "unreadable"),  # bytes cp1252 leaves unassigned
])
def test_bad_text_files_become_rejects(tmp_path, name, data, reason):
    root = _text_corpus(tmp_path, {name: data})
    articles, rejects, inputs = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    assert list(articles["path"]) == ["good.txt"]
    assert dict(zip(rejects["path"], rejects["reason"])) == {name: reason}
    assert len(inputs) == 2


def test_wrong_encoding_falls_back_to_cp1252_not_to_mojibake(tmp_path):
    root = _text_corpus(tmp_path, {"latin.txt": f"Title: Caf\u00e9 talks\nURL: https://l.example/1\n\n{OTHER} \u2013 caf\u00e9".encode("cp1252")})
    articles, rejects, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    row = articles.set_index("path").loc["latin.txt"]
    assert row["encoding"] == "cp1252" and row["title"] == "Caf\u00e9 talks" and row["text"].endswith("- caf\u00e9")


def test_a_50_mb_file_is_rejected_as_too_large(tmp_path):
    root = _text_corpus(tmp_path, {})
    with open(root / "huge.txt", "wb") as handle:
        line = (BODY + "\n").encode()
        handle.write(line * (50_000_000 // len(line) + 1))
    articles, rejects, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    assert dict(zip(rejects["path"], rejects["reason"])) == {"huge.txt": "too_large"}
    assert "50.0 MB" in rejects.iloc[0]["detail"]


def test_truncated_html_keeps_what_it_can_or_is_a_reject(tmp_path):
    root = tmp_path / "pages"
    root.mkdir()
    whole = f"<html><head><title>Talks</title></head><body><article><p>{BODY}</p><p>{OTHER}</p></article></body></html>"
    (root / "cut_in_body.html").write_text(whole[: whole.index(OTHER) + 40], encoding="utf-8")
    (root / "cut_in_head.html").write_text("<html><head><title>Tal", encoding="utf-8")
    articles, rejects, inputs = ingest_folder(tmp_path, ["corpus=html_dir", f"corpus.path={root}"])
    assert list(articles["path"]) == ["cut_in_body.html"] and BODY in articles.iloc[0]["text"]
    assert dict(zip(rejects["path"], rejects["reason"])) == {"cut_in_head.html": "no_body"}


def test_jsonl_broken_line_and_missing_text_field_are_rejects_the_rest_is_read(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [json.dumps({"text": BODY, "url": "https://j.example/1"}), '{"text": "cut off in the midd',
             json.dumps({"title": "No body here", "url": "https://j.example/3"}), json.dumps({"text": OTHER})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, rejects, inputs = ingest_folder(tmp_path, ["corpus=jsonl", f"corpus.path={path}"])
    assert list(articles["path"]) == ["export.jsonl:1", "export.jsonl:4"]
    assert dict(zip(rejects["path"], rejects["reason"])) == {"export.jsonl:2": "parse_error", "export.jsonl:3": "missing_field"}
    assert len(inputs) == 4


def test_csv_with_a_wrong_column_map_fails_with_one_clear_line(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"content": [BODY, OTHER], "headline": ["a", "b"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError) as err:
        ingest_folder(tmp_path, ["corpus=csv", f"corpus.path={path}", "corpus.fields.text=body"])
    message = str(err.value)
    assert "\n" not in message and "'body'" in message and "content" in message and "missing_field" in message


def test_csv_with_a_wrong_column_map_in_a_mixed_folder_is_one_reject(tmp_path):
    root = _text_corpus(tmp_path, {})
    pd.DataFrame({"content": [BODY]}).to_csv(root / "export.csv", index=False)
    articles, rejects, _ = ingest_folder(tmp_path, ["corpus=mixed_dir", f"corpus.path={root}"])
    assert list(articles["path"]) == ["good.txt"]
    assert rejects.iloc[0]["reason"] == "missing_field" and "content" in rejects.iloc[0]["detail"]


def test_folder_with_no_supported_files_stops_the_run_with_one_line_and_exit_1(tmp_path):
    root = tmp_path / "nothing"
    root.mkdir()
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "corpus=mixed_dir", f"corpus.path={root}", "stages=[ingest]",
         f"hydra.run.dir={tmp_path / 'run'}", f"paths.cache_dir={tmp_path / 'cache'}"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no file of a supported type" in errors[0] and ".pdf" in errors[0]
    assert "Traceback" not in result.stderr
