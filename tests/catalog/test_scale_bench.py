"""The side-by-side benchmark of two catalogue sizes (``bench/scale_bench.py``): its
worker on a real catalogue, and its driver and verdicts with stand-in workers that
answer fixed times (the timing itself is what ``make bench`` measures)."""

import io
import json
import sys
import textwrap

import pytest

from bench import run, scale_bench, search_bench

# A stand-in worker: says hello (or an error), then answers every label with the time
# given for it on the command line, and logs "<side> <label>" to a shared file.
FAKE_WORKER = textwrap.dedent(
    """
    import json, sys
    side, log, times = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    if "error" in times:
        print(json.dumps({"error": times["error"]}), flush=True)
        sys.exit(2)
    print(json.dumps({"database": side, "visible": times.pop("visible"),
                      "labels": list(times)}), flush=True)
    for line in sys.stdin:
        label = line.rstrip("\\n")
        if not label:
            break
        with open(log, "a") as f:
            f.write(f"{side} {label}\\n")
        print(times[label], flush=True)
    """
)


@pytest.fixture
def fake(tmp_path):
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    log = tmp_path / "asked.log"

    def worker(side: str, **times) -> scale_bench.Worker:
        command = [sys.executable, str(script), side, str(log), json.dumps(times)]
        return scale_bench.Worker("postgres://unused/db", command=command)

    worker.log = log
    return worker


def test_each_round_times_every_query_on_both_sizes_alternating_which_goes_first(fake):
    small = fake("small", visible=100, a=10.0, b=10.0)
    large = fake("large", visible=1000, a=30.0, b=30.01)
    samples = scale_bench.compare(small, large, rounds=3, warm=1)
    small.close()
    large.close()
    assert samples == {"a": ([10.0] * 3, [30.0] * 3), "b": ([10.0] * 3, [30.01] * 3)}
    asked = fake.log.read_text().splitlines()
    # each size: an untimed pass of every query, then the timed one
    assert asked[:8] == ["small a", "small b"] * 2 + ["large a", "large b"] * 2  # round 0
    assert asked[8:16] == ["large a", "large b"] * 2 + ["small a", "small b"] * 2  # round 1
    assert len(asked) == 2 * 2 * 2 * (1 + 3)  # two sizes, two passes, two queries, rounds


def test_the_untimed_pass_is_not_kept_and_the_timed_one_is(tmp_path):
    class Replies:
        labels = ["a"]

        def __init__(self, *answers):
            self.answers = list(answers)

        def ask(self, label):
            return self.answers.pop(0)

    # round 0 (warm), then round 1 with the large size first: untimed, timed each
    small = Replies(1.0, 2.0, 3.0, 4.0)
    large = Replies(10.0, 20.0, 30.0, 40.0)
    assert scale_bench.compare(small, large, rounds=1, warm=1) == {"a": ([4.0], [40.0])}


def test_a_query_passes_at_exactly_three_times_the_small_p95_and_misses_past_it(capsys):
    samples = {"a": ([10.0, 10.0], [30.0, 30.0]), "b": ([10.0, 10.0], [30.01, 30.01])}
    rows = scale_bench.report(samples, small=100_000, large=1_000_000)
    assert [(r["name"], r["ratio"], r["passed"]) for r in rows] == [
        ("scale: a, 1,000,000 vs 100,000 products", 3.0, True),
        ("scale: b, 1,000,000 vs 100,000 products", 3.001, False),
    ]
    assert rows[0]["floor_p95_ms"] == 10.0
    assert rows[0]["p95_ms"] == 30.0
    assert rows[0]["target"] == "p95 <= 3x floor p95"
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("BENCH")]
    assert len(printed) == 2  # make bench reads these lines


def test_a_faster_large_catalogue_is_a_ratio_under_one_not_a_negative_or_inverse():
    rows = scale_bench.report({"a": ([20.0, 20.0], [10.0, 10.0])}, small=10, large=100)
    assert rows[0]["ratio"] == 0.5
    assert rows[0]["passed"] is True


def test_only_the_queries_both_workers_know_are_compared(fake):
    small = fake("small", visible=1, a=1.0, b=1.0)
    large = fake("large", visible=2, b=2.0)
    samples = scale_bench.compare(small, large, rounds=1, warm=0)
    small.close()
    large.close()
    assert samples == {"b": ([1.0], [2.0])}


def test_a_worker_that_cannot_start_says_why(fake):
    with pytest.raises(scale_bench.WorkerError, match="ovop_bench1m: not migrated"):
        fake("large", error="ovop_bench1m: not migrated (run manage.py migrate)")


@pytest.mark.django_db
def test_the_worker_times_each_asked_query_on_its_catalogue(settings):
    settings.ELASTICSEARCH_URL = ""
    search_bench.index(search_bench.generate(300))
    out = io.StringIO()
    code = scale_bench.serve(io.StringIO("madu\nntt (every product)\n\nkopi bajawa\n"), out)
    assert code == 0
    hello, *times = out.getvalue().splitlines()
    hello = json.loads(hello)
    assert hello["labels"] == [label for label, _q in scale_bench.bench_queries()]
    assert hello["labels"][-1] == "ntt (every product)"
    assert len(hello["labels"]) == 11
    assert 0.7 * 300 < hello["visible"] < 300
    assert hello["memory"].startswith("search table ")
    assert "shared_buffers " in hello["memory"]
    assert len(times) == 2
    assert all(float(t) > 0 for t in times)


@pytest.mark.django_db
def test_the_worker_refuses_a_database_without_a_catalogue():
    out = io.StringIO()
    assert scale_bench.serve(io.StringIO("madu\n"), out) == 2
    assert "no visible products" in json.loads(out.getvalue())["error"]


def test_make_bench_skips_the_scale_step_without_a_larger_catalogue():
    template = next(t for step, _s, t in run.STEPS if step == "scale")
    values = {"database": "postgres://h/small", "large_database": "", "runs": 40}
    assert run.step_arguments(template, values) is None
    values["large_database"] = "postgres://h/large"
    assert run.step_arguments(template, values) == [
        "--small",
        "postgres://h/small",
        "--large",
        "postgres://h/large",
        "--runs",
        "100",
    ]
    search = next(t for step, _s, t in run.STEPS if step == "search")
    assert run.step_arguments(search, {"products": 5, "runs": 2}) == [
        "--products",
        "5",
        "--runs",
        "2",
        "--keep",
    ]


def test_the_search_catalogue_is_cleaned_up_when_make_bench_made_it_and_only_then():
    def names(only):
        return [step for step, _script, _template in run.steps_to_run(only)]

    assert names(set()) == [step for step, _s, _t in run.STEPS]
    assert names({"search", "scale"}) == ["search", "scale", "cleanup"]
    assert names({"scale"}) == ["scale"]  # a catalogue an earlier --keep run left stays
    assert names({"report", "api"}) == ["api", "report"]
