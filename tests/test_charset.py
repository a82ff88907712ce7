"""Character sets (PS3.5 §6.1, PS3.3 C.12.1.1.2): pydicom's charset files and decoder as oracles,
the examples of PS3.5 Annexes H, I, J, K, and each single-byte character set."""

from __future__ import annotations

import os
import warnings

import pydicom
import pydicom.charset
import pydicom.data
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicomconstruct.charset import (
    CODES_TO_ENCODINGS,
    convert_encodings,
    decode_bytes,
    default_encoding,
    encode_string,
    python_encoding,
)
from dicomconstruct.valuerep import PersonName
from dicomconstruct.values import convert_value

CHARSET_DIR = os.path.join(os.path.dirname(pydicom.data.__file__), "charset_files")
CHARSET_FILES = sorted(f for f in os.listdir(CHARSET_DIR) if f.endswith(".dcm"))
TEXT_VRS = {"PN", "LO", "SH", "ST", "LT", "UT", "UC"}


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


# --- every text element of pydicom's charset files -----------------------------------------------


def _text_elements(dataset, encodings, where=""):
    """(where, VR, raw, our encodings, pydicom's value) for text at any depth.

    Our encodings come from our own decoding of each level's raw Specific Character Set
    (an item without one inherits its parent's, PS3.5 §7.5.3), not from pydicom.
    """
    charset = dataset.get_item(0x00080005)
    if charset is not None:
        raw = charset.value if isinstance(charset, pydicom.dataelem.RawDataElement) else None
        if raw is None:  # pydicom converted it while reading: re-encode its text
            value = charset.value
            raw = "\\".join([value] if isinstance(value, str) else value).encode()
        terms = convert_value("CS", raw)
        encodings = convert_encodings(terms if isinstance(terms, str) else list(terms))
    for tag in list(dataset._dict):
        raw = dataset.get_item(tag)
        elem = dataset[tag]
        if elem.VR == "SQ":
            for index, item in enumerate(elem.value):
                yield from _text_elements(item, encodings, f"{where}{elem.tag}[{index}]/")
        elif elem.VR in TEXT_VRS and isinstance(raw, pydicom.dataelem.RawDataElement):
            yield f"{where}{elem.tag}", elem.VR, raw.value or b"", encodings, elem.value


def _same_text(ours, theirs) -> bool:
    if isinstance(theirs, (list, pydicom.multival.MultiValue)):
        return len(ours) == len(theirs) and all(map(_same_text, ours, theirs))
    if isinstance(theirs, pydicom.valuerep.PersonName):
        return isinstance(ours, PersonName) and (
            ours.components,
            ours.family_name,
            ours.given_name,
            ours.middle_name,
            ours.name_prefix,
            ours.name_suffix,
            ours.ideographic,
            ours.phonetic,
        ) == (
            theirs.components,
            theirs.family_name,
            theirs.given_name,
            theirs.middle_name,
            theirs.name_prefix,
            theirs.name_suffix,
            theirs.ideographic,
            theirs.phonetic,
        )
    return type(ours) is str and ours == theirs


@pytest.mark.parametrize("name", CHARSET_FILES)
def test_charset_file_text_decodes_as_pydicom_decodes_it(name):
    dataset = _quiet(pydicom.dcmread, os.path.join(CHARSET_DIR, name))
    elements = _quiet(list, _text_elements(dataset, [default_encoding]))
    assert elements
    problems = []
    for where, vr, raw, encodings, theirs in elements:
        ours = _quiet(convert_value, vr, raw, True, encodings)
        if not _same_text(ours, theirs):
            problems.append(f"{where} {vr} {raw!r}: {ours!r} != {theirs!r}")
    assert not problems, "\n".join(problems)


