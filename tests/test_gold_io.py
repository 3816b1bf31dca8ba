"""Gold in and out: CSV, Parquet and Label Studio imports, rejects, agreement, the annotation queue."""
import io
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from pipeline.weak.agreement import agreement_table, cohen_kappa, fleiss_kappa
from pipeline.weak.annotate import annotation_queue, label_studio_tasks, main
from pipeline.weak.gold import load_gold, read_gold_rows

SENTENCES = pd.DataFrame({
    "sentence_id": ["a-0000", "a-0001", "a-0002"], "article_id": ["a"] * 3, "idx": [0, 1, 2],
    "text": ["Talks resumed in Doha.", "The deal was signed.", "Markets were calm."],
})


def label_studio_export(choices_by_annotator):
    """A Label Studio JSON export as the app writes it: tasks with annotations and choice results."""
    tasks = []
    for (sid, text), by_annotator in choices_by_annotator.items():
        annotations = [{"completed_by": {"email": who}, "was_cancelled": False,
                        "result": [{"from_name": "stance", "to_name": "text", "type": "choices",
                                    "value": {"choices": [stance]}},
                                   {"from_name": "sentiment", "to_name": "text", "type": "choices",
                                    "value": {"choices": [sentiment]}}]}
                       for who, (stance, sentiment) in by_annotator.items()]
        annotations.append({"completed_by": 9, "was_cancelled": True, "result": []})
        tasks.append({"id": len(tasks), "data": {"sentence_id": sid, "text": text}, "annotations": annotations})
    return json.dumps(tasks).encode()


def test_label_studio_export_gives_one_row_per_annotation_and_skips_cancelled():
    data = label_studio_export({("a-0000", "Talks resumed in Doha."): {"x@lab": ("FAVOR", "POSITIVE"),
                                                                       "y@lab": ("FAVOR", "NEUTRAL")}})
    rows, rejects = read_gold_rows("ls.json", data)
    assert rows[["sentence_id", "stance", "sentiment", "annotator"]].values.tolist() == [
        ["a-0000", "FAVOR", "POSITIVE", "x@lab"], ["a-0000", "FAVOR", "NEUTRAL", "y@lab"]]
    assert rejects.empty


def test_label_studio_min_export_and_parquet_are_read_like_csv():
    minimal = json.dumps([{"sentence_id": "a-0001", "text": "The deal was signed.", "stance": "favor",
                           "sentiment": "POSITIVE", "annotator": "x"}]).encode()
    rows, _ = read_gold_rows("min.json", minimal)
    assert rows.loc[0, "stance"] == "FAVOR"
    buffer = io.BytesIO()
    pd.DataFrame({"article_id": ["a"], "text": ["Markets were calm."], "stance": ["NONE"],
                  "sentiment": ["NEUTRAL"], "annotator": ["x"]}).to_parquet(buffer)
    rows, _ = read_gold_rows("g.parquet", buffer.getvalue())
    assert rows[["article_id", "stance"]].values.tolist() == [["a", "NONE"]]


def test_bad_rows_and_unreadable_files_become_rejects_not_crashes():
    files = {
        "good.csv": b"sentence_id,stance,sentiment,annotator\na-0000,FAVOR,POSITIVE,x\na-0001,MAYBE,NEUTRAL,x\n",
        "broken.json": b"{not json",
        "wrong.csv": b"text,stance\nx,FAVOR\n",
    }
    gold, rejects = load_gold(files)
    assert gold["sentence_id"].tolist() == ["a-0000"]
    by_file = rejects.set_index("file")
    assert by_file.loc["good.csv", "reason"] == "bad_label" and "MAYBE" in by_file.loc["good.csv", "detail"]
    assert by_file.loc["broken.json", "reason"] == "unreadable"
    assert "needs" in by_file.loc["wrong.csv", "detail"]


def test_cohen_kappa_matches_scikit_learn():
    a = ["FAVOR", "NONE", "NONE", "AGAINST", "FAVOR", "NONE", "AGAINST", "NONE"]
    b = ["FAVOR", "NONE", "AGAINST", "AGAINST", "NONE", "NONE", "AGAINST", "FAVOR"]
    assert cohen_kappa(a, b, ("FAVOR", "AGAINST", "NONE")) == pytest.approx(cohen_kappa_score(a, b))


