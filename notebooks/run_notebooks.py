"""Execute the analysis notebooks, strip their outputs before a commit, or check that they are stripped.

    python notebooks/run_notebooks.py execute [NOTEBOOK...] [--out out/notebooks]
    python notebooks/run_notebooks.py strip [NOTEBOOK...]
    python notebooks/run_notebooks.py check [NOTEBOOK...]

Notebooks run in a kernel of the Python that runs this script (the project's .venv), from the project root.
With no NOTEBOOK, every ``notebooks/*.ipynb``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent
PROJECT_ROOT = NOTEBOOKS.parent
KERNEL_NAME = "python3"
# Cell metadata written by execution (timings, collapsed/scrolled state) that has no place in the repository.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


def notebook_paths(names: list[str] | None = None) -> list[Path]:
    """The notebooks named, else every notebook of the folder, in order."""
    return [Path(n) for n in names] if names else sorted(NOTEBOOKS.glob("*.ipynb"))


def output_problems(nb) -> list[str]:
    """Why ``nb`` is not stripped: one line per cell with outputs or an execution count (empty when clean)."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {index}: {len(cell.outputs)} outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index}: execution_count {cell.execution_count}")
        volatile = [k for k in VOLATILE_CELL_METADATA if k in cell.metadata]
        if volatile:
            problems.append(f"cell {index}: execution metadata {volatile}")
    return problems


def strip(nb) -> bool:
    """Remove outputs, execution counts and execution metadata in place; True when anything changed."""
    changed = bool(output_problems(nb))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return changed


def kernel_manager(spec_dir: Path):
    """A kernel manager whose ``python3`` kernel is this very interpreter, whatever kernelspecs the user has."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    write_kernel_spec(spec_dir / KERNEL_NAME, overrides={"argv": [sys.executable, "-m", "ipykernel_launcher",
                                                                   "-f", "{connection_file}"]})
    specs = KernelSpecManager(kernel_dirs=[str(spec_dir)], ensure_native_kernel=False)
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


def execute(path: Path, timeout: int | None = None):
    """Run every cell of the notebook at ``path`` top to bottom (from the project root); the executed
    notebook. A failing cell raises ``nbclient.exceptions.CellExecutionError`` naming the cell."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as spec_dir:
        client = NotebookClient(nb, km=kernel_manager(Path(spec_dir)), kernel_name=KERNEL_NAME, timeout=timeout,
                                resources={"metadata": {"path": str(PROJECT_ROOT)}})
        client.execute()
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("execute", help="run notebooks, writing the executed copies to --out")
    run.add_argument("notebooks", nargs="*")
    run.add_argument("--out", type=Path, default=PROJECT_ROOT / "out" / "notebooks")
    run.add_argument("--timeout", type=int, default=3600, help="seconds one cell may take")
    for name, help_text in (("strip", "remove outputs in place"), ("check", "fail if any notebook has outputs")):
        commands.add_parser(name, help=help_text).add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)
    paths = notebook_paths(args.notebooks)

    if args.command == "execute":
        args.out.mkdir(parents=True, exist_ok=True)
        for path in paths:
            started = time.monotonic()
            print(f"{path.name}: running …", file=sys.stderr, flush=True)
            nb = execute(path, timeout=args.timeout)
            nbformat.write(nb, args.out / path.name)
            print(f"{path.name}: done in {time.monotonic() - started:.0f} s → {args.out / path.name}",
                  file=sys.stderr, flush=True)
        return 0
    failed = False
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if args.command == "strip":
            if strip(nb):
                nbformat.write(nb, path)
                print(f"stripped {path}", file=sys.stderr)
        else:
            for problem in output_problems(nb):
                failed = True
                print(f"{path}: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