def test_a_sequence_item_with_its_own_character_set_decodes_with_it():
    # chrSQEncoding.dcm: the dataset is ISO_IR 192, its item ISO 2022 IR 13 \ ISO 2022 IR 87.
    dataset = _quiet(pydicom.dcmread, os.path.join(CHARSET_DIR, "chrSQEncoding.dcm"))
    names = [e for e in _text_elements(dataset, [default_encoding]) if e[1] == "PN"]
    item_name = next(e for e in names if "[0]" in e[0])
    assert item_name[3] == ["shift_jis", "iso2022_jp"]
    ours = convert_value("PN", item_name[2], True, item_name[3])
    assert ours == "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
    assert ours.ideographic == "山田^太郎" and ours.given_name == "ﾀﾛｳ"


# --- PS3.5 annex examples -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "terms, raw, expected",
    [
        # H.3.1: ISO 2022 IR 87 in G0 after ESC $ B, back to ASCII with ESC ( B
        (
            ["", "ISO 2022 IR 87"],
            b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B",
            "Yamada^Tarou=山田^太郎=やまだ^たろう",
        ),
        # H.3.2: JIS X 0201 katakana first, back with ESC ( J
        (
            ["ISO 2022 IR 13", "ISO 2022 IR 87"],
            b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3=\x1b$B;3ED\x1b(J^\x1b$BB@O:\x1b(J="
            b"\x1b$B$d$^$@\x1b(J^\x1b$B$?$m$&\x1b(J",
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
        ),
        # I.2: KS X 1001 in G1 after ESC $ ) C, one escape per component
        (
            ["", "ISO 2022 IR 149"],
            b"Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7="
            b"\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf",
            "Hong^Gildong=洪^吉洞=홍^길동",
        ),
        # J.1: UTF-8; J.2: GB18030
        ("ISO_IR 192", "Wang^XiaoDong=王^小東=".encode(), "Wang^XiaoDong=王^小東"),
        ("GB18030", b"Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=", "Wang^XiaoDong=王^小东"),
        # K.2: GB 2312 in G1 after ESC $ ) A
        (
            ["", "ISO 2022 IR 58"],
            b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=",
            "Zhang^XiaoDong=张^小东",
        ),
    ],
)
def test_standard_examples_of_person_names(terms, raw, expected):
    encodings = convert_encodings(terms)
    assert convert_value("PN", raw, True, encodings) == expected


def test_gb2312_text_with_the_escape_sequence_removed_and_written_back():
    # PS3.5 K.2: pydicom leaves ESC $ ) A in the text; the escape sequence is not text.
    encodings = convert_encodings(["", "ISO 2022 IR 58"])
    assert convert_value("LO", b"\x1b$)A\xd5\xc5", True, encodings) == "张"
    assert encode_string("张", encodings) == b"\x1b$)A\xd5\xc5"


SINGLE_BYTE_SAMPLES = {
    "ISO_IR 13": "ﾔﾏﾀﾞﾀﾛｳ",  # katakana only: like pydicom, one half of JIS X 0201 per run
    "ISO_IR 100": "Buc^Jérôme",
    "ISO_IR 101": "Dvořák^Antonín",
    "ISO_IR 109": "Ħal Għargħur",
    "ISO_IR 110": "Ģirts^Ļūcis",
    "ISO_IR 126": "Διονυσιος",
    "ISO_IR 127": "قباني^لنزار",
    "ISO_IR 138": "שרון^דבורה",
    "ISO_IR 144": "Люкceмбypг",
    "ISO_IR 148": "Çavuşoğlu^Işıl",
    "ISO_IR 166": "สวัสดี",
}


@pytest.mark.parametrize("term, text", sorted(SINGLE_BYTE_SAMPLES.items()))
def test_each_single_byte_character_set_round_trips(term, text):
    encodings = convert_encodings(term)
    raw = encode_string(text, encodings)
    assert convert_value("LO", raw, True, encodings) == text
    # the same set as a code extension, designated by its escape sequence (PS3.3 C.12-3)
    if term != "ISO_IR 13":
        extended = convert_encodings(["ISO 2022 IR 6", term.replace("ISO_IR", "ISO 2022 IR")])
        raw = encode_string(text, extended)
        # Latin-1 text fits the first codec (pydicom decodes ISO-IR 6 as ISO 8859-1)
        assert raw.startswith(b"\x1b") or term == "ISO_IR 100"
        assert convert_value("LT", raw + b"\r\nabc", True, extended) == text + "\r\nabc"


def test_a_delimiter_returns_to_the_first_character_set():
    encodings = convert_encodings(["ISO 2022 IR 6", "ISO 2022 IR 100"])
    raw = b"\x1b-A\xe9t\xe9\r\n\xe9"  # the second \xe9 is after CR LF: ISO-IR 6 again
    assert decode_bytes(raw, encodings, {0x0D, 0x0A}) == "été\r\né"


# --- convert_encodings ------------------------------------------------------------------------------


def test_every_defined_term_maps_as_in_pydicom():
    for term in python_encoding:
        assert convert_encodings(term) == pydicom.charset.convert_encodings(term), term


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        [""],
        ["", "ISO 2022 IR 87"],
        ["ISO 2022 IR 13", "ISO 2022 IR 87"],
        ["ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 149"],
        ["ISO_IR 192", "ISO 2022 IR 87"],
        ["ISO 2022 IR 6", "GB18030", "ISO 2022 IR 87"],
        "ISO IR 100",
        "ISO-IR 144",
        "ISO 2022-IR 87",
        "ISO-2022-IR-149",
        "utf-8",
        "Klingon",
        "ISO_IR 999",
        "ISO 2022 IR 999",
    ],
)
def test_convert_encodings_matches_pydicom_including_fallbacks(value):
    ours = _quiet(convert_encodings, value)
    theirs = _quiet(pydicom.charset.convert_encodings, value)
    assert ours == theirs


