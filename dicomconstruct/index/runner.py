"""Building an index: files listed once, read in partitions on a process pool, a Dask cluster
or serially, each partition written by its worker as one zstd Parquet part file.

Parts go to a staging directory beside the output (``.OUT.partial``) as workers finish, so a
killed build resumes where it stopped; the finished directory replaces the output with a rename.
``incremental`` reads only the identity columns of the old index, re-reads the files that are
new or changed, and carries the other rows over.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import resource
import shutil
import time
import uuid
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ._optional import require
from .columns import INDEX_VERSION, arrow_schema
from .row import STATUSES, Options, make_options, row_of
from .sources import Entry, expand

OPTIONS_FILE = "_options.json"
SUMMARY_FILE = "_index.json"
IDENTITY = ["path", "size", "mtime_ns", "etag", "status"]


# -- one partition, on a worker ----------------------------------------------------------------
def _stats() -> dict[str, Any]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024}


def read_partition(entries: list[Entry], options: Options) -> Any:
    """The rows of ``entries`` as one Arrow table of the index schema."""
    pa = require("pyarrow", "index")
    schema = arrow_schema(list(options.columns), options.header, options.private)
    # gathered by column as the rows are made (what Table.from_pylist would gather): a row's
    # dict is let go at once, so the partition's rows never pile up as objects that every
    # collection of the cyclic collector scans again
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    # The objects alive before the partition (modules, tables, the caller's) cannot become
    # garbage of its reading: frozen (Python's gc.freeze), the full collections its allocations
    # trigger do not scan them all again; they are unfrozen when the rows are made, collected
    # as before (gc.freeze is the whole process's: a concurrent partition only unfreezes early)
    gc.freeze()
    try:
        for e in entries:
            row = row_of(e.path, options, e.size, e.mtime_ns, e.etag)
            for name, values in columns.items():
                values.append(row[name])
    finally:
        gc.unfreeze()
    return pa.Table.from_pydict(columns, schema=schema)


def write_part(table: Any, directory: str, name: str) -> None:
    """Write one part file whole or not at all (a temporary name, then a rename)."""
    pq = require("pyarrow.parquet", "index")
    final = os.path.join(directory, name)
    temporary = os.path.join(directory, f".{name}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    os.replace(temporary, final)


def index_partition(entries: list[Entry], options: Options, directory: str, name: str) -> dict:
    """What a worker runs: read ``entries``, write their part, say what it did."""
    start = _stats()
    table = read_partition(entries, options)
    write_part(table, directory, name)
    end = _stats()
    statuses = Counter(table.column("status").to_pylist())
    return {
        "files": table.num_rows,
        "status": dict(statuses),
        "cpu": end["cpu"] - start["cpu"],
        "max_rss_mb": end["max_rss_mb"],
        "pid": os.getpid(),
        "part": name,
    }


# -- runners -----------------------------------------------------------------------------------
class _Serial:
    name = "serial"

    def __init__(self, jobs: int):
        self.done: list[dict] = []

    def submit(self, *args: Any) -> None:
        self.done.append(index_partition(*args))

    def finished(self, wait: bool = False) -> Iterator[dict]:
        done, self.done = self.done, []
        yield from done

    def close(self) -> None:
        pass


class _Pool:
    """A process pool: at most two partitions a worker in flight, so the listing is consumed
    as fast as the workers read (the parent never holds the whole archive)."""

    name = "processes"

    def __init__(self, jobs: int):
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs)
        self.pending: set = set()

    def submit(self, *args: Any) -> None:
        self.pending.add(self.pool.submit(index_partition, *args))

    def finished(self, wait: bool = False) -> Iterator[dict]:
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as wait_for

        limit = 0 if wait else 2 * self.jobs
        while len(self.pending) > limit:
            done, self.pending = wait_for(self.pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class _Dask:
    """A dask.distributed cluster at ``address``, or a LocalCluster of ``jobs`` one-thread
    workers started for the run. Workers write the parts: the output must be a directory
    they all see."""

    name = "dask"

    def __init__(self, jobs: int, address: str | None = None):
        distributed = require("distributed", "dask")
        self.cluster = None
        if address:
            self.client = distributed.Client(address)
        else:
            self.cluster = distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # a cluster of this machine listens on this machine only
                dashboard_address=None,
            )
            self.client = distributed.Client(self.cluster)
        self.jobs = max(jobs, len(self.client.scheduler_info().get("workers", {})) or 1)
        self.pending: list = []
        self.as_completed = distributed.as_completed([])

    def submit(self, *args: Any) -> None:
        self.as_completed.add(self.client.submit(index_partition, *args, pure=False))

    def finished(self, wait: bool = False) -> Iterator[dict]:
        limit = 0 if wait else 2 * self.jobs
        while self.as_completed.count() > limit:
            future = next(self.as_completed)
            yield future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(scheduler: str, jobs: int | None) -> Any:
    """``processes`` (default), ``serial``, ``dask`` (a LocalCluster) or ``dask=ADDRESS``."""
    jobs = jobs or os.cpu_count() or 1
    name, _, address = scheduler.partition("=")
    if name == "serial":
        return _Serial(jobs)
    if name == "processes":
        return _Pool(jobs) if jobs > 1 else _Serial(jobs)
    if name == "dask":
        return _Dask(jobs, address or None)
    raise ValueError(
        f"scheduler must be processes, serial, dask or dask=ADDRESS, not {scheduler!r}"
    )


# -- rows kept from before: a resumed build's parts, an incremental build's old index ----------
def identity_key(path: str, size: Any, mtime_ns: Any, etag: Any) -> int:
    """A file's identity (path, size, mtime or ETag) as 64 bits: what decides re-reading."""
    text = f"{path}\0{size}\0{mtime_ns}\0{etag}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


