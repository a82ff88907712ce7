"""Benchmark: indexing an archive with dicomconstruct against the pydicom script a competent
user writes (``dcmread(stop_before_pixels=True)`` per file, the same tags, pyarrow, the same
runner and cores). Prints files per CPU-second and their ratio, the runners' overhead, memory,
the cost of inspecting broken files, and a simulated large archive (docs/index.md).

``python bench/index.py compare --files 3000``; ``python bench/index.py scale --files 1000000``;
``python bench/index.py broken``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# Run from a checkout without installing: the package next to this script comes first.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from dicomconstruct.index import CORE_TAGS, build, read_row  # noqa: E402
from dicomconstruct.index.row import make_options  # noqa: E402
from dicomconstruct.index.runner import index_partition  # noqa: E402
from dicomconstruct.index.sources import Entry  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOT_DICOM = (".txt", ".json", ".gz", ".dump", ".icc", ".md", ".bz2", ".py", ".pyc")


def corpus() -> list[Path]:
    """pydicom's corpus (wheel and pydicom-data) and the project's malformed files."""
    import pydicom.data

    root = Path(pydicom.data.__file__).parent
    files: list[Path] = []
    for folder in ("test_files", "charset_files", "palettes"):
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    try:
        from importlib.metadata import entry_points

        for entry in entry_points(group="pydicom.data.external_sources"):
            files += sorted(Path(entry.load()().data_path).glob("*.dcm"))
    except Exception as exc:  # pydicom-data missing: the wheel corpus alone
        print(f"pydicom-data not used: {exc}", file=sys.stderr)
    return [p for p in files if not p.name.endswith(NOT_DICOM) and p.name != "README"]


def malformed() -> list[Path]:
    """The project's malformed files (testdata/malformed): broken on purpose, one way each."""
    return sorted((ROOT / "testdata" / "malformed").glob("*.dcm"))


def make_archive(where: Path, count: int, sources: list[Path]) -> Path:
    """``count`` files in directories of 1,000: hard links to ``sources`` taken in turn, each
    under its own name (the filesystem's cache holds each file once, as a warm archive)."""
    archive = where / f"archive-{count}"
    if archive.exists():
        return archive
    partial = where / f".archive-{count}"
    shutil.rmtree(partial, ignore_errors=True)
    for n in range(count):
        folder = partial / f"{n // 1000:05d}"
        if n % 1000 == 0:
            folder.mkdir(parents=True)
        os.link(sources[n % len(sources)], folder / f"{n:07d}.dcm")
    partial.rename(archive)
    return archive


# -- the pydicom script --------------------------------------------------------------------------
def _plain(value):
    """What the user's script puts in a cell: lists for multi-values, numbers as numbers,
    everything else as text."""
    from pydicom.multival import MultiValue

    if value is None:
        return None
    if isinstance(value, (MultiValue, list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, bytes):
        return None
    return str(value)


def pydicom_partition(entries: list[Entry], tags: tuple[str, ...], header: bool, out: str) -> dict:
    """The competent user's worker: dcmread(stop_before_pixels=True), the tags, a row for a
    failure too, to_json_dict for the header; one Parquet part per partition."""
    import pydicom

    start = _usage()
    rows = []
    warnings.simplefilter("ignore")
    for entry in entries:
        row = {"path": entry.path, "status": "ok", "error": None}
        try:
            ds = pydicom.dcmread(entry.path, stop_before_pixels=True)
            for keyword in tags:
                try:
                    row[keyword] = json.dumps(_plain(ds.get(keyword)))
                except Exception as exc:  # a value that does not decode
                    row[keyword] = None
                    row["error"] = str(exc)
            if header:
                row["header_json"] = json.dumps(
                    ds.to_json_dict(
                        bulk_data_threshold=1024,
                        bulk_data_element_handler=lambda elem: "bulk",
                        suppress_invalid_tags=True,
                    )
                )
        except Exception as exc:
            row["status"] = "error"
            row["error"] = f"{type(exc).__name__}: {exc}"
        rows.append(row)
    names = ["path", "status", "error", *tags] + (["header_json"] if header else [])
    schema = pa.schema([(name, pa.string()) for name in names])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, os.path.join(out, f"part-{os.getpid()}-{time.time_ns()}.parquet"))
    end = _usage()
    return {"files": len(rows), "cpu": end["cpu"] - start["cpu"], "max_rss_mb": end["rss"]}


