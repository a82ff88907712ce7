"""Hostile conditions around the bytes: writes killed, full disks, symlinks, threads.

What each test proves is listed in docs/reliability.md.
"""

from __future__ import annotations

import errno
import mmap
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dicomconstruct import atomicfile, dcmread
from dicomconstruct.filewriter import dcmwrite

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"


def _debris(folder: Path, keep: set[str]) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name not in keep)


# ---------------------------------------------------------------------------------------------
# symlinks, modes, umask, error names
def test_save_as_onto_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", real)
    link = tmp_path / "link.dcm"
    link.symlink_to(real.name)
    ds = dcmread(link)
    ds.PatientID = "through the link"
    ds.save_as(link)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert dcmread(real).PatientID == "through the link"
    assert sorted(os.listdir(tmp_path)) == ["link.dcm", "real.dcm"]


def test_a_dangling_symlink_gets_its_target_created_as_open_would(tmp_path):
    link = tmp_path / "link.dcm"
    link.symlink_to("made.dcm")
    dcmwrite(link, dcmread(TESTDATA / "explicit_le.dcm"))
    assert link.is_symlink() and dcmread(tmp_path / "made.dcm").PatientName == "Doe^John"


def test_a_new_file_gets_the_umask_without_the_process_umask_being_touched(tmp_path, monkeypatch):
    previous = os.umask(0o027)
    try:
        calls = []
        monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or 0)
        dcmwrite(tmp_path / "new.dcm", dcmread(TESTDATA / "explicit_le.dcm"))
    finally:
        monkeypatch.undo()
        os.umask(previous)
    assert calls == []  # a process-wide umask change races with other threads
    assert os.stat(tmp_path / "new.dcm").st_mode & 0o777 == 0o640


def test_an_error_names_the_target_not_the_temporary_file(tmp_path):
    target = tmp_path / "missing-folder" / "out.dcm"
    with pytest.raises(FileNotFoundError) as info:
        dcmwrite(target, dcmread(TESTDATA / "explicit_le.dcm"))
    assert info.value.filename == str(target)
    assert ".tmp" not in str(info.value)


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named temporary"])
def test_a_write_that_fails_half_way_leaves_the_old_file_and_nothing_else(
    tmp_path, monkeypatch, unnamed
):
    if not unnamed:
        monkeypatch.setattr(atomicfile, "_open_unnamed", lambda folder: None)
    target = tmp_path / "out.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", target)
    before = target.read_bytes()

    def write(file):
        file.write(b"half a file")
        raise OSError(errno.EIO, "device went away")

    with pytest.raises(OSError) as info:
        atomicfile.write_atomically(target, write)
    assert info.value.filename == str(target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["out.dcm"]


def test_leftovers_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_TEXT)
    stale = tmp_path / f".out.dcm.{int(dead.stdout)}-00ff.dicomconstruct.tmp"
    live = tmp_path / f".out.dcm.{os.getppid()}-00ff.dicomconstruct.tmp"
    stale.write_bytes(b"debris")
    live.write_bytes(b"someone is writing")
    dcmwrite(tmp_path / "out.dcm", dcmread(TESTDATA / "explicit_le.dcm"))
    assert sorted(os.listdir(tmp_path)) == sorted(["out.dcm", live.name])


_TEXT = {"capture_output": True, "text": True, "check": True}


# ---------------------------------------------------------------------------------------------
# a writer killed with SIGKILL at random points
_WRITER = textwrap.dedent(
    """
    import sys
    from dicomconstruct import dcmread
    from dicomconstruct.dataset import Dataset
    ds = dcmread(sys.argv[1])
    ds.PixelData = bytes(range(256)) * (24 * 4096)  # 24 MB: the write takes a while
    ds.Rows, ds.Columns, ds.BitsAllocated = 4096, 3072, 16
    print("ready", flush=True)
    n = 0
    while True:
        ds.PatientID = str(n)
        ds.save_as(sys.argv[2])
        n += 1
    """
)


