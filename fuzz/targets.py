"""What the fuzzers run on one input: the strict read-decode-print-write cycle and the tolerant
inspection, each saying whether an exception that escaped is one the API documents.

Shared by the atheris harnesses (fuzz/fuzz_*.py) and the regression tests
(tests/test_properties.py), so a crash found by fuzzing is replayed by exactly the same code.
"""

from __future__ import annotations

import io
import os
import traceback
import warnings

from dicomconstruct import dcmread
from dicomconstruct.errors import DicomError
from dicomconstruct.filewriter import dcmwrite

# PS3.10 §7.1: writing a conformant file needs these meta elements; ``validate_file_meta``
# documents a ValueError with this message when they are missing (as pydicom's does).
_MISSING_META = "Missing required File Meta Information elements"


# Found and reported, not fixed yet: {file in tests/fuzz_regressions: (signature, what is
# wrong)}. Its regression test is a strict xfail, so that the fix makes it fail loudly: then
# remove the entry. fuzz/session.py lets these signatures through (FUZZ_IGNORE) so that a
# session goes on looking for new bugs.
OPEN_BUGS: dict[str, tuple[str, str]] = {}
# Fixed: sequence_tag_with_unknown_vr.dcm (a conformant write refuses, with a DicomError, to
# write as UN an element read with an unknown VR whose tag the dictionary says is SQ and whose
# bytes are no items: a reader takes such a UN for the sequence, PS3.5 §6.2.2),
# encapsulated_pixel_data_without_items.dcm (DataElement.encapsulated of an empty
# value), specific_character_set_with_vr_lo.dcm (the character set read from its bytes),
# group_length_with_vr_pn.dcm (values encoded in the element's own VR; PN checks the type);
# issue 12's round-trip bugs (the files tests/test_writing.py names in WRITTEN_BACK).


class UndocumentedError(AssertionError):
    """An exception the API does not document escaped: a bug (the cause is chained)."""


def signature(exc: BaseException) -> str:
    """``Type@file.py:function`` of where an exception was raised: one bug, one signature
    (a RecursionError is just ``RecursionError``: where the stack runs out varies)."""
    if isinstance(exc, RecursionError):
        return "RecursionError"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{os.path.basename(frames[-1].filename)}:{frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__}@{where}"


# A long session goes on past bugs already reported: FUZZ_IGNORE="TypeError@encaps.py:_open,..."
# lists the signatures to let through (each is still a bug until its regression test passes).
_IGNORED = frozenset(filter(None, os.environ.get("FUZZ_IGNORE", "").split(",")))


def _undocumented(exc: BaseException, ignore: frozenset[str]) -> None:
    if signature(exc) not in _IGNORED | ignore:
        raise UndocumentedError(f"{type(exc).__name__}: {exc} [{signature(exc)}]") from exc