def test_misspelled_or_unknown_character_sets_warn_and_never_raise():
    with pytest.warns(UserWarning, match="assuming 'ISO_IR 100'"):
        assert convert_encodings("ISO IR 100") == ["latin_1"]
    with pytest.warns(UserWarning, match="Unknown encoding 'Klingon'"):
        assert convert_encodings("Klingon") == [default_encoding]
    with pytest.warns(UserWarning, match="does not allow code extensions"):
        assert convert_encodings(["ISO_IR 192", "ISO 2022 IR 87"]) == ["UTF8"]


def test_an_unknown_codec_and_an_unknown_escape_sequence_fall_back_with_a_warning():
    with pytest.warns(UserWarning, match="Unknown encoding"):
        assert decode_bytes(b"abc", ["no-such-codec"], set()) == "abc"
    with pytest.warns(UserWarning, match="unknown escape sequence"):
        assert decode_bytes(b"a\x1b$(Zb", ["iso8859"], set()) == "a\x1b$(Zb"


# --- pydicom's decoder and encoder as oracles ----------------------------------------------------

# Without ISO 2022 IR 58, where pydicom keeps the escape sequence in the text.
_ENCODING_SETS = [
    ["iso8859"],
    ["latin_1"],
    ["UTF8"],
    ["GB18030"],
    ["GBK"],
    ["shift_jis"],
    ["iso8859", "iso2022_jp"],
    ["shift_jis", "iso2022_jp"],
    ["iso8859", "iso2022_jp_2"],
    ["iso8859", "euc_kr"],
    ["iso8859", "latin_1", "iso_ir_126", "iso_ir_144"],
    ["iso_ir_127", "iso_ir_138"],
]
_PIECES = [code for code, codec in CODES_TO_ENCODINGS.items() if codec != "iso_ir_58"]
_PIECES += [b"abc", b"^", b"=", b"\r\n", b"\t", b"\xe9\xe8", b"\xb0\xa1", b";3ED", b"\xd4\xcf"]
_PIECES += [b"\xff", b"\x1b", b"\x1b$", b"\x80\x81\x82"]


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=8),
    encodings=st.sampled_from(_ENCODING_SETS),
    delimiters=st.sampled_from([set(), {0x0D, 0x0A, 0x09, 0x0C}, {0x5E}]),
)
def test_decode_bytes_gives_what_pydicom_gives(pieces, encodings, delimiters):
    raw = b"".join(pieces)
    ours = _quiet(decode_bytes, raw, encodings, delimiters)
    theirs = _quiet(pydicom.charset.decode_bytes, raw, encodings, delimiters)
    assert ours == theirs