def test_fleiss_kappa_on_the_textbook_example():
    # Fleiss (1971) as worked in most textbooks: 10 subjects, 14 raters, 5 categories -> 0.210.
    counts = np.array([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                       [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])
    assert fleiss_kappa(counts) == pytest.approx(0.210, abs=5e-4)


def test_agreement_table_uses_cohen_for_two_annotators_and_fleiss_for_more():
    rows = [("s1", "x", "FAVOR"), ("s1", "y", "FAVOR"), ("s2", "x", "NONE"), ("s2", "y", "AGAINST"),
            ("s3", "x", "NONE"), ("s3", "y", "NONE"), ("s4", "x", "FAVOR")]  # s4: one annotator, left out
    gold = pd.DataFrame(rows, columns=["sentence_id", "annotator", "stance"]).assign(sentiment="NEUTRAL")
    table = agreement_table(gold).set_index("task")
    assert table.loc["stance", "statistic"] == "cohen" and table.loc["stance", "n_items"] == 3
    assert table.loc["stance", "observed_agreement"] == pytest.approx(2 / 3)
    three = pd.concat([gold, pd.DataFrame([("s1", "z", "FAVOR", "NEUTRAL"), ("s2", "z", "NONE", "NEUTRAL")],
                                          columns=gold.columns)])
    assert agreement_table(three).set_index("task").loc["stance", "statistic"] == "fleiss"


def labels_for_queue():
    return pd.DataFrame({
        "sentence_id": ["a-0000", "a-0001", "a-0002"],
        "lf_support_cue": [0, 0, -1], "lf_oppose_cue": [-1, 1, -1], "lf_sentiment_vader": [0, 0, 2],
        "stance_weak": ["FAVOR", "FAVOR", "ABSTAIN"], "stance_weak_conf": [0.95, 0.55, 0.0],
        "stance_gold": [None, None, None],
    })


def test_queue_puts_uncertain_and_conflicting_sentences_first_and_skips_gold():
    articles = pd.DataFrame({"article_id": ["a"], "title": ["Talks in Doha"]})
    queue = annotation_queue(labels_for_queue(), SENTENCES, articles, top_k=10)
    assert queue["sentence_id"].tolist() == ["a-0001", "a-0002", "a-0000"]  # conflict + unsure, silent, sure
    assert queue.loc[0, "previous"] == "Talks resumed in Doha." and queue.loc[0, "n_conflicting"] == 1
    labelled = labels_for_queue().assign(stance_gold=["FAVOR", None, None])
    assert "a-0000" not in annotation_queue(labelled, SENTENCES, articles, 10)["sentence_id"].tolist()
    tasks = label_studio_tasks(queue)
    assert tasks[0]["data"]["text"] == "The deal was signed."
    assert tasks[0]["predictions"][0]["result"][0]["value"]["choices"] == ["FAVOR"]
    assert "predictions" not in tasks[1]  # an abstaining label model offers no pre-annotation


def test_cli_exports_a_queue_and_imports_label_studio_back_to_gold(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    labels_for_queue().to_parquet(run / "labels.parquet")
    SENTENCES.to_parquet(run / "sentences.parquet")
    pd.DataFrame({"article_id": ["a"], "title": ["Talks in Doha"]}).to_parquet(run / "articles.parquet")
    assert main(["export", str(run), str(tmp_path / "queue.json"), "--top-k", "2"]) == 0
    assert len(json.loads((tmp_path / "queue.json").read_text())) == 2
    assert main(["export", str(run), str(tmp_path / "queue.csv")]) == 0
    assert pd.read_csv(tmp_path / "queue.csv")["sentence_id"].tolist()[0] == "a-0001"

    (tmp_path / "ls.json").write_bytes(label_studio_export({("a-0001", "The deal was signed."): {"x": ("FAVOR", "POSITIVE")}}))
    assert main(["import", str(tmp_path / "ls.json"), str(tmp_path / "gold.csv")]) == 0
    gold = pd.read_csv(tmp_path / "gold.csv", keep_default_na=False)
    assert gold[["sentence_id", "stance", "annotator"]].values.tolist() == [["a-0001", "FAVOR", "x"]]
    assert main(["export", str(tmp_path / "missing"), str(tmp_path / "q.csv")]) == 2
    assert "missing" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "nowhere.json"), str(tmp_path / "g.csv")]) == 2
    assert "nowhere.json: not a file" in capsys.readouterr().err
    partly = ("sentence_id,stance,sentiment,annotator\na-0001,FAVOR,POSITIVE,x\na-0002,,,x\na-0003,,,x\n"
              "a-0004,SOMETIMES,NEUTRAL,x\n")
    (tmp_path / "partly.csv").write_text(partly)
    assert main(["import", str(tmp_path / "partly.csv"), str(tmp_path / "g2.csv")]) == 0
    out = capsys.readouterr()
    assert "1 gold rows -> " in out.out and "2 not labelled yet (no stance); 1 rejected" in out.out
    assert "SOMETIMES" in out.err and "stance is empty" not in out.err
