"""Apply the configured labelling functions to every sentence and aggregate their votes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN, LABELS, label_name
from pipeline.text.sentence_ids import in_reading_order
from pipeline.weak.aggregate import aggregate
from pipeline.weak.context import Cues, SentenceView
from pipeline.weak.sentiment import sentiment_from_score, vader_compound
from pipeline.weak.sentiment_lfs import SENTIMENT_REGISTRY
from pipeline.weak.stance_lfs import REGISTRY

REGISTRIES = {"stance": REGISTRY, "sentiment": SENTIMENT_REGISTRY}


def resolve_lfs(task: str, names) -> list:
    registry = REGISTRIES[task]
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise ValueError(f"labeler.{task}_lfs: unknown labelling functions {unknown}; known: {sorted(registry)}")
    if not names:
        raise ValueError(f"labeler.{task}_lfs is empty: choose at least one of {sorted(registry)}")
    return [registry[n] for n in names]


def sentence_views(sentences: pd.DataFrame, articles: pd.DataFrame, cues: Cues, scores) -> list[SentenceView]:
    """Sentences in article order, each with its title and the sentence before it."""
    titles = dict(zip(articles["article_id"], articles["title"].fillna("")))
    views, previous_article, previous_text = [], None, ""
    for article_id, text, score in zip(sentences["article_id"], sentences["text"].fillna(""), scores):
        if article_id != previous_article:
            previous_text = ""
        views.append(SentenceView(text=text, previous=previous_text, title=titles.get(article_id, ""), cues=cues,
                                  vader=float(score)))
        previous_article, previous_text = article_id, text
    return views


def _votes(views, lfs) -> np.ndarray:
    return np.array([[lf(v) for lf in lfs] for v in views], dtype=np.int64).reshape(len(views), len(lfs))


def label_sentences(sentences: pd.DataFrame, articles: pd.DataFrame, target, labeler) -> pd.DataFrame:
    """labels table: one column per function, then per task the weak label, its confidence and distribution."""
    from tqdm.auto import tqdm

    cues = Cues.from_config(target, labeler)
    lfs = {task: resolve_lfs(task, labeler[f"{task}_lfs"]) for task in LABELS}
    clash = {f.__name__ for f in lfs["stance"]} & {f.__name__ for f in lfs["sentiment"]}
    if clash:
        raise ValueError(f"labelling functions {sorted(clash)} are listed for both tasks")
    sentences = sentences.sort_values(["article_id", "idx"], kind="stable")
    texts = sentences["text"].fillna("").to_list()
    scores = np.array([vader_compound(t) for t in tqdm(texts, desc="vader", unit="sent", disable=len(texts) < 5000)])
    views = sentence_views(sentences, articles, cues, scores)

    frame = pd.DataFrame({"sentence_id": sentences["sentence_id"].to_numpy()})
    n_votes = np.zeros(len(views), dtype=np.int64)
    for task, classes in LABELS.items():
        votes = _votes(views, lfs[task])
        labels, confidence, proba = aggregate(votes, len(classes), labeler[f"{task}_model"])
        for j, lf in enumerate(lfs[task]):
            frame[lf.__name__] = votes[:, j].astype("int8")
        frame[f"{task}_weak"] = [label_name(task, int(c)) for c in labels]
        frame[f"{task}_weak_conf"] = confidence
        for j, name in enumerate(classes):
            frame[f"{task}_p_{name}"] = proba[:, j]
        if task == "stance":
            n_votes = (votes != ABSTAIN).sum(axis=1).astype("int64")
    # VADER alone, kept beside the label model so its figure can be reported on its own.
    frame["sentiment_score"] = scores
    frame["sentiment_vader"] = [label_name("sentiment", sentiment_from_score(s, labeler.vader_positive,
                                                                            labeler.vader_negative)) for s in scores]
    frame["n_votes"] = n_votes
    return in_reading_order(frame)
