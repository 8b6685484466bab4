"""Paired rounds for a close result of `make bench` (scripts/bench_paired.py, scripts/bench_step_peers.py --config).

`make bench` times ParamLab first and its peers minutes later; where ParamLab's lead over the faster peer is under
10 %, it runs that one step again in rounds, ParamLab and the peer one right after the other. Checked here on
made-up tables and rounds (no timing): which steps are picked and against which peer, what the rounds add up to,
and the clear errors for rounds that do not match. And the peers' warm-up (scripts/bench_step_peers.py, as
TrainingStepBench's): it lasts until the step's speed is steady, not a fixed second, on a made-up clock.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import bench_paired as paired  # noqa: E402
import bench_step_peers as step_peers  # noqa: E402

pytestmark = pytest.mark.timeout(60)


def row(threads, widths, batch, **ratios):
    r = {"threads": threads, "widths": widths, "batch": batch, "paramlab_steps_per_s": 100.0}
    r.update({f"paramlab_over_{peer}": value for peer, value in ratios.items()})
    return r


TABLE = {"rows": [
    row(1, [64, 256, 10], 32, numpy=1.62, torch=5.19),       # far ahead: not picked
    row(1, [784, 512, 10], 128, numpy=1.09, torch=3.1),      # close to NumPy
    row(1, [784, 512, 10], 512, numpy=1.30, torch=1.02),     # close to PyTorch, the faster peer here
    row(2, [784, 512, 10], 512, numpy=0.88, torch=1.87),     # two threads: not paired (wall clock, not CPU time)
]}
WIDTHS = {"rows": [
    row(1, [784, 512, 10], 128, numpy=1.04),                 # the same step as above, closer in this table
    row(1, [784, 4096, 10], 128, numpy=0.97),                # behind: the closest of all
]}


def test_pick_takes_one_thread_steps_below_the_bar_against_the_faster_peer_closest_first() -> None:
    picked = paired.close_calls([TABLE, WIDTHS], below=1.10, most=3)
    assert [(config, peer) for _, config, peer in picked] == [
        ("784-4096-10x128", "numpy"), ("784-512-10x512", "torch"), ("784-512-10x128", "numpy")]
    assert picked[2][0] == pytest.approx(1.04)       # a step in both tables keeps its closer ratio, once
    assert paired.close_calls([WIDTHS, TABLE], below=1.10, most=3) == picked   # whichever table comes first
    assert paired.close_calls([TABLE, WIDTHS], below=1.10, most=1) == [(0.97, "784-4096-10x128", "numpy")]
    assert paired.close_calls([TABLE], below=1.0, most=3) == []
    assert paired.close_calls([{"rows": [row(1, [64, 256, 10], 32)]}], below=2, most=3) == []   # no peers ran


def test_pick_prints_config_and_peer_lines(tmp_path) -> None:
    t, w = tmp_path / "t.json", tmp_path / "w.json"
    t.write_text(json.dumps(TABLE))
    w.write_text(json.dumps(WIDTHS))
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_paired.py"), "pick", str(t), str(w), "--max", "2"],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["784-4096-10x128 numpy", "784-512-10x512 torch"]


def lib_round(steps, config=([784, 512, 10], 512), peak=270.0):
    return {"peak_gflops_per_core": peak,
            "results": [{"widths": config[0], "batch": config[1], "library_steps_per_s": steps}]}


def peer_round(steps, framework="numpy", config=([784, 512, 10], 512)):
    return {"framework": framework, "results": [{"widths": config[0], "batch": config[1], "steps_per_s": steps}]}


def test_rounds_give_each_ratio_and_their_median_and_range() -> None:
    libs = [("l1", lib_round(250.6)), ("l2", lib_round(239.9)), ("l3", lib_round(258.2))]
    peers = [("p1", peer_round(239.6)), ("p2", peer_round(252.0)), ("p3", peer_round(257.0))]
    s = paired.rounds_summary("784-512-10x512", libs, peers)
    assert [round(r["ratio"], 3) for r in s["rounds"]] == [1.046, 0.952, 1.005]
    assert s["median_ratio"] == pytest.approx(258.2 / 257.0)
    assert (s["min_ratio"], s["max_ratio"]) == (pytest.approx(239.9 / 252.0), pytest.approx(250.6 / 239.6))
    assert s["rounds_ahead"] == 2 and s["peer"] == "numpy"
    assert s["slow_starts"] == 0 and s["median_ratio_of_good_starts"] == s["median_ratio"]


def test_a_start_at_under_half_the_best_speed_is_flagged_and_left_out_of_the_good_starts_median() -> None:
    libs = [("l1", lib_round(51.4)), ("l2", lib_round(253.1)), ("l3", lib_round(52.9)), ("l4", lib_round(262.0))]
    peers = [("p1", peer_round(261.4)), ("p2", peer_round(255.0)), ("p3", peer_round(250.6)), ("p4", peer_round(250.0))]
    s = paired.rounds_summary("784-512-10x512", libs, peers)
    assert [r["slow_start"] for r in s["rounds"]] == [True, False, True, False]
    assert s["slow_starts"] == 2
    assert s["median_ratio_of_good_starts"] == pytest.approx((253.1 / 255.0 + 262.0 / 250.0) / 2)
    assert s["median_ratio"] == pytest.approx((52.9 / 250.6 + 253.1 / 255.0) / 2)


@pytest.mark.parametrize("libs, peers, message", [
    ([("l1", lib_round(250))], [], "1 ParamLab rounds against 0 peer rounds"),
    ([("l1", lib_round(250)), ("l2", lib_round(251))], [("p1", peer_round(240)), ("p2", peer_round(240, "torch"))],
     "mix"),
    ([("l1", lib_round(250, config=([784, 512, 10], 128)))], [("p1", peer_round(240))], "l1 holds no single result"),
    ([("l1", lib_round(250))], [("p1", peer_round(240, config=([64, 256, 10], 512)))], "p1 holds no single result"),
])
def test_rounds_that_do_not_match_are_refused_with_what_and_where(libs, peers, message) -> None:
    with pytest.raises(SystemExit) as e:
        paired.rounds_summary("784-512-10x512", libs, peers)
    assert message in str(e.value) and "784-512-10x512" in str(e.value)


def test_a_peer_run_of_one_step_names_it_and_refuses_a_malformed_one() -> None:
    assert step_peers.configs(False, step_peers.parse_config("784-512-10x512")) == [(784, 512, 10, 512)]
    assert len(step_peers.configs(False)) == 6 and len(step_peers.configs(True)) == 7
    for bad in ("784-512-10", "784x512", "784-512-10x", "a-b-cxd"):
        with pytest.raises(argparse.ArgumentTypeError, match="I-H-CxB"):
            step_peers.parse_config(bad)
    for zero in ("784-0-10x512", "784-512-10x0"):
        with pytest.raises(argparse.ArgumentTypeError, match="at least 1"):
            step_peers.parse_config(zero)


class FakeSteps:
    """A step whose time per call follows `cost(call number)`, on a clock that only the step moves."""

    def __init__(self, cost):
        self.cost, self.calls, self.now = cost, 0, 0.0

    def step(self) -> None:
        self.now += self.cost(self.calls)
        self.calls += 1

    def clock(self) -> float:
        return self.now


def test_the_peers_warm_up_until_the_speed_is_steady_not_for_a_fixed_second() -> None:
    # each step 1 % faster than the one before, from 20 ms down to 1 ms after about 1.9 s (as a JIT warms up): a
    # fixed second of warm-up would size the repetitions for about 5 ms a step; these are sized for 1 ms
    warming = FakeSteps(lambda n: max(0.001, 0.020 * 0.99 ** n))
    assert step_peers.warm_up(warming.step, warming.clock) == 250
    assert warming.now >= 1.9
    steady = FakeSteps(lambda n: 0.002)
    assert step_peers.warm_up(steady.step, steady.clock) == 125
    assert 1.0 <= steady.now < 1.6
    # 20 % faster every second for 16 s: never steady by the rule, so it stops after MAX_WARM_UP_SECONDS
    speeding = FakeSteps(lambda n: 0.0)
    speeding.cost = lambda n: max(5e-5, 0.002 * 0.8 ** speeding.now)
    step_peers.warm_up(speeding.step, speeding.clock)
    assert step_peers.MAX_WARM_UP_SECONDS <= speeding.now < step_peers.MAX_WARM_UP_SECONDS + 0.5