def read_decode_print_write(data: bytes, ignore: frozenset[str] = frozenset()) -> None:
    """Read ``data`` strictly (``force=True``, so bare data sets are tried too), decode and
    print every value, then write it like the original and as a conformant file.

    Faults in the bytes must surface as ``DicomError``; anything else is reported as an
    ``UndocumentedError`` chained to what escaped, unless its :func:`signature` is in
    ``ignore`` (or in the FUZZ_IGNORE environment variable).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _cycle(data)
        except DicomError:
            pass
        except ValueError as exc:
            if not str(exc).startswith(_MISSING_META):
                _undocumented(exc, ignore)
        except Exception as exc:  # noqa: BLE001 - the point is to catch what escapes
            _undocumented(exc, ignore)


def _cycle(data: bytes) -> None:
    ds = dcmread(io.BytesIO(data), force=True)
    for elem in ds.iterall():
        elem.value  # noqa: B018 - decoding is what is tested
        str(elem)
        if elem.is_undefined_length and elem.VR != "SQ":
            elem.encapsulated  # noqa: B018 - the structured view of encapsulated data
    str(ds)
    str(ds.file_meta)
    dcmwrite(io.BytesIO(), ds, write_like_original=True)
    dcmwrite(io.BytesIO(), ds, enforce_file_format=True)


class RoundTripMismatch(AssertionError):
    """What the strict reader accepted did not write back byte-identical (a bug)."""


class OracleRejects(AssertionError):
    """Our reader, or pydicom, could not read our conformant write of an accepted input (a
    bug, or pydicom's: the finding says which library raised what)."""


def _first_difference(a: bytes, b: bytes) -> int:
    """The offset of the first byte where ``a`` and ``b`` differ (the shorter's length if one
    is a prefix of the other)."""
    for offset, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return offset
    return min(len(a), len(b))


def _region(data: bytes, offset: int) -> str:
    """What kind of token holds ``offset`` (from the inspection's token stream), coarse enough
    that one bug gives one signature whatever bytes the mutation chose."""
    from dicomconstruct.inspect import inspect_file

    kind, group = "start", ""
    for token in inspect_file(data).tokens:
        if token.offset > offset:
            break
        kind = token.kind
        group = "meta " if token.tag is not None and token.tag >> 16 == 2 else ""
    return f"{group}{kind}"


def round_trip_differential(
    data: bytes, ignore: frozenset[str] = frozenset(), pydicom_oracle: bool = True
) -> bool:
    """The round-trip reference as a differential oracle: when the strict reader accepts
    ``data`` (``force=True``) and every value decodes, writing it like the original gives back
    exactly ``data``, and its conformant write reads, every value decoded, in our reader and in
    pydicom without error.

    Returns whether the input was accepted. Raises :class:`RoundTripMismatch` or
    :class:`OracleRejects` on a finding, :class:`UndocumentedError` when anything but a
    ``DicomError`` escapes our reader (signatures in ``ignore``/FUZZ_IGNORE let through).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(io.BytesIO(data), force=True)
            for elem in ds.iterall():
                elem.value  # noqa: B018 - only what decodes whole is the reference's
            original = io.BytesIO()
            dcmwrite(original, ds, write_like_original=True)
            conformant = io.BytesIO()
            dcmwrite(conformant, ds, enforce_file_format=True)
        except DicomError:
            return False
        except ValueError as exc:
            if not str(exc).startswith(_MISSING_META):
                _undocumented(exc, ignore)
            return False
        except Exception as exc:  # noqa: BLE001 - the point is to catch what escapes
            _undocumented(exc, ignore)
            return False
        written = original.getvalue()
        if written != data:
            at = _first_difference(written, data)
            sig = f"RoundTripMismatch@{_region(data, at)}"
            if sig not in _IGNORED | ignore:
                raise RoundTripMismatch(
                    f"{len(data)} bytes in, {len(written)} out; first difference at byte {at} "
                    f"[{sig}]"
                )
        _we_read(conformant.getvalue(), ignore)
        if pydicom_oracle:
            _pydicom_reads(conformant.getvalue(), ignore, data)
    return True


def _we_read(data: bytes, ignore: frozenset[str]) -> None:
    """Our strict reader reads our conformant write and decodes every value (a Part 10 file
    is read without ``force``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = dcmread(io.BytesIO(data))
            for elem in ours.iterall():
                elem.value  # noqa: B018 - decoding is what is tested
    except Exception as exc:  # noqa: BLE001 - whatever our reader raises is the finding
        sig = "OracleRejects@dicomconstruct"
        if sig not in _IGNORED | ignore:
            raise OracleRejects(
                f"dicomconstruct reads its own conformant write: {type(exc).__name__}: {exc} "
                f"[{sig}]"
            ) from exc


def _pydicom_walks(data: bytes, force: bool = False) -> None:
    """pydicom reads ``data`` and decodes every element (raises what pydicom raises)."""
    import pydicom

    theirs = pydicom.dcmread(io.BytesIO(data), force=force)
    for _ in theirs.iterall():
        pass


def _pydicom_reads(data: bytes, ignore: frozenset[str], original: bytes) -> None:
    """pydicom (the oracle; fuzzing is test tooling, never the library's run time) reads our
    conformant write and walks every element.

    What pydicom cannot judge is no finding: an input that pydicom itself cannot read and
    decode (content it chokes on, e.g. a Specific Character Set read as US, an unknown VR, an
    ambiguous Pixel Data VR without Bits Allocated, is still there in our conformant write),
    and a data set holding Command Set (0000,eeee) elements that is not implicit VR little
    endian: pydicom 3.0.2 reads a leading group 0000 as implicit VR little endian whatever
    the transfer syntax (``filereader._read_command_set_elements``), and its ``dcmwrite``
    refuses to write one, whereas ours writes what was read."""
    try:
        import pydicom  # noqa: F401
    except ImportError:
        return
    try:
        _pydicom_walks(data)
    except Exception as exc:  # noqa: BLE001 - whatever pydicom raises is the finding
        if _beyond_the_oracle(data, original):
            return
        sig = f"OracleRejects@{type(exc).__name__}"
        if sig not in _IGNORED | ignore:
            raise OracleRejects(f"pydicom: {type(exc).__name__}: {exc} [{sig}]") from exc


def _beyond_the_oracle(written: bytes, original: bytes) -> bool:
    """Whether pydicom cannot judge ``written``, our conformant write of ``original``: see
    :func:`_pydicom_reads`."""
    ours = dcmread(io.BytesIO(written))
    if any(tag >> 16 == 0 for tag in ours._dict) and ours.original_encoding != (True, True):
        return True
    try:
        _pydicom_walks(original, force=True)
    except Exception:  # noqa: BLE001 - pydicom cannot read the input itself
        return True
    return False


def inspect_tolerantly(data: bytes, ignore: frozenset[str] = frozenset()) -> None:
    """Inspect ``data`` and render the result every way; nothing may escape."""
    from dicomconstruct.inspect import inspect_file

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            inspection = inspect_file(data)
            inspection.lines()
            inspection.lines(hexdump=True)
            inspection.to_json()
        except Exception as exc:  # noqa: BLE001
            _undocumented(exc, ignore)