def ours_partition(entries: list[Entry], tags: tuple[str, ...], header: bool, out: str) -> dict:
    options = make_options(tags, "json" if header else "none")
    return index_partition(entries, options, out, f"part-{os.getpid()}-{time.time_ns()}.parquet")


def _usage() -> dict:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def _warm_worker() -> None:
    """Imports and first-use tables loaded before timing, in both libraries' workers."""
    import pydicom  # noqa: F401

    read_row(ROOT / "testdata" / "explicit_le.dcm")
    # pyarrow's first conversion imports pandas (~0.3 CPU-s), once a process: not a file's cost
    pa.array(["warm"], type=pa.string())


def run_batches(kind: str, entries: list[Entry], header: bool, jobs: int, per: int) -> dict:
    """One library's run: partitions of ``per`` files on ``jobs`` worker processes (serial in
    this process when ``jobs`` is 0). CPU is the workers' own, measured inside each task."""
    work = ours_partition if kind == "ours" else pydicom_partition
    out = tempfile.mkdtemp(prefix=f"bench-index-{kind}-")
    batches = [entries[i : i + per] for i in range(0, len(entries), per)]
    started = time.perf_counter()
    try:
        if jobs == 0:
            results = [work(b, CORE_TAGS, header, out) for b in batches]
        else:
            with ProcessPoolExecutor(jobs, initializer=_warm_worker) as pool:
                results = list(
                    pool.map(
                        work, batches, *zip(*[(CORE_TAGS, header, out)] * len(batches), strict=True)
                    )
                )
    finally:
        shutil.rmtree(out)
    cpu = sum(r["cpu"] for r in results)
    files = sum(r["files"] for r in results)
    return {
        "files": files,
        "cpu": cpu,
        "wall": time.perf_counter() - started,
        "files_per_cpu_s": files / cpu,
        "max_rss_mb": max(r["max_rss_mb"] for r in results),
    }


def compare(args: argparse.Namespace) -> dict:
    where = Path(args.workdir)
    where.mkdir(parents=True, exist_ok=True)
    archive = make_archive(where, args.files, corpus())
    entries = [Entry(str(p), None, None, None) for p in sorted(archive.rglob("*.dcm"))]
    _warm_worker()
    results = {}
    for header in (False, True):
        for jobs in (0, args.jobs):
            label = f"{'header json' if header else 'core tags'}, {'serial' if jobs == 0 else f'{jobs} processes'}"
            best = {}
            for _ in range(args.repeat):
                for kind in ("pydicom", "ours"):
                    found = run_batches(kind, entries, header, jobs, args.files_per_partition)
                    if kind not in best or found["cpu"] < best[kind]["cpu"]:
                        best[kind] = found
            results[label] = best
            ratio = best["ours"]["files_per_cpu_s"] / best["pydicom"]["files_per_cpu_s"]
            print(
                f"| {label} | {best['pydicom']['files_per_cpu_s']:.0f} | "
                f"{best['ours']['files_per_cpu_s']:.0f} | {ratio:.2f}x | "
                f"{best['pydicom']['max_rss_mb']:.0f} / {best['ours']['max_rss_mb']:.0f} |",
                flush=True,
            )
    return results