_TEXTS = ["abc", "é", "Ω", "Ж", "山田", "ﾔﾏﾀﾞ", "洪", "길동", "王", "شرق", "^", "=", " ", "€"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(_TEXTS), min_size=1, max_size=5),
    encodings=st.sampled_from(_ENCODING_SETS),
)
def test_encode_string_gives_what_pydicom_gives(parts, encodings):
    text = "".join(parts)
    ours = _quiet(encode_string, text, encodings)
    theirs = _quiet(pydicom.charset.encode_string, text, encodings)
    assert ours == theirs


@settings(max_examples=300, deadline=None)
@given(
    raw=st.binary(max_size=30),
    encodings=st.sampled_from(_ENCODING_SETS + [["iso8859", "iso_ir_58"], ["bogus"]]),
)
def test_decode_bytes_never_raises(raw, encodings):
    _quiet(decode_bytes, raw, encodings, {0x0D, 0x0A})


# Re-encoding a decoded value (encode_value) gives the bytes read back for every text value of
# charset_files but these, where the file chose among equivalent encodings: an optional
# escape back to ASCII at the end of a Korean value, ESC ( B rather than ESC ( J to return to
# the Japanese IR 13 roman set, an empty phonetic group kept with its '=', no padding byte.
# The writer does not re-encode unchanged values: it writes their original bytes.
_REENCODED_DIFFERENTLY = {
    ("chrKoreanMulti.dcm", 0x00081070),
    ("chrKoreanMulti.dcm", 0x00100010),
    ("chrKoreanMulti.dcm", 0x00101001),
    ("chrKoreanMulti.dcm", 0x001021B0),
    ("chrSQEncoding.dcm", 0x00100010),
    ("chrSQEncoding1.dcm", 0x00100010),
    ("chrX1.dcm", 0x00100010),
    ("chrX2.dcm", 0x00100010),
}
_TEXT_VRS = ("PN", "LO", "SH", "ST", "LT", "UT", "UC", "CS", "DA", "TM", "UI", "DS", "IS")


def _reencoded(path):
    from dicomconstruct import dcmread, tables
    from dicomconstruct.values import encode_value

    same, different = 0, set()

    def walk(dataset):
        nonlocal same
        for elem in dataset:
            if elem.VR == "SQ":
                for item in elem.value:
                    walk(item)
            elif elem.raw is not None and elem.VR in _TEXT_VRS:
                raw = bytes(elem.raw)
                encoded = encode_value(elem.VR, elem.value, True, dataset._character_set)
                if encoded in (raw, raw + tables.vr_info(elem.VR).padding):
                    same += 1
                else:
                    different.add((path.name, int(elem.tag)))

    walk(dcmread(path))
    return same, different


def test_decoded_values_re_encode_to_the_bytes_read():
    from .conftest import CORPUS

    files = [p for p in CORPUS if "charset_files" in p.parts]
    same, different = 0, set()
    for path in files:
        count, found = _reencoded(path)
        same += count
        different |= found
    assert different == _REENCODED_DIFFERENTLY
    assert same >= 500


# --- strict reading: undecodable text raises (pydicom's RAISE mode) ----------------------------------


def test_strict_reading_raises_on_undecodable_text_and_unknown_character_sets():
    from dicomconstruct import config
    from dicomconstruct.charset import convert_encodings, decode_bytes
    from dicomconstruct.errors import CharsetDecodeError, DicomError, UnknownCharsetError

    with pytest.warns(UserWarning, match="replacement characters"):
        assert decode_bytes(b"\xc4\xe9", ["utf-8"], set()) == "\ufffd\ufffd"
    with pytest.warns(UserWarning, match="Unknown encoding 'UNSUPPORTED'"):
        assert convert_encodings("UNSUPPORTED") == ["iso8859"]
    with config.strict_reading():
        with pytest.raises(CharsetDecodeError, match="can't decode byte 0xc4") as info:
            decode_bytes(b"\xc4\xe9", ["utf-8"], set())
        assert isinstance(info.value, UnicodeDecodeError) and isinstance(info.value, DicomError)
        with pytest.raises(UnicodeDecodeError, match="illegal multibyte sequence"):
            decode_bytes(b"\x1b$(D\xc4\xe9\xef\xed", ["iso2022_jp_2"], set())
        with pytest.raises(UnknownCharsetError, match="Unknown encoding 'UNSUPPORTED'") as lookup:
            convert_encodings("UNSUPPORTED")
        assert isinstance(lookup.value, LookupError) and isinstance(lookup.value, DicomError)
        with pytest.raises(DicomError, match="unknown escape sequence"):
            decode_bytes(b"\x1b-Zabc", ["iso8859"], set())


