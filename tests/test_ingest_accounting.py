"""Every input is accounted for: a malformed CSV row, a hidden or skipped file, a data file that
`datasets` cannot load each become one reject with a message naming the file (and line), the rest
is read, and ingest_check.json balances: n_inputs == n_articles + n_rejects."""
import json
from pathlib import Path

import pytest

from pipeline.ingest.readers import read_corpus
from pipeline.ingest.text_dir import CorpusError
from tests.conftest import compose_config
from tests.ingest_helpers import BODY, OTHER, ingest_check, ingest_outputs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
THIRD = ("Aid agencies warned of a humanitarian crisis in the north as families fled fighting near Kunduz, "
         "officials said on Tuesday, and called on both sides to let convoys through.")
FOURTH = ("The two delegations agreed on an agenda for the next round of talks, a mediator said, adding that "
          "the first item would be a reduction in violence across the country.")


def assert_balanced(out):
    articles, rejects, inputs = (out.tables[t] for t in ("articles", "rejects", "inputs"))
    check = ingest_check(out)
    assert check["balanced"] is True
    assert check["n_inputs"] == len(inputs) == len(articles) + len(rejects) == check["n_articles"] + check["n_rejects"]
    assert sorted(inputs["path"]) == sorted([*articles["path"], *rejects["path"]])


# --- CSV and JSONL: row by row ---------------------------------------------------------------

@pytest.mark.parametrize("kind, name, sep", [("csv", "export.csv", ","), ("mixed_dir", "export.csv", ","),
                                             ("mixed_dir", "export.tsv", "\t")])