class _Previous:
    """Keys of rows already indexed, in a sorted array of 64-bit ints (8 bytes a file: a
    million files cost 8 MB), and which of them the current listing still has."""

    def __init__(self) -> None:
        self.parts: list[Path] = []
        self.keys = array("Q")
        self.kept = bytearray()

    def add(self, parts: Iterable[Path]) -> None:
        pq = require("pyarrow.parquet", "index")
        keys = list(self.keys)
        for part in parts:
            columns = pq.read_table(part, columns=IDENTITY).to_pydict()
            self.parts.append(part)
            for path, size, mtime, etag, status in zip(
                *(columns[c] for c in IDENTITY), strict=True
            ):
                if status != "unreadable":  # worth trying again
                    keys.append(identity_key(path, size, mtime, etag))
        self.keys = array("Q", sorted(set(keys)))
        self.kept = bytearray(len(self.keys))

    def _find(self, key: int) -> int:
        at = bisect_left(self.keys, key)
        return at if at < len(self.keys) and self.keys[at] == key else -1

    def keep(self, key: int) -> bool:
        at = self._find(key)
        if at < 0:
            return False
        self.kept[at] = 1
        return True

    def carry_over(self, staging: Path, name: Callable[[], str]) -> Counter:
        """Write the kept rows into ``staging`` (each kept key once), dropping the rest; the
        statuses of the rows carried."""
        pa = require("pyarrow", "index")
        pq = require("pyarrow.parquet", "index")
        statuses: Counter = Counter()
        for part in self.parts:
            table = pq.read_table(part)
            ident = table.select(IDENTITY).to_pydict()
            mask = []
            for path, size, mtime, etag, status in zip(*(ident[c] for c in IDENTITY), strict=True):
                at = (
                    -1
                    if status == "unreadable"
                    else self._find(identity_key(path, size, mtime, etag))
                )
                keep = at >= 0 and self.kept[at] == 1
                if keep:
                    self.kept[at] = 2  # emitted: a second copy of the row is dropped
                    statuses[status] += 1
                mask.append(keep)
            in_staging = part.parent == staging
            if in_staging and all(mask):
                continue
            if any(mask):
                write_part(table.filter(pa.array(mask)), str(staging), name())
            if in_staging:
                part.unlink()
        return statuses


def _parts(directory: Path) -> list[Path]:
    return sorted(directory.glob("part-*.parquet")) if directory.is_dir() else []


def _options_record(options: Options) -> dict:
    return {
        "index_version": INDEX_VERSION,
        "columns": options.column_names,
        "header": options.header,
        "private": options.private,
        "check": options.check,
        "bulk_threshold": options.bulk_threshold,
    }


def _same_options(directory: Path, record: dict) -> bool:
    try:
        found = json.loads((directory / OPTIONS_FILE).read_text())
    except (OSError, ValueError):
        return False
    return found == record


