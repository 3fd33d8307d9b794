"""``gwr``: one entry point, one subcommand per job. Subcommands import their modules lazily so that
``gwr --help`` and light commands start fast."""

from __future__ import annotations

import argparse
import json
import sys
import time


def _split(args: argparse.Namespace) -> int:
    from model.inputs import InputFailure, iter_documents

    docs = sentences = failed = 0
    started = time.perf_counter()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for item in iter_documents(args.inputs):
            if isinstance(item, InputFailure):
                failed += 1
                print(json.dumps(item.to_dict(), ensure_ascii=False), file=sys.stderr)
                continue
            docs += 1
            for record in item.split_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                sentences += 1
    finally:
        if out is not sys.stdout:
            out.close()
    elapsed = time.perf_counter() - started
    print(f"gwr split: {docs} documents, {sentences} sentences, {failed} failed, {elapsed:.2f}s",
          file=sys.stderr)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gwr", description="Tag Chinese government work reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    split = sub.add_parser("split", help="read reports and write one JSON record per sentence")
    split.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="report files (.txt/.html), folders, .jsonl files, or - for stdin")
    split.add_argument("-o", "--output", default="-", help="output JSONL (default: stdout)")
    split.set_defaults(func=_split)

    demo = sub.add_parser("demo", help="the main job on the bundled data and embedded defaults")
    demo.set_defaults(func=_demo)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    out = Path("out")
    out.mkdir(exist_ok=True)
    split_args = argparse.Namespace(inputs=[str(p) for p in _bundled_raw()], output=str(out / "sentences.jsonl"))
    status = _split(split_args)
    print(f"wrote {out / 'sentences.jsonl'}", file=sys.stderr)
    return status


def _bundled_raw():
    from pathlib import Path

    raw = Path(__file__).resolve().parent.parent / "data" / "raw"
    return [raw / "seeds", raw / "national_reports_1954_2015.jsonl", raw / "local_excerpts.jsonl"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