def test_one_malformed_csv_row_is_one_reject_and_the_other_rows_are_articles(tmp_path, kind, name, sep):
    root = tmp_path / "corpus"
    root.mkdir()
    lines = [sep.join(["id", "title", "text"]),
             sep.join(["r1", "Talks resume", f'"{BODY}"']),
             sep.join(["r2", "Envoy", "upbeat", f'"{OTHER}"']),  # the title's separator was not quoted
             sep.join(["r3", "Aid warning", f'"{THIRD}"']),
             sep.join(["r4", "Agenda agreed", f'"{FOURTH}"'])]
    (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = root / name if kind == "csv" else root
    out = ingest_outputs(tmp_path, [f"corpus={kind}", f"corpus.path={path}"])
    articles, rejects = out.tables["articles"], out.tables["rejects"]
    # Good rows keep their own row number: the one after the bad row is still row 3.
    assert list(articles["path"]) == [f"{name}:row 1", f"{name}:row 3", f"{name}:row 4"]
    assert list(articles["title"]) == ["Talks resume", "Aid warning", "Agenda agreed"]
    assert list(rejects["path"]) == [f"{name}:row 2"] and list(rejects["reason"]) == ["parse_error"]
    assert rejects.iloc[0]["detail"] == f"{name} line 3 (row 2): 4 fields where the header has 3"
    assert_balanced(out)
    assert ingest_check(out)["rejects_by_reason"] == {"parse_error": 1}


def test_each_kind_of_malformed_row_in_a_handwritten_csv_is_its_own_reject(tmp_path):
    out = ingest_outputs(tmp_path, ["corpus=csv", f"corpus.path={FIXTURES / 'malformed_rows.csv'}"])
    articles, rejects = out.tables["articles"], out.tables["rejects"]
    name = "malformed_rows.csv"
    assert list(articles["path"]) == [f"{name}:row 1", f"{name}:row 3", f"{name}:row 6"]
    # The quoted field of row 6 spans two lines; its line break is kept as one paragraph.
    assert articles.iloc[2]["text"].startswith("Agenda agreed\n\nThe two delegations agreed") and "said, adding" in articles.iloc[2]["text"]
    details = dict(zip(rejects["path"], rejects["detail"]))
    assert details == {
        f"{name}:row 2": f"{name} line 3 (row 2): 6 fields where the header has 5",  # an unquoted comma
        f"{name}:row 4": f"{name} line 6 (row 4): 3 fields where the header has 5",  # a short row (line 5 is blank)
        f"{name}:row 5": f"{name} line 7 (row 5): ',' expected after '\"'",  # text after a closing quote
    }
    assert set(rejects["reason"]) == {"parse_error"}
    assert_balanced(out)


def test_a_quote_left_open_costs_the_rest_of_the_file_as_one_reject_naming_its_lines(tmp_path):
    path = tmp_path / "open.csv"
    third, fourth = THIRD.replace(",", ""), FOURTH.replace(",", "")  # unquoted: no commas
    path.write_text(f'title,text\nA,"{BODY}"\nB,"{OTHER}\nC,{third}\nD,{fourth}\n', encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=csv", f"corpus.path={path}"])
    assert list(out.tables["articles"]["path"]) == ["open.csv:row 1"]
    reject = out.tables["rejects"].iloc[0]
    assert (reject["path"], reject["reason"]) == ("open.csv:row 2", "parse_error")
    assert reject["detail"].startswith("open.csv lines 3-5 (row 2): ") and "unexpected end of data" in reject["detail"]
    assert_balanced(out)


def test_a_row_of_empty_fields_is_an_empty_reject_not_a_silent_drop(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text(f'title,text\n,\n\nB,"{OTHER}"\n', encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=csv", f"corpus.path={path}"])
    assert list(out.tables["articles"]["path"]) == ["gaps.csv:row 2"]  # the blank line is no row
    assert dict(zip(out.tables["rejects"]["path"], out.tables["rejects"]["reason"])) == {"gaps.csv:row 1": "empty"}
    assert_balanced(out)


def test_a_csv_field_longer_than_the_csv_modules_default_limit_is_read(tmp_path):
    long_text = " ".join([BODY] * 1500)  # about 280 kB, over the csv module's 128 KiB field default
    path = tmp_path / "long.csv"
    path.write_text(f'title,text\nLong,"{long_text}"\nShort,"{OTHER}"\n', encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=csv", f"corpus.path={path}"])
    assert list(out.tables["articles"]["title"]) == ["Long", "Short"] and out.tables["rejects"].empty
    assert len(out.tables["articles"].iloc[0]["text"]) > 200_000


@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path, newline):
    path = tmp_path / "export.jsonl"
    first = json.dumps({"text": BODY.replace(". ", ".\u2028", 1), "title": "With U+2028"}, ensure_ascii=False)
    lines = [first, '{"text": "cut off', json.dumps({"text": OTHER})]
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    out = ingest_outputs(tmp_path, ["corpus=jsonl", f"corpus.path={path}"])
    assert list(out.tables["articles"]["path"]) == ["export.jsonl:1", "export.jsonl:3"]
    reject = out.tables["rejects"].iloc[0]
    assert reject["path"] == "export.jsonl:2" and reject["detail"].startswith("export.jsonl line 2 is not JSON: ")
    assert_balanced(out)


# --- Files that are not read: hidden, OS junk, left out by pattern or recursion -----------------

def _article(title: str, body: str) -> str:
    return f"Title: {title}\nURL: https://t.example/{title.replace(' ', '-')}\nSource: T\n\n{body}\n"


def _text_folder(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / "a.txt").write_text(_article("Talks resume", BODY), encoding="utf-8")
    (root / "b.txt").write_text(_article("Fighting goes on", OTHER), encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(64))
    (root / "._a.txt").write_bytes(b"\x00\x05\x16\x07" + bytes(60))
    (root / ".draft.txt").write_text(_article("Draft", THIRD), encoding="utf-8")
    (root / "Thumbs.db").write_bytes(bytes(32))
    (root / "README.md").write_text("Articles collected in September 2020.\n", encoding="utf-8")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (root / "archive" / "c.txt").write_text(_article("Agenda agreed", FOURTH), encoding="utf-8")
    return root


def test_skipped_files_in_a_text_folder_are_rejects_with_what_they_are(tmp_path):
    root = _text_folder(tmp_path / "corpus")
    out = ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    assert list(out.tables["articles"]["path"]) == ["a.txt", "b.txt"]
    rejects = out.tables["rejects"].set_index("path")
    assert rejects["reason"].to_dict() == {
        ".DS_Store": "skipped_system", "._a.txt": "skipped_system", "Thumbs.db": "skipped_system",
        ".draft.txt": "skipped_hidden", ".git/": "skipped_hidden",  # a hidden folder is one row, not one per file
        "README.md": "not_selected", "archive/": "not_selected",
    }
    assert rejects.loc[".DS_Store", "detail"].startswith("macOS Finder folder settings")
    assert rejects.loc["._a.txt", "detail"].startswith("macOS resource fork (AppleDouble) of a.txt")
    assert rejects.loc["Thumbs.db", "detail"].startswith("Windows thumbnail cache")
    assert "rename it" in rejects.loc[".draft.txt", "detail"]
    assert rejects.loc["README.md", "detail"] == "does not match corpus.pattern='*.txt'"
    assert "corpus.recursive=false" in rejects.loc["archive/", "detail"]
    assert_balanced(out)
    assert ingest_check(out)["n_inputs"] == 9


def test_a_recursive_folder_reads_subfolders_but_never_hidden_ones(tmp_path):
    root = _text_folder(tmp_path / "corpus")
    out = ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}", "corpus.recursive=true"])
    assert list(out.tables["articles"]["path"]) == ["a.txt", "archive/c.txt", "b.txt"]
    assert set(out.tables["rejects"]["path"]) == {".DS_Store", "._a.txt", "Thumbs.db", ".draft.txt", ".git/", "README.md"}
    assert_balanced(out)


PAGE = "<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>"


@pytest.mark.parametrize("kind, good, hidden_copy, extra", [
    ("text_dir", ("a.txt", _article("Talks resume", BODY)), ".a.txt", []),
    ("html_dir", ("a.html", PAGE.format(title="Talks resume", body=BODY)), ".a.html", []),
    ("mixed_dir", ("a.txt", _article("Talks resume", BODY)), ".a.txt", ["corpus.recursive=false"]),
    ("hf_files", ("a.jsonl", json.dumps({"text": BODY, "title": "Talks resume"}) + "\n"), ".a.jsonl", []),
])
def test_hidden_files_and_os_junk_are_rejects_in_every_folder_corpus(tmp_path, kind, good, hidden_copy, extra):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / good[0]).write_text(good[1], encoding="utf-8")
    (root / hidden_copy).write_text(good[1], encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(64))
    out = ingest_outputs(tmp_path, [f"corpus={kind}", f"corpus.path={root}", *extra])
    assert list(out.tables["articles"]["title"]) == ["Talks resume"]
    assert dict(zip(out.tables["rejects"]["path"], out.tables["rejects"]["reason"])) == {
        ".DS_Store": "skipped_system", hidden_copy: "skipped_hidden"}
    assert_balanced(out)


def test_unsupported_extensions_in_a_mixed_folder_stay_unsupported_but_os_junk_is_labelled(tmp_path):
    root = tmp_path / "mixed"
    root.mkdir()
    (root / "a.txt").write_text(_article("Talks resume", BODY), encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not for us")
    (root / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=mixed_dir", f"corpus.path={root}"])
    reasons = dict(zip(out.tables["rejects"]["path"], out.tables["rejects"]["reason"]))
    assert reasons == {"notes.pdf": "unsupported", "desktop.ini": "skipped_system"}
    assert_balanced(out)


def test_skipped_files_are_listed_by_name_only_so_their_content_does_not_change_the_inputs(tmp_path):
    root = _text_folder(tmp_path / "corpus")
    cfg = compose_config(["corpus=text_dir", f"corpus.path={root}"], tmp_path)
    before = read_corpus(cfg)
    (root / ".DS_Store").write_bytes(b"Finder rewrote this" * 10)
    assert read_corpus(cfg) == before and ".DS_Store" not in before
    (root / ".DS_Store").unlink()
    assert read_corpus(cfg) != before  # one reject fewer: the stage must run again


def test_a_folder_holding_only_skipped_files_is_a_clear_error_naming_them(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / ".DS_Store").write_bytes(bytes(16))
    (root / "notes.md").write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    assert "no files matching '*.txt'" in str(err.value) and ".DS_Store" in str(err.value) and "notes.md" in str(err.value)


# --- hf_files: one load_dataset per file ------------------------------------------------------

@pytest.mark.parametrize("builder, ext, bad", [
    ("json", "jsonl", '{"text": "a record cut off in the midd\n'),
    ("csv", "csv", 'title,text\nA,one\nB,"two",too many,fields\n'),
])
def test_hf_files_a_file_the_builder_cannot_read_is_a_reject_and_the_others_are_read(tmp_path, builder, ext, bad):
    root = tmp_path / "data"
    root.mkdir()
    rows = {"p1": [("Talks resume", BODY), ("Fighting goes on", OTHER)], "p3": [("Aid warning", THIRD)]}
    for name, records in rows.items():
        if builder == "json":
            text = "".join(json.dumps({"title": t, "text": b}) + "\n" for t, b in records)
        else:
            text = "title,text\n" + "".join(f'{t},"{b}"\n' for t, b in records)
        (root / f"{name}.{ext}").write_text(text, encoding="utf-8")
    (root / f"p2.{ext}").write_text(bad, encoding="utf-8")
    (root / f"p4.{ext}").write_text(json.dumps({"body": FOURTH}) + "\n" if builder == "json" else f'body\n"{FOURTH}"\n',
                                    encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=hf_files", f"corpus.format={builder}", f"corpus.pattern=*.{ext}",
                                    f"corpus.path={root}"])
    articles, rejects = out.tables["articles"], out.tables["rejects"].set_index("path")
    assert list(articles["path"]) == [f"p1.{ext}:row 1", f"p1.{ext}:row 2", f"p3.{ext}:row 1"]
    assert list(articles["title"]) == ["Talks resume", "Fighting goes on", "Aid warning"]
    assert rejects["reason"].to_dict() == {f"p2.{ext}": "parse_error", f"p4.{ext}": "missing_field"}
    detail = rejects.loc[f"p2.{ext}", "detail"]
    assert detail.startswith(f"datasets.load_dataset({builder!r}) could not read p2.{ext}: ")
    assert "hf_files_" not in detail and "An error occurred while generating" not in detail  # the cause, not the wrapper
    assert "columns: ['body']" in rejects.loc[f"p4.{ext}", "detail"]
    assert_balanced(out)


# --- review follow-ups: links to folders, delimiters, repeated headers ------------------------

@pytest.mark.parametrize("recursive", [True, False])
def test_a_link_to_a_folder_is_a_reject_row_not_a_silent_gap(tmp_path, recursive):
    root, elsewhere = tmp_path / "corpus", tmp_path / "batch2"
    root.mkdir()
    elsewhere.mkdir()
    (root / "a.txt").write_text(BODY, encoding="utf-8")
    (elsewhere / "x.txt").write_text(OTHER, encoding="utf-8")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    out = ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}", f"corpus.recursive={str(recursive).lower()}"])
    rejects = out.tables["rejects"]
    assert list(out.tables["articles"]["path"]) == ["a.txt"]
    assert list(rejects["path"]) == ["linked/"] and list(rejects["reason"]) == ["not_selected"]
    assert "a link to the folder" in rejects.iloc[0]["detail"] and "not followed" in rejects.iloc[0]["detail"]
    assert_balanced(out)


def test_a_pattern_that_names_a_linked_folder_reads_through_the_link(tmp_path):
    root, elsewhere = tmp_path / "corpus", tmp_path / "batch2"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text(OTHER, encoding="utf-8")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    out = ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}", "corpus.pattern=*/*.txt",
                                    "corpus.recursive=false"])
    assert list(out.tables["articles"]["path"]) == ["linked/x.txt"]
    assert_balanced(out)


def test_a_delimiter_of_two_characters_is_a_one_line_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"id||text\nr1||{BODY}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"corpus.csv_delimiter='\|\|': give one character"):
        ingest_outputs(tmp_path, ["corpus=csv", f"corpus.path={path}", "corpus.csv_delimiter='||'"])


def test_a_header_that_repeats_a_column_rejects_the_file_rather_than_pick_one(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.csv").write_text(f'text,title,text\n"{BODY}",Talks,"{OTHER}"\n', encoding="utf-8")
    (root / "b.csv").write_text(f'text,title\n"{THIRD}",Aid\n', encoding="utf-8")
    out = ingest_outputs(tmp_path, ["corpus=mixed_dir", f"corpus.path={root}"])
    rejects = out.tables["rejects"]
    assert list(out.tables["articles"]["path"]) == ["b.csv:row 1"]
    assert list(rejects["path"]) == ["a.csv"] and list(rejects["reason"]) == ["parse_error"]
    assert "repeats the column(s) ['text']" in rejects.iloc[0]["detail"]
    assert_balanced(out)


# --- corpus.max_articles: what the cut leaves out is listed, never read ------------------------

LIMIT_DETAIL = "left out by corpus.max_articles=3 (the first 3 inputs in sorted order are read)"


def test_max_articles_lists_the_text_files_after_the_cut_without_reading_them(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, (title, body) in {"a.txt": ("Talks resume", BODY), "b.txt": ("Fighting goes on", OTHER),
                                "c.txt": ("Aid warning", THIRD), "d.txt": ("Agenda agreed", FOURTH)}.items():
        (root / name).write_text(_article(title, body), encoding="utf-8")
    (root / "e.txt").write_bytes(b"\xff\xfe not read, so never found undecodable")
    out = ingest_outputs(tmp_path, ["corpus=text_dir", f"corpus.path={root}", "corpus.max_articles=3"])
    assert list(out.tables["articles"]["path"]) == ["a.txt", "b.txt", "c.txt"]
    rejects = out.tables["rejects"].set_index("path")
    assert rejects["reason"].to_dict() == {"d.txt": "not_selected", "e.txt": "not_selected"}
    assert rejects.loc["e.txt", "detail"] == f"the file was not read, {LIMIT_DETAIL}"
    assert_balanced(out)


@pytest.mark.parametrize("kind", ["mixed_dir", "hf_files"])
def test_max_articles_inside_a_record_file_accounts_for_the_rest_of_it_and_the_files_after(tmp_path, kind):
    root = tmp_path / "data"
    root.mkdir()
    bodies = {"p1.jsonl": [BODY, OTHER], "p2.jsonl": [THIRD, FOURTH, BODY + " Again.", OTHER + " Again."],
              "p3.jsonl": [THIRD + " Again."]}
    for name, texts in bodies.items():
        (root / name).write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    overrides = [f"corpus={kind}", f"corpus.path={root}", "corpus.max_articles=3"]
    out = ingest_outputs(tmp_path, overrides + (["corpus.format=json", "corpus.pattern=*.jsonl"] if kind == "hf_files" else []))
    row = ":row " if kind == "hf_files" else ":"
    assert list(out.tables["articles"]["path"]) == [f"p1.jsonl{row}1", f"p1.jsonl{row}2", f"p2.jsonl{row}1"]
    rejects = out.tables["rejects"].set_index("path")
    assert rejects["reason"].to_dict() == {"p2.jsonl": "not_selected", "p3.jsonl": "not_selected"}
    assert rejects.loc["p2.jsonl", "detail"].startswith("3 more ")  # rows 2 to 4 of p2, in one reject
    assert rejects.loc["p2.jsonl", "detail"].endswith(LIMIT_DETAIL)
    not_read = "the file was not loaded" if kind == "hf_files" else "the file was not parsed"
    assert rejects.loc["p3.jsonl", "detail"] == f"{not_read}, {LIMIT_DETAIL}"
    assert_balanced(out)


def test_max_articles_on_a_saved_dataset_accounts_for_the_rows_left_out(tmp_path):
    import datasets

    datasets.Dataset.from_list([{"text": t} for t in (BODY, OTHER, THIRD, FOURTH, BODY + " Again.")]).save_to_disk(
        str(tmp_path / "ds"))
    out = ingest_outputs(tmp_path, ["corpus=hf_disk", f"corpus.path={tmp_path / 'ds'}", "corpus.max_articles=3"])
    assert len(out.tables["articles"]) == 3
    rejects = out.tables["rejects"]
    assert list(rejects["reason"]) == ["not_selected"]
    assert rejects.iloc[0]["detail"] == f"2 more rows of this file (dataset:data:row 4 to row 5), {LIMIT_DETAIL}"
    assert_balanced(out)
