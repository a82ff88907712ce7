"""index an archive: the headers of many files into Parquet, one row per file (docs/index.md)

``dicomconstruct index SRC... -o OUT`` writes a directory of Parquet files. ``add_arguments`` declares the options on any parser
(a subcommand's: it sets ``run``), ``main(argv)`` parses and runs; exit 0 with broken files
present unless ``--fail-on`` says otherwise, 2 on a usage error or a missing extra."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from ._optional import MissingExtraError

# --fail-on: the statuses that make the exit code 1
FAIL_ON = {
    "never": (),
    "error": ("error", "unreadable"),
    "not-dicom": ("error", "unreadable", "not-dicom"),
    "warning": ("error", "unreadable", "not-dicom", "warning"),
}


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of ``dicomconstruct index`` (on a subcommand's parser, or a new one)."""
    parser.add_argument(
        "srcs",
        nargs="+",
        metavar="SRC",
        help="directories (recursive), globs, @LIST or *.txt files listing paths, "
        "fsspec URLs (s3://, gs://, file://)",
    )
    parser.add_argument("-o", "--out", required=True, help="the index directory to write")
    parser.add_argument(
        "--tags",
        default="core",
        help="'core' (identifiers, dates, geometry...) or keywords/tags, comma-separated; "
        "'core,EchoTime' adds to it",
    )
    parser.add_argument(
        "--header",
        choices=("none", "json"),
        default="none",
        help="the whole header as PS3.18 JSON (bulk values as URIs)",
    )
    parser.add_argument(
        "--private",
        choices=("none", "json"),
        default="none",
        help="private elements as PS3.18 JSON",
    )
    parser.add_argument(
        "--check",
        choices=("inspect", "all", "none"),
        default="inspect",
        help="inspect: the bytes of files the reader rejects or warns about; all: every file",
    )
    parser.add_argument(
        "--bulk-threshold",
        type=int,
        default=1024,
        help="binary values longer than this are URIs in the JSON",
    )
    parser.add_argument("--jobs", "-j", type=int, default=None, help="workers (default: all cores)")
    parser.add_argument(
        "--scheduler", default="processes", help="processes | serial | dask | dask=ADDRESS"
    )
    parser.add_argument(
        "--files-per-partition", type=int, default=500, help="files per part file (and per task)"
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="keep the rows of unchanged files from the existing index",
    )
    parser.add_argument(
        "--progress",
        choices=("auto", "jsonl", "off"),
        default="auto",
        help="auto: a status line on a terminal; jsonl: one JSON object a part",
    )
    parser.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default="never",
        help="exit 1 when a file has this status (error: error or unreadable)",
    )
    parser.add_argument(
        "--storage-options",
        default=None,
        help="JSON object passed to fsspec (e.g. an S3 endpoint_url)",
    )
    parser.set_defaults(run=run)  # as dicomconstruct's other subcommands: args.run(args)
    return parser


def _progress(mode: str) -> Any:
    stream = sys.stderr
    if mode == "off" or (mode == "auto" and not stream.isatty()):
        return None
    started = time.perf_counter()

    def report(summary: dict) -> None:
        if mode == "jsonl":
            stream.write(json.dumps(summary) + "\n")
            stream.flush()
            return
        status = summary["status"]
        rate = (summary["read"]) / max(time.perf_counter() - started, 1e-9)
        end = "\n" if summary.get("phase") == "done" else ""
        stream.write(
            f"\rindexed {summary['read'] + summary['carried']} of {summary['listed']} listed "
            f"({status['ok']} ok, {status['warning']} warning, {status['error']} error, "
            f"{status['not-dicom']} not DICOM, {status['unreadable']} unreadable) "
            f"{rate:.0f} files/s{end}"
        )
        stream.flush()

    return report


def main(argv: list[str] | None = None) -> int:
    parser = add_arguments(
        argparse.ArgumentParser(
            prog="dicomconstruct index",
            description="Index the headers of DICOM files into Parquet, one row per file.",
        )
    )
    args = parser.parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``index`` command line (for a subcommand table that parsed it)."""
    try:
        from .runner import build

        storage_options = json.loads(args.storage_options) if args.storage_options else None
        summary = build(
            args.srcs,
            args.out,
            tags=args.tags,
            header=args.header,
            private=args.private,
            check=args.check,
            jobs=args.jobs,
            scheduler=args.scheduler,
            incremental=args.incremental,
            files_per_partition=args.files_per_partition,
            progress=_progress(args.progress),
            storage_options=storage_options,
            bulk_threshold=args.bulk_threshold,
        )
    except MissingExtraError as exc:
        print(f"dicomconstruct index: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"dicomconstruct index: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary))
    failing = sum(summary["status"].get(status, 0) for status in FAIL_ON[args.fail_on])
    return 1 if failing else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
