"""The index on real parts: a multi-process Dask cluster (a ``dask scheduler`` and two ``dask
worker`` processes on 127.0.0.1, started here and stopped by PID), and an S3-compatible server
(moto's server mode on 127.0.0.1) read through s3fs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file

pytest.importorskip("pyarrow", reason="the index extra (pyarrow) does not install here")
import pyarrow.dataset as pads  # noqa: E402

from dicomconstruct.index import build, schema, to_dask  # noqa: E402
from dicomconstruct.index import cli as index_cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FILES = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "MR_truncated.dcm", "JPEG2000.dcm"]


def _table(directory):
    return pads.dataset(str(directory), format="parquet").to_table()


def _environment() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def archive(tmp_path):
    src = tmp_path / "archive"
    src.mkdir()
    for name in FILES:
        (src / name).write_bytes(Path(get_testdata_file(name)).read_bytes())
    (src / "notes.txt.bin").write_text("not DICOM")
    return src


# -- Dask ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers, each its own process (no nanny: the
    process started is the worker, and stopping it by PID stops it)."""
    pytest.importorskip("distributed", reason="the dask extra does not install here")
    pytest.importorskip("dask.dataframe", reason="the dask extra does not install here")
    where = tmp_path_factory.mktemp("dask")
    scheduler_file = where / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    common = {"cwd": where, "env": _environment(), "stdout": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            dask
            + ["--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
            + ["--scheduler-file", str(scheduler_file)],
            stderr=open(where / "scheduler.log", "w"),  # noqa: SIM115 - closed with the process
            **common,
        )
    ]
    try:
        for n in range(2):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker"]
                    + ["--scheduler-file", str(scheduler_file), "--host", "127.0.0.1"]
                    + ["--nthreads", "1", "--no-nanny", "--no-dashboard"]
                    + ["--local-directory", str(where / f"worker{n}")],
                    stderr=open(where / f"worker{n}.log", "w"),  # noqa: SIM115
                    **common,
                )
            )
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            pids = set(client.run(os.getpid).values())
        assert pids == {p.pid for p in processes[1:]}
        yield address, pids
    finally:
        _stop(processes[1:])
        _stop(processes[:1])


def test_build_on_a_dask_cluster_writes_parts_from_the_workers(dask_cluster, archive, tmp_path):
    address, worker_pids = dask_cluster
    out = tmp_path / "index"
    summary = build([archive], out, scheduler=f"dask={address}", files_per_partition=1)
    assert summary["scheduler"] == "dask"
    assert set(summary["worker_pids"]) <= worker_pids and os.getpid() not in worker_pids
    table = _table(out)
    assert table.num_rows == summary["files"] == 6
    assert sorted(table.column("status").to_pylist()) == sorted(["ok"] * 4 + ["error", "not-dicom"])
    serial = build([archive], tmp_path / "serial", scheduler="serial")
    assert serial["status"] == summary["status"]


def test_to_dask_to_parquet_runs_on_the_workers(dask_cluster, archive, tmp_path):
    from distributed import Client

    address, worker_pids = dask_cluster
    frame = to_dask([archive], files_per_partition=2)
    assert frame.npartitions == 3
    assert list(frame.columns) == schema().names
    with Client(address) as client:
        frame.to_parquet(str(tmp_path / "dd"), write_index=False)
        assert client.run(lambda: 1).keys()  # the two workers are still there
    table = _table(tmp_path / "dd")
    assert table.num_rows == 6
    assert table.schema.field("problems").type == schema().field("problems").type
    assert table.schema.field("PixelSpacing").type == schema().field("PixelSpacing").type
    rows = {Path(r["path"]).name: r for r in table.to_pylist()}
    assert rows["CT_small.dcm"]["PixelSpacing"] == [0.661468, 0.661468]
    assert rows["MR_truncated.dcm"]["problems"][0]["kind"] == "value-cut-off"


