"""Every example of the README's "Using it" block runs on the real corpus (``../shared/reports``,
107 reports; skipped when it is absent). Reports are only read here, never copied.

Lines that need inputs the README names only as placeholders (``reports/``, ``corpus/``,
``report.txt``, ``report.pdf``, ``cases.csv``) or a server of their own (``db start``, ``db import``)
are run elsewhere (test_cli_e2e, test_document, test_bulk_import, test_server); every other line
runs as written.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIPGRAPH_SHARED", ROOT.parent / "shared")) / "reports"
TIPGRAPH = str(Path(sys.executable).parent / "tipgraph")
_PLACEHOLDERS = ("reports/", "corpus/", "report.txt", "report.pdf", "cases.csv")
_OWN_SERVER = (("db",), ("evaluate",))


def readme_examples() -> list[list[str]]:
    """The commands of the README's "Using it" block, split at `|` and `;`, comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Using it.*?```bash\n(.*?)```", text, flags=re.S).group(1)
    commands = []
    for line in block.splitlines():
        for part in re.split(r"\s[|;]\s", re.split(r"\s+#\s", line)[0]):
            words = shlex.split(part.split(" > ")[0])
            if words and words[0] == "tipgraph":
                commands.append(words[1:])
    return commands


def runnable(args: list[str]) -> bool:
    return not (any(p in args for p in _PLACEHOLDERS) or tuple(args[:1]) in _OWN_SERVER
                or args[:1] == ["extract"])


def test_the_readme_names_commands_that_exist():
    examples = readme_examples()
    assert len(examples) > 20
    assert ["resolve", "candidates"] in examples


@pytest.mark.slow  # bulk load
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/reports is not here")
def test_every_readme_example_runs_on_the_real_corpus(clean_db, neo4j_settings, tmp_path):
    from graph.flows.ingest import ingest_files

    files = sorted(SHARED.glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    summary = ingest_files(files, clean_db, neo4j_settings.database, jobs=2, batch_size=25)
    assert summary.ok and len(summary.results) == len(files)
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USERNAME": neo4j_settings.username,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "TIPGRAPH_JUDGEMENTS": str(tmp_path / "judgements.yaml")}
    ran = 0
    for args in readme_examples():
        if not runnable(args):
            continue
        proc = subprocess.run([TIPGRAPH, *args], env=env, capture_output=True, text=True, cwd=tmp_path,
                              timeout=300)
        assert proc.returncode == 0, f"tipgraph {shlex.join(args)}: {proc.stderr[-2000:]}"
        ran += 1
    assert ran >= 20
