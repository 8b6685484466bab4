#!/usr/bin/env python3
"""Paired rounds for a close result of `make bench`: ParamLab and its faster peer, taking turns.

The main tables time ParamLab first and its peers minutes later. On a shared machine the speed of a core moves
by 5-15 % from one minute to the next (the FMA limit `make bench` measures moves with it), so a ratio near 1 in
those tables says little about which is faster. Here each round runs the one step in a fresh process of each,
one right after the other; each round gives a ratio, and the rounds give its median and its range.

  bench_paired.py pick TABLE.json [TABLE.json ...] [--below 1.10] [--max 3]
  bench_paired.py table --config 784-512-10x512 --lib L1.json --peer P1.json [--lib L2.json --peer P2.json ...]
                        --out FILE.json

`pick` prints, one per line, "CONFIG PEER" for each one-thread step of the tables (bench_step_peers.py table's
JSON) where ParamLab's lead over its faster peer is below --below: the closest first, at most --max. `table` takes
the rounds in the order they ran (the i-th --lib beside the i-th --peer), prints them and writes the JSON.
"""
import argparse
import json
import statistics
import sys


SLOW_START = 0.5     # a round of ParamLab under half of the best round's steps/s


def config_name(widths, batch):
    return f"{'-'.join(map(str, widths))}x{batch}"


def close_calls(tables, below, most):
    """(ratio, config, peer) of every one-thread step whose ratio to its faster peer is below `below`, closest first."""
    found = {}
    for table in tables:
        for row in table["rows"]:
            if row["threads"] != 1:
                continue
            ratios = {key[len("paramlab_over_"):]: value for key, value in row.items()
                      if key.startswith("paramlab_over_") and value is not None}
            if not ratios:
                continue
            peer = min(ratios, key=ratios.get)          # the faster peer gives the smaller ratio
            name = config_name(row["widths"], row["batch"])
            if ratios[peer] < below and (name not in found or ratios[peer] < found[name][0]):
                found[name] = (ratios[peer], name, peer)
    return sorted(found.values())[:most]


def load(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"bench_paired: cannot read the {what} {path}: {e}")


def steps_per_s(result, path, config):
    """Steps/s of the one step in a round's JSON (TrainingStepBench --config, or bench_step_peers.py run --config)."""
    rows = [r for r in result.get("results", []) if config_name(r["widths"], r["batch"]) == config]
    if len(rows) != 1:
        sys.exit(f"bench_paired: {path} holds no single result for {config}")
    row = rows[0]
    return row["library_steps_per_s"] if "library_steps_per_s" in row else row["steps_per_s"]


def rounds_summary(config, libs, peers):
    """Each round's steps/s and ratio, and the median and range of the ratios."""
    if not libs or len(libs) != len(peers):
        sys.exit(f"bench_paired: {config}: {len(libs)} ParamLab rounds against {len(peers)} peer rounds; "
                 "give one --peer after each --lib")
    frameworks = {p["framework"] for _, p in peers}
    if len(frameworks) != 1:
        sys.exit(f"bench_paired: {config}: the peer rounds mix {sorted(frameworks)}")
    rounds = []
    for (lib_path, lib), (peer_path, peer) in zip(libs, peers):
        ours, theirs = steps_per_s(lib, lib_path, config), steps_per_s(peer, peer_path, config)
        rounds.append({"paramlab_steps_per_s": ours, "peer_steps_per_s": theirs, "ratio": ours / theirs,
                       "limit_gflops": lib.get("peak_gflops_per_core")})
    # a fresh JVM whose step runs at under half of the best round's speed was timed before C2 had compiled the tiles
    # (lib/README.md, "Timed after the JIT, not during it") or compiled one badly ("A compile that boxes"): flagged,
    # and the rounds that started well summed up apart
    best = max(r["paramlab_steps_per_s"] for r in rounds)
    for r in rounds:
        r["slow_start"] = r["paramlab_steps_per_s"] < SLOW_START * best
    ratios = [r["ratio"] for r in rounds]
    good = [r["ratio"] for r in rounds if not r["slow_start"]]
    return {"benchmark": "paired-rounds", "config": config, "peer": frameworks.pop(), "threads": 1,
            "clock": "thread CPU time, median of each round's repetitions",
            "rounds": rounds, "median_ratio": statistics.median(ratios), "min_ratio": min(ratios), "max_ratio": max(ratios),
            "rounds_ahead": sum(r > 1 for r in ratios), "slow_starts": len(ratios) - len(good),
            "median_ratio_of_good_starts": statistics.median(good)}


def table(args):
    libs = [(p, load(p, "ParamLab round")) for p in args.lib]
    peers = [(p, load(p, "peer round")) for p in args.peer]
    s = rounds_summary(args.config, libs, peers)
    print(f"Paired rounds, one thread, {args.config}: ParamLab, then {s['peer']}, fresh processes, "
          f"{len(s['rounds'])} rounds")
    print(f"{'round':>5} {'ParamLab':>10} {s['peer']:>10} {'ratio':>6} {'limit GFLOP/s':>14}")
    for i, r in enumerate(s["rounds"], 1):
        limit = f"{r['limit_gflops']:.0f}" if r["limit_gflops"] else "-"
        print(f"{i:>5} {r['paramlab_steps_per_s']:>10.1f} {r['peer_steps_per_s']:>10.1f} {r['ratio']:>6.2f} {limit:>14}"
              + ("  slow start" if r["slow_start"] else ""))
    print(f"ratio ParamLab / {s['peer']}: median {s['median_ratio']:.2f}, range {s['min_ratio']:.2f}-{s['max_ratio']:.2f}; "
          f"ParamLab ahead in {s['rounds_ahead']} of {len(s['rounds'])} rounds")
    if s["slow_starts"]:
        print(f"{s['slow_starts']} of {len(s['rounds'])} ParamLab starts ran at under half of the best one's speed (timed "
              f"before the JIT had compiled the tiles, or a compile that falls back to lane-by-lane code: lib/README.md, "
              f"\"Timed after the JIT, not during it\" and \"A compile that boxes\"); "
              f"the other rounds' median ratio: {s['median_ratio_of_good_starts']:.2f}")
    with open(args.out, "w") as f:
        json.dump(s, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pick")
    p.add_argument("tables", nargs="+")
    p.add_argument("--below", type=float, default=1.10, help="pair a step whose lead is below this ratio")
    p.add_argument("--max", type=int, default=3, help="at most this many steps, the closest first")
    t = sub.add_parser("table")
    t.add_argument("--config", required=True)
    t.add_argument("--lib", action="append", default=[])
    t.add_argument("--peer", action="append", default=[])
    t.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.command == "pick":
        for _, config, peer in close_calls([load(path, "table") for path in args.tables], args.below, args.max):
            print(config, peer)
    else:
        table(args)


if __name__ == "__main__":
    main()
