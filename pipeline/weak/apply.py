"""Apply the configured labelling functions to every sentence and aggregate their votes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN, STANCE, label_name
from pipeline.weak.aggregate import AGGREGATORS
from pipeline.weak.context import Cues, SentenceView
from pipeline.weak.sentiment import sentiment_from_score, vader_compound
from pipeline.weak.stance_lfs import REGISTRY


def resolve_lfs(names) -> list:
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ValueError(f"labeler.stance_lfs: unknown labelling functions {unknown}; known: {sorted(REGISTRY)}")
    return [REGISTRY[n] for n in names]


def sentence_views(sentences: pd.DataFrame, articles: pd.DataFrame, cues: Cues) -> list[SentenceView]:
    titles = dict(zip(articles["article_id"], articles["title"].fillna("")))
    views, previous_article, previous_text = [], None, ""
    for article_id, text in zip(sentences["article_id"], sentences["text"]):
        if article_id != previous_article:
            previous_text = ""
        views.append(SentenceView(text=text, previous=previous_text, title=titles.get(article_id, ""), cues=cues))
        previous_article, previous_text = article_id, text
    return views


def label_sentences(sentences: pd.DataFrame, articles: pd.DataFrame, target, labeler) -> pd.DataFrame:
    from tqdm.auto import tqdm

    cues = Cues.from_config(target, labeler)
    lfs = resolve_lfs(labeler.stance_lfs)
    if labeler.aggregator not in AGGREGATORS:
        raise ValueError(f"labeler.aggregator={labeler.aggregator!r}; known: {sorted(AGGREGATORS)}")
    sentences = sentences.sort_values(["article_id", "idx"], kind="stable")
    views = sentence_views(sentences, articles, cues)
    votes = np.array([[lf(v) for lf in lfs] for v in tqdm(views, desc="label", unit="sent", disable=len(views) < 5000)],
                     dtype=np.int64).reshape(len(views), len(lfs))
    stance, confidence = AGGREGATORS[labeler.aggregator](votes, len(STANCE))
    scores = np.array([vader_compound(t) for t in sentences["text"]], dtype=np.float64)
    sentiment = [sentiment_from_score(s, labeler.vader_positive, labeler.vader_negative) for s in scores]

    frame = pd.DataFrame({"sentence_id": sentences["sentence_id"].to_numpy()})
    for j, lf in enumerate(lfs):
        frame[lf.__name__] = votes[:, j].astype("int8")
    frame["stance_weak"] = [label_name("stance", int(c)) for c in stance]
    frame["stance_weak_conf"] = confidence
    frame["sentiment_weak"] = [label_name("sentiment", c) for c in sentiment]
    frame["sentiment_score"] = scores
    frame["n_votes"] = (votes != ABSTAIN).sum(axis=1).astype("int64")
    return frame.sort_values("sentence_id", kind="stable").reset_index(drop=True)
