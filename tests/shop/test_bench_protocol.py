"""``make bench``'s protocol: a script prints ``BENCH {json}`` rows, ``bench/run.py``
collects them from a subprocess and prints one table (issue #15)."""

import json

from bench import protocol, run


def test_emit_ratio_prints_one_bench_line_with_every_key(capsys):
    row = protocol.emit_ratio(
        "x", [10.0, 10.0, 30.0], [5.0, 5.0, 5.0], limit=2, basis="p50", queries=4
    )
    line = capsys.readouterr().out.strip()
    assert line.startswith("BENCH ")
    assert json.loads(line[6:]) == row
    assert tuple(row) == protocol.KEYS
    assert (row["p50_ms"], row["floor_p50_ms"], row["ratio"], row["queries"]) == (10, 5, 2, 4)
    assert row["passed"] is True  # exactly at the limit passes
    assert row["target"] == "p50 <= 2x floor p50"
    assert protocol.emit_ratio("y", [10.1, 10.1], [5.0, 5.0], limit=2)["passed"] is False


def test_run_collects_the_rows_of_a_script_and_the_table_shows_them(tmp_path, monkeypatch):
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "fake_bench.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(run.ROOT)!r})\n"
        "from bench.protocol import emit\n"
        "print('a line of its own')\n"
        "emit('fake', p50_ms=1.5, p95_ms=2.0, floor_p50_ms=1.0, ratio=2.0, target='t',"
        " passed=False)\n"
    )
    monkeypatch.setattr(run, "ROOT", tmp_path)
    rows, code, _seconds = run.run_step("fake_bench.py", [], {})
    assert code == 0
    assert [r["name"] for r in rows] == ["fake"]
    table = run.table(rows)
    assert "| fake | 1.50 | 2.00 | - | - | 1.00 | - | 2.00x | t | **MISS** |" in table


def test_the_table_shows_a_target_given_as_a_number():
    row = {"name": "n", "p50_ms": 1.0, "ratio": 6.3, "target": 3.0, "passed": False}
    assert "| 6.30x | 3.0 | **MISS** |" in run.table([row])
