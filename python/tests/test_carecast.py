"""The Python module, as a researcher uses it: the same bytes as the command line, the
same refusals, cancellation, threads, no growth over many runs, and the worked example.
ctest runs these with PYTHONPATH at the build's python/ folder, CARECAST at the
command-line binary and CARECAST_SOURCE at the source tree."""
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import carecast

SOURCE = pathlib.Path(os.environ.get("CARECAST_SOURCE", pathlib.Path(__file__).parents[2]))
SMALL = SOURCE / "tests" / "scenarios" / "small.toml"
COUNCIL = SOURCE / "scenarios" / "council-example.toml"


def cli_results(tmp_path, *arguments):
    binary = os.environ.get("CARECAST")
    if not binary:
        pytest.skip("CARECAST (the command-line binary) is not set")
    out = tmp_path / "cli"
    subprocess.run([binary, "run", *arguments, "--quiet", "--out", str(out)], check=True)
    return (out / "results.csv").read_bytes()


def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_the_same_bytes_as_the_command_line(tmp_path):
    expected = cli_results(tmp_path, str(SMALL), "--years", "3", "--seed", "42", "--threads", "2")
    results = carecast.run(carecast.load(SMALL), years=3, seed=42, threads=2)
    assert results.csv() == expected


def test_the_same_bytes_at_any_thread_count():
    scenario = carecast.load(SMALL)
    one = carecast.run(scenario, years=2, seed=7, threads=1).csv()
    three = carecast.run(scenario, years=2, seed=7, threads=3).csv()
    assert one == three


def test_the_tidy_table_is_results_csv():
    results = carecast.run(carecast.load(SMALL), years=2, seed=5)
    frame = results.to_pandas()
    lines = results.csv().decode().splitlines()
    assert len(frame) == len(lines) - 1
    assert list(frame.columns) == lines[0].split(",")
    # Stocks account: filled(t) = filled(t-1) + starters - leavers, for England.
    filled = results.array("filled")
    starters = results.array("starters_internal") + results.array("starters_external")
    leavers = results.array("leavers")
    assert np.allclose(filled[1:], filled[:-1] + starters[1:] - leavers[1:])


def test_england_starts_on_the_published_figures():
    results = carecast.run(years=1, seed=20250401)
    assert results.array("filled")[0] == 1_600_000
    assert results.array("vacancy_rate")[0] == pytest.approx(0.070, abs=0.0005)
    summary = results.summary_dict()
    assert summary["roles"]["all"]["filled"]["start"] == 1_600_000
    assert "job role group" in results.summary()


def test_replicates_come_back_side_by_side():
    results = carecast.run(carecast.load(SMALL), years=1, seed=3, replicates=3)
    assert results.replicates == 3
    assert results.array("filled").shape == (3, 13)
    assert set(results.to_pandas()["replicate"]) == {0, 1, 2}
    alone = carecast.run(carecast.load(SMALL), years=1, seed=3, first_replicate=2)
    assert alone.csv() == results.csv(2)


def test_a_refused_value_raises_with_the_command_lines_message_and_changes_nothing():
    scenario = carecast.england()
    with pytest.raises(ValueError, match=r"demand.annual_growth: 3 is out of range; allowed: "
                                         r"an annual growth rate in \[-0.5, 1\]"):
        scenario.set({"workforce.turnover_multiplier": 0.9, "demand.annual_growth": 3})
    assert scenario.get("workforce.turnover_multiplier") == 1.0
    with pytest.raises(ValueError, match="unknown"):
        scenario.set({"no.such_key": 1})
    with pytest.raises(ValueError, match="seed"):
        carecast.run(scenario, seed=-1)
    scenario.set({"workforce.turnover_multiplier": 0.9})
    assert scenario.get("workforce.turnover_multiplier") == 0.9


def test_a_seed_past_2_to_the_53_is_kept_exactly_as_a_file_keeps_it():
    scenario = carecast.load(SMALL)
    scenario.set({"scenario.seed": 2**53 + 1})
    assert scenario.seed == 2**53 + 1
    scenario.set({"scenario.seed": 2**63 - 1})
    assert scenario.seed == 2**63 - 1
    with pytest.raises(ValueError, match="out of range"):
        scenario.set({"scenario.seed": 2**63})
    assert scenario.seed == 2**63 - 1


