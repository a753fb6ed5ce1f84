#!/usr/bin/env python3
"""Final loss/accuracy over seeds per (activation, lr), from `nnviz train --metrics` CSV files.

    tools/seed_table.py [--nnviz build/bin/nnviz] [--seeds 1..10] [--epochs 200] [--stop-loss 0.263]

Runs `nnviz train --no-video --stop-loss 0` (so every run trains all epochs) for tanh, relu and
sigmoid at lr 0.1 and 0.01 over the seeds, then prints a Markdown table: the median and the
10th/90th percentiles of the final loss and accuracy, how many seeds reach loss <= --stop-loss,
and the median first epoch that does. Standard library only.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile


def percentile(values, q):
    """Linear interpolation between closest ranks (numpy's default)."""
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def seeds(text):
    if ".." in text:
        a, b = text.split("..")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nnviz", default=os.path.join(os.path.dirname(__file__), "..", "build", "bin", "nnviz"))
    ap.add_argument("--seeds", type=seeds, default=seeds("1..10"))
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--stop-loss", type=float, default=0.263)
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for activation in ("tanh", "relu", "sigmoid"):
            for lr in ("0.1", "0.01"):
                finals, accs, reach = [], [], []
                for seed in args.seeds:
                    path = os.path.join(tmp, f"{activation}-{lr}-{seed}.csv")
                    subprocess.run([args.nnviz, "train", "-q", "--no-video", "--stop-loss", "0",
                                    "--epochs", str(args.epochs), "--activation", activation, "--lr", lr,
                                    "--seed", str(seed), "--metrics", path], check=True,
                                   stdout=subprocess.DEVNULL)
                    with open(path, newline="") as f:
                        frames = list(csv.DictReader(f))
                    finals.append(float(frames[-1]["loss"]))
                    accs.append(float(frames[-1]["accuracy"]))
                    hit = next((int(r["epoch"]) for r in frames if float(r["loss"]) <= args.stop_loss), None)
                    if hit is not None:
                        reach.append(hit)
                rows.append((activation, lr, finals, accs, reach))

    n = len(args.seeds)
    print(f"| activation | lr | final loss median [p10, p90] | final accuracy median [p10, p90] "
          f"| seeds reaching loss <= {args.stop_loss} | median epoch reached |")
    print("| --- | --- | --- | --- | --- | --- |")
    for activation, lr, finals, accs, reach in rows:
        epoch = f"{statistics.median(reach):g}" if reach else "-"
        print(f"| {activation} | {lr} | {statistics.median(finals):.3f} [{percentile(finals, .1):.3f}, "
              f"{percentile(finals, .9):.3f}] | {statistics.median(accs):.3f} [{percentile(accs, .1):.3f}, "
              f"{percentile(accs, .9):.3f}] | {len(reach)}/{n} | {epoch} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