def overhead(args: argparse.Namespace) -> dict:
    """CPU of ``build`` with each runner (parent and workers) against the serial reading."""
    where = Path(args.workdir)
    archive = make_archive(where, args.files, corpus())
    out = {}
    for scheduler in ["serial", "processes"] + (["dask"] if args.dask else []):
        target = where / f"index-{scheduler}"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        mine = _usage()["cpu"]
        summary = build(
            [archive],
            target,
            scheduler=scheduler,
            jobs=args.jobs,
            files_per_partition=args.files_per_partition,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        total = _usage()["cpu"] - mine + children
        out[scheduler] = {
            "wall": time.perf_counter() - started,
            "cpu_total": total,
            "worker_cpu": summary["worker_cpu_seconds"],
            "files": summary["files"],
            "worker_max_rss_mb": summary["worker_max_rss_mb"],
            "parent_max_rss_mb": summary["parent_max_rss_mb"],
        }
        shutil.rmtree(target)
        print(json.dumps({scheduler: out[scheduler]}), flush=True)
    base = out["serial"]["cpu_total"]
    for scheduler, figures in out.items():
        print(
            f"| {scheduler} | {figures['files']} | {figures['wall']:.1f} | {figures['cpu_total']:.1f} | {100 * (figures['cpu_total'] / base - 1):+.1f}% | {figures['worker_max_rss_mb']:.0f} | {figures['parent_max_rss_mb']:.0f} |"
        )
    return out


def scale(args: argparse.Namespace) -> dict:
    """A large archive: ``--files`` hard links to the corpus, indexed by the process pool."""
    where = Path(args.workdir)
    t = time.perf_counter()
    archive = make_archive(where, args.files, corpus())
    made = time.perf_counter() - t
    target = where / "index-scale"
    shutil.rmtree(target, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    last = [0.0]

    def progress(summary: dict) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(
                json.dumps({"read": summary["read"], "seconds": round(last[0] - started)}),
                flush=True,
            )

    summary = build(
        [archive],
        target,
        jobs=args.jobs,
        files_per_partition=args.files_per_partition,
        progress=progress,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import pyarrow.dataset as pads

    rows = pads.dataset(str(target), format="parquet").count_rows()
    paths = pads.dataset(str(target), format="parquet").to_table(columns=["path"]).column("path")
    unique = len(pa.compute.unique(paths))
    figures = {
        "files": args.files,
        "rows": rows,
        "unique_paths": unique,
        "make_archive_s": round(made, 1),
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(
            (after.ru_utime + after.ru_stime)
            - (before.ru_utime + before.ru_stime)
            + summary["parent_cpu_seconds"],
            1,
        ),
        "worker_max_rss_mb": summary["worker_max_rss_mb"],
        "parent_max_rss_mb": summary["parent_max_rss_mb"],
        "status": summary["status"],
        "parts": summary["parts"],
    }
    print(json.dumps(figures), flush=True)
    shutil.rmtree(target)
    return figures


def broken(args: argparse.Namespace) -> dict:
    """What inspection adds to the read of each broken file (a row with problems)."""
    files = corpus() + malformed()
    extra = []
    warnings.simplefilter("ignore")
    read_row(files[0])
    for path in files:
        row = read_row(path)
        if not row["problems"] or row["status"] not in ("error", "warning"):
            continue

        def cost(check: str, path: Path = path) -> float:
            best = 1e9
            for _ in range(5):
                t = time.process_time()
                read_row(path, check=check)
                best = min(best, time.process_time() - t)
            return best

        extra.append((cost("inspect") - cost("none"), path.name, len(row["problems"])))
    extra.sort()
    mean = sum(e[0] for e in extra) / len(extra)
    print(
        f"broken files: {len(extra)}; inspection on top of the read: mean {mean * 1000:.2f} ms, "
        f"median {extra[len(extra) // 2][0] * 1000:.2f} ms, max {extra[-1][0] * 1000:.2f} ms ({extra[-1][1]})"
    )
    over = [e for e in extra if e[0] > 0.002]
    print(
        f"over 2 ms: {len(over)}: "
        + ", ".join(f"{n} ({c * 1000:.1f} ms, {k} problems)" for c, n, k in over)
    )
    return {
        "files": len(extra),
        "mean_ms": mean * 1000,
        "max_ms": extra[-1][0] * 1000,
        "max_file": extra[-1][1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("compare", "overhead", "scale", "broken"))
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--files-per-partition", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--dask", action="store_true", help="overhead: the dask runner too")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "bench-index"))
    args = parser.parse_args(argv)
    if args.what == "compare":
        print(
            "| run | pydicom script files/CPU-s | dicomconstruct files/CPU-s | ratio | worker MB (pydicom / ours) |"
        )
        print("| --- | --- | --- | --- | --- |")
    if args.what == "overhead":
        print(
            "| runner | files | wall s | CPU s (all processes) | over serial | worker MB | parent MB |"
        )
    {"compare": compare, "overhead": overhead, "scale": scale, "broken": broken}[args.what](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