def test_a_bad_file_raises_naming_file_line_and_key():
    bad = SOURCE / "tests" / "scenarios" / "bad" / "rate_above_one.toml"
    expected = [line for line in bad.read_text().splitlines() if line.startswith("# line: ")]
    with pytest.raises(ValueError) as refused:
        carecast.load(bad)
    message = str(refused.value)
    assert "rate_above_one.toml:" in message
    if expected:
        assert f":{expected[0].split(': ')[1]}:" in message


def test_keys_name_their_ranges_and_sources():
    keys = carecast.england().keys().set_index("key")
    turnover = keys.loc["roles.care worker.turnover"]
    assert turnover["value"] == pytest.approx(0.285)
    assert (turnover["min"], turnover["max"]) == (0, 1)
    assert "28.5% (SfC 2025)" in turnover["source"]
    assert keys.loc["scenario.horizon_years", "value"] == 10
    # The schema says which an event may change during a run: not the horizon or the seed.
    assert bool(turnover["during_run"])
    assert not keys.loc["scenario.seed", "during_run"]


def test_progress_reports_and_an_exception_in_it_cancels_the_run():
    seen = []

    def progress(done, total):
        seen.append((done, total))

    carecast.run(carecast.england(), years=2, seed=1, threads=1, progress=progress)
    assert seen[-1] == (24, 24)

    def stop(done, total):
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        carecast.run(carecast.england(), years=10, seed=1, replicates=8, threads=1,
                     progress=stop)
    assert time.monotonic() - started < 5  # eight England decades take far longer


def test_ctrl_c_cancels_a_running_call():
    script = ("import carecast, sys\n"
              "print('started', flush=True)\n"
              "try:\n"
              "    carecast.run(carecast.england(), years=10, replicates=20, threads=1)\n"
              "except KeyboardInterrupt:\n"
              "    print('cancelled', flush=True)\n"
              "    sys.exit(130)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.0)
    started = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=30)
    assert child.returncode == 130 and "cancelled" in out
    assert time.monotonic() - started < 5


def test_the_engine_lets_other_python_threads_run():
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    started = time.monotonic()
    carecast.run(carecast.england(), years=3, seed=1, threads=1)
    elapsed = time.monotonic() - started
    done.set()
    counter.join()
    # Held, the GIL would let the counter tick only when the run reports progress.
    assert ticks > 50 * elapsed


def test_no_growth_over_a_hundred_runs():
    scenario = carecast.load(SMALL)
    for _ in range(10):
        carecast.run(scenario, years=1, seed=1).to_pandas()
    before = resident_mb()
    for seed in range(100):
        carecast.run(scenario, years=1, seed=seed).to_pandas()
    grown = resident_mb() - before
    print(f"resident memory grew {grown:.1f} MB over 100 runs")
    assert grown < 20


def test_the_twin_follows_the_engine():
    expected = carecast.twin(years=1)
    filled = expected[(expected["metric"] == "filled") & (expected["area"] == "England")]
    twin_month_12 = filled[filled["month"] == 12]["value"].sum()
    engine_month_12 = carecast.run(years=1, seed=20250401).array("filled")[12]
    assert twin_month_12 == pytest.approx(engine_month_12, rel=0.02)


def test_a_sweep_gives_one_frame_with_a_column_per_parameter():
    frame = carecast.sweep(carecast.load(SMALL), {"supply.domestic_multiplier": [0.5, 1.5]},
                           years=2, seed=1, metrics=["filled"])
    assert set(frame["point"]) == {0, 1}
    end = frame[(frame["month"] == 24) & (frame["role"] == "all")]
    low, high = end.sort_values("supply.domestic_multiplier")["value"]
    assert high > low


def test_optimise_returns_the_verified_allocations():
    decision = carecast.optimise(carecast.load(COUNCIL),
                                 objective="min vacancy_rate, registered manager, years 3-5",
                                 budget=250_000, replicates=2, candidates=1)
    table = decision["allocations"]
    assert table["chosen"].sum() == 1
    assert (table["cost_gbp"] <= 250_000 + 1e-6).all()
    with pytest.raises(ValueError, match="vacancy_rat"):
        carecast.optimise(carecast.load(COUNCIL), objective="min vacancy_rat, all, year 1",
                          budget=1)


def test_the_worked_example_runs(tmp_path):
    example = SOURCE / "python" / "examples" / "what_if.py"
    out = subprocess.run([sys.executable, str(example), str(tmp_path)], check=True,
                         capture_output=True, text=True, env=os.environ.copy()).stdout
    assert "rules in force (baseline): care worker vacancy rate" in out
    assert (tmp_path / "care-worker-vacancies.png").stat().st_size > 10_000