# -- building ----------------------------------------------------------------------------------
def build(
    srcs: Iterable[str | os.PathLike],
    out: str | os.PathLike,
    *,
    tags: Any = "core",
    header: str | bool = "none",
    private: str | bool = "none",
    check: str | bool = "inspect",
    jobs: int | None = None,
    scheduler: str = "processes",
    incremental: bool = False,
    files_per_partition: int = 500,
    progress: Callable[[dict], None] | None = None,
    storage_options: dict | None = None,
    bulk_threshold: int = 1024,
) -> dict:
    """Index every file under ``srcs`` into the directory ``out`` (zstd Parquet parts, one row
    per file) and return a summary. ``progress(summary_so_far)`` is called as each part is
    written. A build interrupted before the end resumes when run again with the same options;
    ``incremental`` keeps the rows of ``out`` whose files are unchanged."""
    require("pyarrow.parquet", "index")
    started = time.perf_counter()
    options = make_options(tags, header, private, check, bulk_threshold, storage_options)
    record = _options_record(options)
    out = Path(out)
    if out.exists() and not (out / OPTIONS_FILE).is_file():
        # a new build replaces an index (_swap removes the old one); anything else at ``out`` is
        # the user's, and replacing it would delete it
        raise ValueError(
            f"{out} exists and is not an index (it has no {OPTIONS_FILE}): not replaced"
        )
    staging = out.parent / f".{out.name}.partial"
    if staging.exists() and not _same_options(staging, record):
        shutil.rmtree(staging)  # left by a build with other options: of no use
    staging.mkdir(parents=True, exist_ok=True)
    (staging / OPTIONS_FILE).write_text(json.dumps(record))

    previous = _Previous()
    resumed = _parts(staging)
    previous.add(resumed)
    if incremental and _same_options(out, record):
        previous.add(_parts(out))
    run = uuid.uuid4().hex[:8]
    count = iter(range(1 << 62))

    def part_name() -> str:
        return f"part-{run}-{next(count):06d}.parquet"

    summary: dict[str, Any] = {
        "out": str(out),
        "scheduler": scheduler,
        "listed": 0,
        "read": 0,
        "carried": 0,
        "duplicates": 0,
        "parts": 0,
        "status": dict.fromkeys(STATUSES, 0),
        "worker_cpu_seconds": 0.0,
        "worker_max_rss_mb": 0.0,
        "resumed_parts": len(resumed),
        "worker_pids": [],
    }

    def collect(done: Iterable[dict]) -> None:
        for result in done:
            summary["read"] += result["files"]
            summary["parts"] += 1
            for status, n in result["status"].items():
                summary["status"][status] += n
            summary["worker_cpu_seconds"] += result["cpu"]
            if result["pid"] not in summary["worker_pids"]:
                summary["worker_pids"].append(result["pid"])
            summary["worker_max_rss_mb"] = max(summary["worker_max_rss_mb"], result["max_rss_mb"])
            if progress is not None:
                progress(dict(summary, status=dict(summary["status"]), phase="reading"))

    runner = make_runner(scheduler, jobs)
    summary["scheduler"] = runner.name
    seen: set[int] = set()
    try:
        batch: list[Entry] = []
        for entry in expand(srcs, storage_options):
            key = identity_key(*entry)
            if key in seen:
                summary["duplicates"] += 1
                continue
            seen.add(key)
            summary["listed"] += 1
            if previous.keep(key):
                summary["carried"] += 1
                continue
            batch.append(entry)
            if len(batch) >= files_per_partition:
                runner.submit(batch, options, str(staging), part_name())
                batch = []
                collect(runner.finished())
        if batch:
            runner.submit(batch, options, str(staging), part_name())
        collect(runner.finished(wait=True))
    finally:
        runner.close()
    del seen
    for status, n in previous.carry_over(staging, part_name).items():
        summary["status"][status] += n
    summary["files"] = summary["read"] + summary["carried"]
    summary["parts"] = len(_parts(staging))
    summary["seconds"] = round(time.perf_counter() - started, 3)
    parent = _stats()
    summary["parent_cpu_seconds"] = round(parent["cpu"], 3)
    summary["parent_max_rss_mb"] = round(parent["max_rss_mb"], 1)
    summary["worker_cpu_seconds"] = round(summary["worker_cpu_seconds"], 3)
    summary["worker_max_rss_mb"] = round(summary["worker_max_rss_mb"], 1)
    (staging / SUMMARY_FILE).write_text(json.dumps(summary, indent=1))
    _swap(staging, out)
    if progress is not None:
        progress(dict(summary, phase="done"))
    return summary


def _swap(staging: Path, out: Path) -> None:
    """Put the finished index in place of ``out``: two renames, the old index kept beside it
    (``.OUT.old``) until the new one is in place, then removed."""
    if out.exists():
        old = out.parent / f".{out.name}.old"
        if old.exists():
            shutil.rmtree(old)
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    else:
        os.rename(staging, out)
