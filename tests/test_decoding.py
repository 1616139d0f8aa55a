import codecs

import pytest

from undercurrent.corpus.decoding import decode_bytes
from undercurrent.errors import InputError, InputWarning

TEXT = "Één keer per jaar: café, reünie.\r\nTweede regel — 'quotes' €5\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le-bom"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be-bom"),
])
def test_unicode_encodings_decode_exactly_with_crlf_kept(data, encoding):
    text, used = decode_bytes(data, "x.txt")
    assert text == TEXT  # BOM stripped, CRLF and LF kept as they were
    assert used == encoding


def test_cp1252_is_read_with_a_warning_naming_the_file():
    with pytest.warns(InputWarning, match=r"oud\.txt.*cp1252"):
        text, used = decode_bytes(TEXT.encode("cp1252"), "oud.txt")
    assert text == TEXT and used == "cp1252"


def test_binary_is_refused_with_the_file_name():
    with pytest.raises(InputError, match=r"foto\.txt: looks like a binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "foto.txt")


def test_bad_utf16_after_bom_names_the_byte():
    with pytest.raises(InputError, match="byte"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "x.txt")
