"""Gold labels: read annotation tables, adjudicate several annotators, join them to sentences.

Read: CSV, Parquet, and Label Studio JSON exports (the full "JSON" export, with `annotations`, and
the flat "JSON-MIN" one). A file that cannot be read, or a row with a label outside ANNOTATION.md,
becomes a row of `gold_rejects` with its reason; the run goes on with the rest.
"""
from __future__ import annotations

import io
import json
import logging

import pandas as pd

from pipeline.labels import SENTIMENT, STANCE
from pipeline.text.normalize import normalize_text

log = logging.getLogger(__name__)
GOLD_COLUMNS = ["article_id", "text", "sentence_id", "stance", "sentiment", "annotator", "file"]
REJECT_COLUMNS = ["file", "row", "reason", "detail"]
ALLOWED = {"stance": STANCE, "sentiment": SENTIMENT}


class GoldError(ValueError):
    pass


def _choice(result: list, name: str) -> str:
    """The first choice of the Label Studio control called `name` ("" when absent)."""
    for item in result or []:
        if item.get("from_name") == name and item.get("type", "choices") == "choices":
            choices = (item.get("value") or {}).get("choices") or []
            if choices:
                return str(choices[0])
    return ""


def _annotator(annotation: dict) -> str:
    who = annotation.get("completed_by", "")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id", "")
    return str(who)


def label_studio_rows(tasks) -> pd.DataFrame:
    """Label Studio export: one row per (task, annotation); cancelled annotations are skipped."""
    if not isinstance(tasks, list):
        raise GoldError("a Label Studio export is a JSON list of tasks")
    rows = []
    for task in tasks:
        if not isinstance(task, dict):
            raise GoldError("a Label Studio task must be a JSON object")
        if "annotations" not in task:  # JSON-MIN: the data fields and the choices side by side
            rows.append({k: ("" if v is None else str(v)) for k, v in task.items() if not isinstance(v, (dict, list))})
            continue
        data = task.get("data") or {}
        for annotation in task["annotations"] or []:
            if annotation.get("was_cancelled"):
                continue
            result = annotation.get("result") or []
            rows.append({
                "sentence_id": str(data.get("sentence_id", "")),
                "article_id": str(data.get("article_id", "")),
                "text": str(data.get("text", "")),
                "stance": _choice(result, "stance"),
                "sentiment": _choice(result, "sentiment"),
                "annotator": _annotator(annotation),
            })
    return pd.DataFrame(rows)


def _read_table(name: str, data: bytes) -> pd.DataFrame:
    try:
        if name.endswith(".parquet"):
            return pd.read_parquet(io.BytesIO(data)).astype(str).replace({"None": "", "nan": "", "<NA>": ""})
        if name.endswith(".csv"):
            return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if name.endswith(".json"):
            return label_studio_rows(json.loads(data.decode("utf-8-sig")))
    except GoldError:
        raise
    except Exception as error:  # a damaged file: say which and why, never crash the run
        raise GoldError(f"gold file {name}: cannot be read ({type(error).__name__}: {error})") from error
    raise GoldError(f"gold file {name}: only .csv, .parquet and Label Studio .json are read")


