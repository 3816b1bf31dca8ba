from pipeline.text.decode import decode_bytes, looks_binary
from pipeline.text.header import split_header
from pipeline.text.normalize import normalize_text
from pipeline.text.sentences import split_sentences


def test_normalize_maps_quotes_dashes_and_spaces_and_composes_accents():
    raw = "\u201cTalks\u201d \u2014 resumed\u00a0 today\u2019s   round\r\nCafe\u0301"
    assert normalize_text(raw) == "\"Talks\" - resumed today's round\nCaf\u00e9"


def test_decode_utf8_bom_and_cp1252_fallback():
    assert decode_bytes("\ufeffpeace".encode("utf-8")).text == "peace"
    decoded = decode_bytes("caf\u00e9 \u2013 talks".encode("cp1252"))
    assert decoded.encoding == "cp1252" and decoded.text == "caf\u00e9 \u2013 talks"


def test_decode_rejects_binary_and_undecodable_bytes():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert decode_bytes(b"\x00\x01\x02binary").reason == "not_text"
    undecodable = decode_bytes(b"abc \x81 def", fallback="cp1252")  # 0x81 is unassigned in cp1252
    assert undecodable.text is None and undecodable.reason == "unreadable"


def test_header_block_is_read_until_the_blank_line():
    meta, body = split_header("Title: Talks resume\nURL: https://x.example/a\nPublished-Date: 2020-02-29\n\nBody line.")
    assert meta == {"title": "Talks resume", "url": "https://x.example/a", "published_date": "2020-02-29"}
    assert body == "Body line."


def test_text_without_header_is_all_body():
    text = "The talks resumed on Monday: officials said so.\n\nMore text."
    assert split_header(text) == ({}, text)


def test_sentences_have_exact_offsets_and_keep_abbreviations_whole():
    text = ("Mr. Khalilzad met U.S. officials on Feb. 29 in Doha. The talks went well.\n\n"
            "\"We are close,\" he said. Dr. Abdullah agreed.")
    spans = split_sentences(text)
    sentences = [text[s.start:s.end] for s in spans]
    assert sentences == [
        "Mr. Khalilzad met U.S. officials on Feb. 29 in Doha.",
        "The talks went well.",
        "\"We are close,\" he said.",
        "Dr. Abdullah agreed.",
    ]


def test_sentences_never_cross_paragraphs_and_skip_fragments():
    text = "A headline without a stop\n\nFirst sentence here. .\n\nSecond one."
    sentences = [text[s.start:s.end] for s in split_sentences(text, min_chars=3)]
    assert sentences == ["A headline without a stop", "First sentence here.", "Second one."]