def test_a_writer_killed_at_random_points_leaves_the_original_whole_and_no_debris(tmp_path):
    target = tmp_path / "target.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", target)
    original = target.read_bytes()
    versions = set()
    rng = random.Random(20261202)
    for _ in range(8):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(TESTDATA / "explicit_le.dcm"), str(target)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        ds = dcmread(target)  # always a whole file: the original or one complete write
        versions.add(ds.PatientID)
        assert target.read_bytes() == original or len(ds.PixelData) == 24 * 1024 * 1024
        # Only a rename-window leftover named for the target and its dead writer may remain;
        # the next write into the folder removes it.
        leftovers = _debris(tmp_path, {"target.dcm"})
        assert all(atomicfile._STALE.match(name) for name in leftovers), leftovers
    dcmwrite(tmp_path / "other.dcm", dcmread(TESTDATA / "explicit_le.dcm"))
    assert _debris(tmp_path, {"target.dcm", "other.dcm"}) == []
    assert versions  # which ones depends on where the kills fell


# ---------------------------------------------------------------------------------------------
# a full file system
@pytest.fixture
def small_filesystem(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN): {error}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False, capture_output=True)


def test_a_full_file_system_fails_naming_the_target_and_keeps_the_old_file(small_filesystem):
    target = small_filesystem / "out.dcm"
    shutil.copy(TESTDATA / "explicit_le.dcm", target)
    before = target.read_bytes()
    ds = dcmread(target)
    ds.PixelData = b"\0" * (1024 * 1024)
    with pytest.raises(OSError) as info:
        ds.save_as(target)
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)
    assert target.read_bytes() == before
    assert os.listdir(small_filesystem) == ["out.dcm"]
    assert shutil.disk_usage(small_filesystem).used < 64 * 1024  # the unnamed file is freed