# -- S3 ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    pytest.importorskip("moto", reason="moto[server] does not install here")
    pytest.importorskip("s3fs", reason="the remote extra (s3fs) does not install here")
    port = _free_port()
    where = tmp_path_factory.mktemp("moto")
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        cwd=where,
        stdout=subprocess.DEVNULL,
        stderr=open(where / "moto.log", "w"),  # noqa: SIM115 - closed with the process
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield {"endpoint_url": url, "key": "testing", "secret": "testing"}
    finally:
        _stop([server])


@pytest.fixture
def bucket(s3_server, tmp_path):
    import s3fs

    fs = s3fs.S3FileSystem(**s3_server)
    name = f"archive-{os.getpid()}-{time.monotonic_ns()}"
    fs.mkdir(name)
    for file in FILES:
        fs.pipe(f"{name}/studies/{file}", Path(get_testdata_file(file)).read_bytes())
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    ds.PixelData = b"\0" * 2_000_000
    ds.Rows, ds.Columns = 1000, 1000
    ds.save_as(tmp_path / "big.dcm")
    fs.pipe(f"{name}/studies/deep/big.dcm", (tmp_path / "big.dcm").read_bytes())
    fs.invalidate_cache()
    return fs, name


def test_an_s3_bucket_is_listed_once_and_read_by_ranges(bucket, s3_server, tmp_path, monkeypatch):
    import s3fs

    fs, name = bucket
    assert s3fs.S3FileSystem(**s3_server) is fs  # fsspec's cached instance: what the index uses
    ranges = []
    real = fs.cat_file

    def cat_file(path, start=None, end=None, **kwargs):
        ranges.append((path.rsplit("/", 1)[-1], start, end))
        return real(path, start=start, end=end, **kwargs)

    monkeypatch.setattr(fs, "cat_file", cat_file)
    out = tmp_path / "index"
    summary = build([f"s3://{name}/studies/"], out, scheduler="serial", storage_options=s3_server)
    rows = {r["path"]: r for r in _table(out).to_pylist()}
    assert summary["files"] == len(rows) == 6
    for path, row in rows.items():
        info = fs.info(path)
        assert row["size"] == info["size"] and row["etag"] == info["ETag"].strip('"')
        assert row["mtime_ns"] is None
    big = rows[f"s3://{name}/studies/deep/big.dcm"]
    assert big["status"] == "ok" and big["Rows"] == 1000
    fetched = [(start, end) for file, start, end in ranges if file == "big.dcm"]
    assert fetched == [(0, 65536)] and big["size"] > 2_000_000
    truncated = rows[f"s3://{name}/studies/MR_truncated.dcm"]
    assert truncated["status"] == "error" and truncated["Modality"] == "MR"  # fetched whole
    assert [p["kind"] for p in truncated["problems"]] == ["value-cut-off"]


def test_an_incremental_s3_index_rereads_objects_whose_etag_changed(bucket, s3_server, tmp_path):
    fs, name = bucket
    out = tmp_path / "index"
    args = [f"s3://{name}/studies/", "-o", str(out), "--progress", "off", "-j", "2"]
    args += ["--storage-options", json.dumps(s3_server)]
    assert index_cli.main(args) == 0
    fs.pipe(f"{name}/studies/rtplan.dcm", Path(get_testdata_file("rtdose.dcm")).read_bytes())
    assert index_cli.main(args + ["--incremental"]) == 0
    rows = {Path(r["path"]).name: r for r in _table(out).to_pylist()}
    assert len(rows) == 6 and rows["rtplan.dcm"]["Modality"] == "RTDOSE"
    summary = json.loads((out / "_index.json").read_text())
    assert (summary["read"], summary["carried"]) == (1, 5)


def test_scheduler_dask_starts_a_local_cluster_for_the_run(archive, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra does not install here")
    summary = build([archive], tmp_path / "index", scheduler="dask", jobs=1, files_per_partition=3)
    assert summary["scheduler"] == "dask" and os.getpid() not in summary["worker_pids"]
    assert summary["files"] == _table(tmp_path / "index").num_rows == 6