def test_decode_element_decodes_in_place_as_pydicom():
    from dicomconstruct.charset import decode_element
    from dicomconstruct.dataelem import DataElement

    name = DataElement(0x00100010, "PN", b"\x1b-F\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2")
    decode_element(name, ["ISO 2022 IR 100", "ISO 2022 IR 126"])
    assert name.value == "Διονυσιος"
    text = DataElement(
        0x00081039, "LO", b"Buc^J\xe9r\xf4me\\\x1b-F\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"
    )
    decode_element(text, ["ISO 2022 IR 100", "ISO 2022 IR 126"])
    assert list(text.value) == ["Buc^Jérôme", "Διονυσιος"]
    empty = DataElement(0x00100010, "PN", b"")
    decode_element(empty, "ISO_IR 192")  # nothing to decode
    assert empty.value == ""


# --- a Specific Character Set changed after reading (PS3.5 §6.1.2.5) -------------------------
def _french():
    from dicomconstruct import dcmread

    return dcmread(os.path.join(CHARSET_DIR, "chrFrenMulti.dcm"))  # ISO_IR 100 (Latin-1)


def test_text_read_before_the_character_set_changes_decodes_in_the_one_it_was_read_in():
    ds = _french()
    assert ds.get_item(0x00100010).raw == b"Buc^J\xe9r\xf4me"
    ds.SpecificCharacterSet = "ISO_IR 192"
    assert ds.get_item(0x00100010).is_raw
    assert ds.PatientName == "Buc^Jérôme"  # decoded as Latin-1, not as UTF-8
    assert ds.original_character_set == ["latin_1"]


@pytest.mark.parametrize("enforce_file_format", [False, True])
def test_a_changed_character_set_re_encodes_the_text_when_written(enforce_file_format):
    import io

    from dicomconstruct import dcmread, dcmwrite

    ds = _french()
    ds.SpecificCharacterSet = "ISO_IR 192"
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=enforce_file_format)
    back = dcmread(io.BytesIO(out.getvalue()))
    assert back.get_item(0x00100010).raw == b"Buc^J\xc3\xa9r\xc3\xb4me"
    assert [e.value for e in back] == [e.value for e in ds]


def test_an_unchanged_character_set_writes_the_bytes_read():
    import io

    from dicomconstruct import dcmwrite

    path = os.path.join(CHARSET_DIR, "chrFrenMulti.dcm")
    ds = _french()
    ds.SpecificCharacterSet = ds.SpecificCharacterSet  # the same terms assigned back
    out = io.BytesIO()
    dcmwrite(out, ds)
    with open(path, "rb") as f:
        assert out.getvalue() == f.read()


def test_text_no_codec_can_encode_raises_pydicoms_unicode_error_when_writing_is_strict():
    from dicomconstruct import config
    from dicomconstruct.errors import CharsetEncodeError, DicomError

    mode = config.settings.writing_validation_mode
    config.settings.writing_validation_mode = config.RAISE
    try:
        with pytest.raises(CharsetEncodeError, match="'iso2022_jp' codec can't encode") as e:
            encode_string("Dionysios Διονυσιος", ["iso2022_jp"])
    finally:
        config.settings.writing_validation_mode = mode
    assert isinstance(e.value, UnicodeEncodeError) and isinstance(e.value, DicomError)
    with pytest.warns(UserWarning, match="Failed to encode value"):
        assert encode_string("Dionysios Διονυσιος", ["iso2022_jp"]).startswith(b"Dionysios ")
