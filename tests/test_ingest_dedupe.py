"""Duplicates: each story kept once, the copies listed in rejects with what they duplicate."""
from tests.ingest_helpers import ingest_folder

STORY = [
    "Afghan government and Taliban negotiators agreed on Sunday on the rules that will govern their talks in Doha.",
    "The two teams had been stuck for weeks on whether a disputed accord should frame the discussions.",
    "A member of the government delegation said the agreement was a first step but a necessary one.",
    "Mediators from Qatar said the next session would take up the agenda, including a reduction in violence.",
    "Neither side released the text of the rules, and diplomats said the hard questions were still ahead.",
]


def _write(root, name, source, url, title, lines):
    root.mkdir(exist_ok=True)
    (root / name).write_text(f"Title: {title}\nURL: {url}\nSource: {source}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")


def test_exact_and_near_duplicates_are_kept_once_and_name_the_original(tmp_path):
    root = tmp_path / "c"
    _write(root, "a_wire.txt", "Wire", "https://wire.example/1", "Rules agreed", STORY)
    _write(root, "b_exact.txt", "Daily", "https://daily.example/9", "Doha rules set", STORY)
    edited = [STORY[0].replace("on Sunday", "late on Sunday"), *STORY[1:4], STORY[4] + " More talks are planned."]
    _write(root, "c_near.txt", "Herald", "https://herald.example/x", "A first step in Doha", edited)
    other = [s.replace("Doha", "Moscow").replace("Qatar", "Russia").replace("Sunday", "Friday").replace("rules", "agenda")
             .replace("teams", "sides").replace("delegation", "team") for s in STORY]
    _write(root, "d_other.txt", "Post", "https://post.example/2", "Moscow meeting", other)
    articles, rejects, inputs = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}"])
    assert sorted(articles["path"]) == ["a_wire.txt", "d_other.txt"]
    details = dict(zip(rejects["path"], rejects["detail"]))
    assert set(rejects["reason"]) == {"duplicate"}
    assert details["b_exact.txt"] == "exact duplicate of a_wire.txt"
    assert details["c_near.txt"].startswith("near duplicate of a_wire.txt (estimated Jaccard")
    assert len(inputs) == 4


def test_near_duplicate_detection_follows_the_configured_threshold(tmp_path):
    root = tmp_path / "c"
    _write(root, "a.txt", "Wire", "https://wire.example/1", "Rules agreed", STORY)
    _write(root, "b.txt", "Daily", "https://daily.example/9", "Doha", [*STORY[:3], "The rest of this version was rewritten by the desk entirely."])
    strict, _, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}", "ingest.duplicates.threshold=0.95"])
    loose, rejects, _ = ingest_folder(tmp_path, ["corpus=text_dir", f"corpus.path={root}", "ingest.duplicates.threshold=0.3"])
    assert len(strict) == 2
    assert list(loose["path"]) == ["a.txt"] and rejects.iloc[0]["detail"].startswith("near duplicate of a.txt")
