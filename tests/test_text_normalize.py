from pipeline.text.normalize import normalize_text
from pipeline.text.unwrap import unwrap


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Negotiators from both sides met in Doha on Saturday to resume\nthe talks after a pause of three months. "
            "Officials said the\natmosphere was constructive.\n\nA second paragraph stays apart.")
    assert unwrap(text) == ("Negotiators from both sides met in Doha on Saturday to resume the talks after a pause of "
                            "three months. Officials said the atmosphere was constructive.\n\nA second paragraph stays apart.")


def test_lists_menus_and_one_paragraph_per_line_are_left_alone():
    links = "More from Kabul\n- Blood banks call for donors\n- Independence centenary: what was planned"
    lines = "The talks resumed on Monday in the Qatari capital, officials said.\nThe Taliban did not comment on the talks."
    assert unwrap(links) == links and unwrap(lines) == lines


def test_nfc_composes_but_keeps_compatibility_characters():
    # NFC, not NFKC: "e + combining acute" becomes one character, while "²" and "ﬁ" stay as written.
    assert normalize_text("Cafe\u0301 10\u00b2 \ufb01nal") == "Caf\u00e9 10\u00b2 \ufb01nal"


def test_utf16_with_bom_is_text_not_binary():
    from pipeline.text.decode import decode_bytes

    decoded = decode_bytes("Talks resume in Doha \u2013 caf\u00e9".encode("utf-16"))
    assert decoded.encoding == "utf-16" and decoded.text == "Talks resume in Doha \u2013 caf\u00e9"