# ---------------------------------------------------------------------------------------------
# threads
def test_threads_reading_decoding_and_writing_shared_and_separate_datasets(tmp_path):
    shared = dcmread(TESTDATA / "explicit_le.dcm")
    expected = {elem.tag: elem.value for elem in dcmread(TESTDATA / "explicit_le.dcm")}
    errors = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                for elem in shared:  # decoding a shared dataset from many threads
                    assert elem.value == expected[elem.tag]
                own = dcmread(TESTDATA / "explicit_le.dcm")
                own.PatientID = f"{n}-{i}"
                own.save_as(tmp_path / f"own-{n}.dcm")
                assert dcmread(tmp_path / f"own-{n}.dcm").PatientID == f"{n}-{i}"
                own.save_as(tmp_path / "same.dcm")  # all threads onto one path
                assert dcmread(tmp_path / "same.dcm").PatientID.count("-") == 1
        except BaseException as error:  # reported below, with the thread's number
            errors.append((n, error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(os.listdir(tmp_path)) == sorted(["same.dcm"] + [f"own-{n}.dcm" for n in range(6)])


def test_a_deferred_value_of_a_file_rewritten_to_the_same_size_is_refused_not_misread(tmp_path):
    # codec.sources.PathSource: the file's size, mtime_ns and inode are checked before a
    # deferred value is read back; a rewrite (even to the same size) is a FileChangedError
    from dicomconstruct.data import get_testdata_file
    from dicomconstruct.errors import FileChangedError

    path = tmp_path / "deferred.dcm"
    original = Path(get_testdata_file("deferred.dcm")).read_bytes()
    path.write_bytes(original)
    ds = dcmread(path, defer_size=512)
    assert ds.get_item("PixelData").is_deferred
    changed = bytearray(original)
    changed[-4:] = b"\xff\xff\xff\xff"  # the same size, other pixel bytes
    replacement = tmp_path / "replacement.dcm"
    replacement.write_bytes(bytes(changed))
    os.replace(replacement, path)  # another inode, as an editor or a sync tool writes
    with pytest.raises(FileChangedError) as raised:
        ds.PixelData  # noqa: B018
    assert str(path) in str(raised.value) and raised.value.offset == 470
    # unchanged, a deferred value reads as before
    path.write_bytes(original)
    ds = dcmread(path, defer_size=512)
    assert ds.PixelData == original[470 : 470 + 1024]


def _read_while_cut(path, original, statement, reads, header_pages=False):
    """(reads that succeeded, reads that failed with a DicomError or OSError, cuts): another
    interpreter (so that a SIGBUS there is an exit status here) runs ``statement`` (one line,
    with ``path`` and ``dcmread`` defined) ``reads`` times while this process cuts ``path``
    short and rewrites ``original`` into the same inode, over and over; with ``header_pages``
    every other cut is within its first 8 KiB (the header's pages, those a walk over a map
    touches). The reader must never die."""
    reader = textwrap.dedent(
        f"""
        import sys, warnings
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        warnings.simplefilter("ignore")
        from dicomconstruct import dcmread
        from dicomconstruct.errors import DicomError
        path = {str(path)!r}
        read = failed = 0
        for _ in range({reads}):
            try:
                {statement}
                read += 1
            except (DicomError, OSError):
                failed += 1
        print(read, failed)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", reader], stdout=subprocess.PIPE, text=True)
    cuts = 0
    while process.poll() is None:
        with open(path, "r+b") as file:  # the same inode, cut short and grown again
            file.truncate(random.randrange(8192 if header_pages and cuts % 2 else len(original)))
            file.seek(0)
            file.write(original)
        cuts += 1
    out = process.stdout.read()
    assert process.returncode == 0, f"the reader died with {process.returncode}"
    read, failed = map(int, out.split())
    return read, failed, cuts


def test_a_large_image_truncated_while_it_is_read_gives_errors_never_a_crash(tmp_path):
    # A file over codec.sources.READ_WHOLE whose one large top-level value (native Pixel Data,
    # found in its first bytes) is read by itself with os.pread and the rest into an anonymous
    # map (filereader._read_around_large_value): no map of the file, so another process
    # cutting it short mid-read gives a DicomError (FileChangedError, TruncatedDataError),
    # never SIGBUS; the values read are the file's as it was, or nothing
    from dicomconstruct.codec.sources import READ_WHOLE
    from dicomconstruct.data import get_testdata_file

    ds = dcmread(get_testdata_file("explicit_le.dcm"))
    count = (READ_WHOLE + (2 << 20)) // 256
    ds.PixelData = bytes(range(256)) * count
    path = tmp_path / "large.dcm"
    ds.save_as(path)
    original = path.read_bytes()
    assert len(original) > READ_WHOLE
    maps = []  # the file-backed maps made while it is read: none (a map's lost page is SIGBUS)
    real_mmap = mmap.mmap

    def recording_mmap(fileno, *args, **kwargs):
        maps.append(fileno)
        return real_mmap(fileno, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mmap, "mmap", recording_mmap)
        assert dcmread(path).PixelData == ds.PixelData
    assert maps == [-1]  # one anonymous map: the buffer, the pixels read by themselves
    same = f"assert dcmread(path).PixelData == bytes(range(256)) * {count}, 'another file'"
    read, failed, cuts = _read_while_cut(path, original, same, 200, header_pages=True)
    assert read + failed == 200 and cuts > 0


def test_a_small_file_truncated_while_it_is_read_gives_errors_never_a_crash(tmp_path):
    # codec.sources.READ_WHOLE: a file up to 8 MiB is read, not mapped, so another process
    # cutting it short mid-read cannot kill the reader with SIGBUS (a map's missing page)
    from dicomconstruct.data import get_testdata_file

    path = tmp_path / "changing.dcm"
    original = Path(get_testdata_file("explicit_le.dcm")).read_bytes() * 1  # a valid file
    path.write_bytes(original)
    every_value = "[e.value for e in dcmread(path, force=True).iterall()]"
    read, failed, cuts = _read_while_cut(path, original, every_value, 3000)
    assert read + failed == 3000 and cuts > 0
