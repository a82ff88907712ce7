"""Private data (PS3.5 §7.8): creators, blocks addressed by offset, removal; as pydicom's."""

from __future__ import annotations

import pydicom
import pytest

from dicomconstruct import Dataset, dcmread

CT = pydicom.data.get_testdata_file("CT_small.dcm")


def test_private_creators_of_a_group_match_pydicom():
    ours, theirs = dcmread(CT), pydicom.dcmread(CT)
    for group in (0x0009, 0x0019, 0x0043):
        assert ours.private_creators(group) == theirs.private_creators(group)
    with pytest.raises(ValueError):
        ours.private_creators(0x0008)


def test_private_block_reads_elements_by_offset():
    ds = dcmread(CT)
    block = ds.private_block(0x0043, "GEMS_PARM_01")
    assert block[0x4E].value == pydicom.dcmread(CT)[0x0043104E].value
    assert block[0x4E].name == "[Duration of X-ray on]"
    assert 0x4E in block and 0x01 not in block
    assert block.get_tag(0x4E) == 0x0043104E
    with pytest.raises(KeyError):
        ds.private_block(0x0043, "NOT_THERE")


def test_private_block_created_in_the_first_free_slot():
    ds = Dataset()
    block = ds.private_block(0x0011, "ACME 1.0", create=True)
    block.add_new(0x01, "SH", "hello")
    assert ds[0x00110010].value == "ACME 1.0" and ds[0x00111001].value == "hello"
    second = ds.private_block(0x0011, "OTHER", create=True)
    assert second.get_tag(0x02) == 0x00111102
    assert ds.private_block(0x0011, "ACME 1.0").block_start == 0x1000
    with pytest.raises(ValueError):
        ds.private_block(0x0010, "ACME 1.0", create=True)


def test_remove_private_tags_removes_them_at_every_level():
    ours, theirs = dcmread(CT), pydicom.dcmread(CT)
    ours.remove_private_tags()
    theirs.remove_private_tags()
    assert [int(e.tag) for e in ours.iterall()] == [int(e.tag) for e in theirs.iterall()]
    assert not any(e.tag.is_private for e in ours.iterall())
