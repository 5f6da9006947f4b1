"""Issue 13, the smaller points: a folder's SOURCES.tsv is not a case register, the server's
warnings about hand-written Cypher reach stderr, and a piped ingest prints progress lines.
All through the installed `tipgraph` against the real Neo4j."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _folder_with_sources_list(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    shutil.copytree(ROOT / "examples" / "reports", folder)
    names = sorted(p.name for p in folder.iterdir())
    (folder / "SOURCES.tsv").write_text(
        "file\tsource_repo\ttitle\tdate_or_year\tcountry_focus\n"
        + "".join(f"{name}\t(fictional)\tA made-up title {i}\t2019\tCambodia\n" for i, name in enumerate(names)),
        encoding="utf-8")
    return folder


def test_a_folders_sources_list_is_left_out_with_a_note(run, run_here, tmp_path):
    folder = _folder_with_sources_list(tmp_path)
    proc = run("ingest", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert "SOURCES.tsv: a list of the reports' sources, not a report or a case register; not ingested" \
        in proc.stderr
    assert "ingested 3 file(s): 3 created" in proc.stderr and "0 failed" in proc.stderr
    assert "error:" not in proc.stderr
    reports = json.loads(run_here("cypher", "MATCH (r:Report) RETURN r.reportId AS id ORDER BY id",
                                  "--format", "json").stdout)
    assert [row["id"] for row in reports] == sorted(p.name for p in (ROOT / "examples" / "reports").iterdir())
    # --quiet prints only errors: no note
    assert "SOURCES.tsv" not in run_here("ingest", "--quiet", str(folder)).stderr


def test_unknown_label_in_hand_written_cypher_shows_the_servers_warning(run, run_here):
    run("ingest", str(ROOT / "examples" / "reports"))
    proc = run("cypher", "MATCH (m:Minstry) RETURN m.name AS name", "--format", "json")
    assert json.loads(proc.stdout) == []
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and "Minstry" in warnings[0], proc.stderr
    typo = run_here("cypher", "MATCH (a:Agency)-[:HAS_GAPS]->(g) RETURN count(g) AS n", "--format", "json")
    assert json.loads(typo.stdout) == [{"n": 0}]
    assert "HAS_GAPS" in typo.stderr and "warning: " in typo.stderr
    # a query that names what exists says nothing on stderr
    fine = run_here("cypher", "MATCH (a:Agency)-[:HAS_GAP]->(g:Gap) RETURN count(g) AS n", "--format", "json")
    assert json.loads(fine.stdout)[0]["n"] > 0 and fine.stderr == ""


def test_a_piped_ingest_prints_progress_lines(run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    source = sorted((ROOT / "examples" / "reports").iterdir())
    for i in range(12):  # twelve small fictional reports: a line at least every tenth
        text = source[i % len(source)].read_text(encoding="utf-8")
        (folder / f"copy-{i:02d}.txt").write_text(f"Made-up variant {i}.\n\n{text}", encoding="utf-8")
    proc = run("ingest", str(folder))
    lines = [line for line in proc.stderr.splitlines() if line.startswith("ingesting: ")]
    assert len(lines) >= 6, proc.stderr
    assert lines[-1].startswith("ingesting: 12/12 (")
    counts = [int(line.split()[1].split("/")[0]) for line in lines]
    assert counts == sorted(counts) and counts[0] < 12
    assert "\r" not in proc.stderr  # lines, not a bar redrawn in place
    quiet = run("ingest", "-q", "--force", str(folder))
    assert not any(line.startswith("ingesting") for line in quiet.stderr.splitlines())
