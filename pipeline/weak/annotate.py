"""Gold in and out: an annotation queue from a run's labels, and Label Studio exports back to gold CSV.

    python -m pipeline.weak.annotate export RUN_DIR queue.csv        # or queue.json (Label Studio import)
    python -m pipeline.weak.annotate import export.json data/gold/batch_d.csv
    python -m pipeline.weak.annotate config > label_config.xml        # Label Studio labelling interface

The queue puts first the sentences the label model is least sure of, then those where the
labelling functions disagree; sentences that already have gold are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN, SENTIMENT, STANCE
from pipeline.weak.analysis import lf_task

QUEUE_COLUMNS = ["sentence_id", "article_id", "title", "previous", "text", "stance_weak", "stance_weak_conf",
                 "n_conflicting", "priority", "stance", "sentiment", "annotator"]


def label_config_xml() -> str:
    """The Label Studio interface matching the import below: the sentence, its context, two choice sets."""
    stance = "".join(f'<Choice value="{c}"/>' for c in STANCE)
    sentiment = "".join(f'<Choice value="{c}"/>' for c in SENTIMENT)
    return ("<View>\n"
            '  <Header value="$title"/>\n  <Text name="previous" value="$previous"/>\n  <Text name="text" value="$text"/>\n'
            f'  <Choices name="stance" toName="text" choice="single" required="true">{stance}</Choices>\n'
            f'  <Choices name="sentiment" toName="text" choice="single" required="true">{sentiment}</Choices>\n'
            "</View>\n")


def conflicting_classes(labels: pd.DataFrame) -> np.ndarray:
    """How many distinct stance classes the stance functions voted for, beyond the first (0 = no conflict)."""
    names = [c for c in labels.columns if c.startswith("lf_") and lf_task(c) == "stance"]
    if not names:
        return np.zeros(len(labels), dtype=np.int64)
    votes = labels[names].to_numpy()
    distinct = np.array([len(set(row[row != ABSTAIN])) for row in votes])
    return np.maximum(distinct - 1, 0)


def annotation_queue(labels: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, top_k: int) -> pd.DataFrame:
    """Unannotated sentences, most useful first: label-model uncertainty, then function conflicts."""
    frame = sentences.sort_values(["article_id", "idx"], kind="stable")
    frame = frame.assign(previous=frame.groupby("article_id")["text"].shift(1).fillna(""))
    frame = frame.merge(articles[["article_id", "title"]], on="article_id", how="left")
    frame = frame.merge(labels, on="sentence_id", how="left")
    if "stance_gold" in frame:
        frame = frame[frame["stance_gold"].isna()]
    frame = frame.assign(n_conflicting=conflicting_classes(frame))
    # Uncertainty, 1 - confidence (0 confidence where nothing fired), plus one per conflicting class:
    # a conflict shows a rule to fix, so it goes before a sentence no rule covers.
    frame["priority"] = (1.0 - frame["stance_weak_conf"].fillna(0.0)) + np.minimum(frame["n_conflicting"], 2)
    frame = frame.sort_values(["priority", "sentence_id"], ascending=[False, True], kind="stable").head(top_k)
    for column in ("stance", "sentiment", "annotator"):
        frame[column] = ""
    frame["title"] = frame["title"].fillna("")
    return frame[QUEUE_COLUMNS].reset_index(drop=True)


def label_studio_tasks(queue: pd.DataFrame) -> list[dict]:
    """Label Studio import: one task per sentence, the label model's guess as a pre-annotation."""
    tasks = []
    for row in queue.itertuples(index=False):
        task = {"data": {"sentence_id": row.sentence_id, "article_id": row.article_id, "title": row.title,
                         "previous": row.previous, "text": row.text}}
        if row.stance_weak in STANCE:
            task["predictions"] = [{"model_version": "weak-supervision", "score": round(float(row.stance_weak_conf), 4),
                                    "result": [{"from_name": "stance", "to_name": "text", "type": "choices",
                                                "value": {"choices": [row.stance_weak]}}]}]
        tasks.append(task)
    return tasks


def write_queue(queue: pd.DataFrame, out: Path) -> None:
    if out.suffix == ".json":
        out.write_text(json.dumps(label_studio_tasks(queue), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    elif out.suffix == ".csv":
        queue.to_csv(out, index=False)
    else:
        raise SystemExit(f"{out}: write .csv (a spreadsheet) or .json (Label Studio import)")


def import_gold(source: Path, out: Path) -> tuple[int, pd.DataFrame]:
    """Any readable gold file (CSV, Parquet, Label Studio JSON) -> the project's gold CSV."""
    from pipeline.weak.gold import GOLD_COLUMNS, read_gold_rows

    rows, rejects = read_gold_rows(source.name, source.read_bytes())
    rows[[c for c in GOLD_COLUMNS if c != "file"]].to_csv(out, index=False)
    return len(rows), rejects


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.weak.annotate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="annotation queue from a run folder (labels, sentences, articles)")
    export.add_argument("run_dir", type=Path)
    export.add_argument("out", type=Path, help=".csv or .json (Label Studio import)")
    export.add_argument("--top-k", type=int, default=200)
    imp = sub.add_parser("import", help="a CSV, Parquet or Label Studio JSON export -> a gold CSV")
    imp.add_argument("source", type=Path)
    imp.add_argument("out", type=Path)
    sub.add_parser("config", help="print the Label Studio labelling interface (XML)")
    args = parser.parse_args(argv)

    if args.command == "config":
        sys.stdout.write(label_config_xml())
        return 0
    if args.command == "export":
        tables = {}
        for name in ("labels", "sentences", "articles"):
            path = args.run_dir / f"{name}.parquet"
            if not path.is_file():
                print(f"{path}: missing; give a run folder that went through the label stage", file=sys.stderr)
                return 2
            tables[name] = pd.read_parquet(path)
        queue = annotation_queue(tables["labels"], tables["sentences"], tables["articles"], args.top_k)
        write_queue(queue, args.out)
        print(f"{len(queue)} sentences -> {args.out}")
        if queue.empty:
            print("every sentence of this run has a gold label already; export from a run on a corpus with "
                  "unlabelled sentences", file=sys.stderr)
        return 0
    from pipeline.weak.gold import GoldError

    if not args.source.is_file():
        print(f"{args.source}: not a file; give a CSV, Parquet or Label Studio JSON export", file=sys.stderr)
        return 2
    try:
        n, rejects = import_gold(args.source, args.out)
    except GoldError as error:
        print(error, file=sys.stderr)
        return 2
    # A queue filled in part: rows without a stance are not labelled yet, not wrong; one line says so.
    unlabelled = rejects["detail"] == "stance is empty"
    print(f"{n} gold rows -> {args.out}; {int(unlabelled.sum())} not labelled yet (no stance); "
          f"{int((~unlabelled).sum())} rejected")
    for row in rejects[~unlabelled].itertuples(index=False):
        print(f"  row {row.row}: {row.detail}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