def read_gold_rows(name: str, data: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(valid gold rows, rejected rows with their reason). A file-level problem raises GoldError."""
    frame = _read_table(name, data)
    has_key = "sentence_id" in frame.columns or {"article_id", "text"} <= set(frame.columns)
    missing = [c for c in ("stance", "sentiment") if c not in frame.columns]
    if frame.empty and not len(frame.columns):
        return pd.DataFrame(columns=GOLD_COLUMNS), pd.DataFrame(columns=REJECT_COLUMNS)
    if not has_key or missing:
        raise GoldError(f"gold file {name}: needs `sentence_id` or (`article_id`, `text`), and `stance`, "
                        f"`sentiment`; has {list(frame.columns)}")
    frame = frame.fillna("").reset_index(drop=True)
    for column in GOLD_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.assign(stance=frame["stance"].str.strip().str.upper(),
                         sentiment=frame["sentiment"].str.strip().str.upper(), file=name)
    reasons = pd.Series("", index=frame.index)
    for column, allowed in ALLOWED.items():
        bad = ~frame[column].isin(allowed) & (reasons == "")
        reasons[bad] = [f"{column}={v!r} is not in {list(allowed)}" if v else f"{column} is empty"
                        for v in frame.loc[bad, column]]
    rejected = frame[reasons != ""]
    # `row` counts data rows from 1, as a spreadsheet shows them below the header (line row + 1 of a CSV).
    rejects = pd.DataFrame({"file": name, "row": (rejected.index + 1).astype("int64"), "reason": "bad_label",
                            "detail": reasons[reasons != ""].to_numpy()}, columns=REJECT_COLUMNS)
    if len(rejects):
        log.warning("gold file %s: %d rows with labels outside ANNOTATION.md (kept in gold_rejects)", name, len(rejects))
    return frame.loc[reasons == "", GOLD_COLUMNS].reset_index(drop=True), rejects


def read_gold_file(name: str, data: bytes) -> pd.DataFrame:
    """Valid rows only; GoldError when the file is unusable or any row has a bad label."""
    frame, rejects = read_gold_rows(name, data)
    if len(rejects):
        raise GoldError(f"gold file {name}: {'; '.join(rejects['detail'].head(3))}")
    return frame


def load_gold(files: dict[str, bytes]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every gold file of a run: (rows, rejects). An unusable file is one reject row, not a crash."""
    frames, rejects = [pd.DataFrame(columns=GOLD_COLUMNS)], [pd.DataFrame(columns=REJECT_COLUMNS)]
    for name, data in sorted(files.items()):
        try:
            rows, bad = read_gold_rows(name, data)
        except GoldError as error:
            log.warning("%s", error)
            rows, bad = None, pd.DataFrame([{"file": name, "row": -1, "reason": "unreadable", "detail": str(error)}])
        if rows is not None and len(rows):
            frames.append(rows)
        if len(bad):
            rejects.append(bad)
    gold = pd.concat(frames, ignore_index=True).astype(str)
    return gold, pd.concat(rejects, ignore_index=True).astype({"row": "int64"})


def _match_key(text: str) -> str:
    return " ".join(normalize_text(text).split()).lower()


def adjudicate(labels: pd.Series, fallback: str) -> str:
    """Majority of the annotators; a tie goes to NONE/NEUTRAL (ANNOTATION.md, Files)."""
    counts = labels.value_counts()
    if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
        return fallback
    return counts.index[0]


def resolve_sentence_ids(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Give every gold row the sentence_id it names, or that its (article_id, text) matches; "" if none.

    A row with both an id and a text keeps the id only when the text is that sentence's: ids count
    sentences within an article, so a change in cleaning or segmentation shifts them, and a label
    must not attach to another sentence. On a mismatch the text decides (within the id's article)."""
    text_of = {s: _match_key(t) for s, t in zip(sentences["sentence_id"], sentences["text"])}
    by_text = {(a, text_of[s]): s for s, a in zip(sentences["sentence_id"], sentences["article_id"])}
    resolved, moved = [], 0
    for sid, aid, text in zip(gold["sentence_id"], gold["article_id"], gold["text"]):
        key = _match_key(text) if text else ""
        if sid in text_of and (not key or text_of[sid] == key):
            resolved.append(sid)
            continue
        article = aid or (sid.rsplit("-", 1)[0] if sid else "")
        resolved.append(by_text.get((article, key), "") if key else "")
        moved += sid in text_of
    if moved:
        log.warning("%d gold rows name a sentence_id whose text differs from that sentence's now; matched by "
                    "their text instead, or left unmatched (gold_unmatched)", moved)
    return gold.assign(sentence_id=resolved, named_sentence_id=gold["sentence_id"])


def join_gold(gold: pd.DataFrame, sentences: pd.DataFrame, resolved: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (one adjudicated row per matched sentence_id, gold rows that match no sentence, with
    the id they named in `named_sentence_id`). `resolved=True`: `gold` went through
    resolve_sentence_ids already (the label stage does that once, as it warns about moved ids)."""
    if gold.empty:
        return pd.DataFrame(columns=["sentence_id", "stance_gold", "sentiment_gold", "n_annotators"]), gold
    if not resolved:
        gold = resolve_sentence_ids(gold, sentences)
    matched, unmatched = gold[gold["sentence_id"] != ""], gold[gold["sentence_id"] == ""]
    if len(unmatched):
        log.warning("%d gold rows match no sentence of this corpus (kept in the gold_unmatched table)", len(unmatched))
    grouped = matched.groupby("sentence_id", sort=True)
    adjudicated = pd.DataFrame(
        {
            "stance_gold": grouped["stance"].agg(lambda s: adjudicate(s, "NONE")),
            "sentiment_gold": grouped["sentiment"].agg(lambda s: adjudicate(s, "NEUTRAL")),
            "n_annotators": grouped["annotator"].nunique().astype("int64"),
        }
    ).reset_index()
    return adjudicated, unmatched.reset_index(drop=True)
