#!/usr/bin/python3
"""The `cnn-studio bench` nets in PyTorch, for side-by-side figures.

Trains N1, N2 and N3 (worker/bench/benchNets.ts) on one synthetic batch of 64 with SGD (momentum 0.9, learning
rate 0.01) and prints images/second on 1 and N threads and peak memory, measured as worker/bench/measure.ts does:
a warm-up, then 5 timed chunks of about seconds/5 each (at least one step each), reporting the median.
With --json it prints one JSON object with the same fields as `cnn-studio bench --json`.

Debian: apt-get install python3-torch libopenblas0-pthread (without OpenBLAS torch uses the slow reference
BLAS); run with /usr/bin/python3 scripts/bench-pytorch.py [--json] [--threads N] [--seconds S] [--nets N1,N3].
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch
from torch import nn

BATCH_SIZE = 64
CHUNKS = 5
WARMUP_STEPS = 2
CLASSES = 10


def conv(in_channels, filters, kernel_size, pad):
    return nn.Conv2d(in_channels, filters, kernel_size, stride=1, padding=pad)


def n1():
    return nn.Sequential(
        conv(1, 8, 5, 2), nn.ReLU(), nn.MaxPool2d(2),
        conv(8, 16, 5, 2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, CLASSES),
    )


def n2():
    return nn.Sequential(
        conv(3, 16, 5, 2), nn.ReLU(), nn.MaxPool2d(2),
        conv(16, 20, 5, 2), nn.ReLU(), nn.MaxPool2d(2),
        conv(20, 20, 5, 2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(20 * 4 * 4, CLASSES),
    )


def n3():
    return nn.Sequential(
        conv(3, 32, 3, 1), nn.ReLU(), conv(32, 32, 3, 1), nn.ReLU(), nn.MaxPool2d(2),
        conv(32, 64, 3, 1), nn.ReLU(), conv(64, 64, 3, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, CLASSES),
    )


NETS = {
    'N1': ('LeNet-style: conv5×5 8 p2, pool, conv5×5 16 p2, pool, dense 10 on 28×28×1', n1, (1, 28, 28)),
    'N2': ('classic CIFAR: 3 × (conv5×5 p2, pool) of 16, 20, 20, dense 10 on 32×32×3', n2, (3, 32, 32)),
    'N3': ('VGG-style: conv3×3 32, 32, pool, 64, 64, pool, dense 128, 10 on 32×32×3', n3, (3, 32, 32)),
}


def measure(step, seconds):
    """Warm-up, then CHUNKS timed chunks; returns (median images/s, per-chunk images/s, timed steps)."""
    warmup = min(2.0, seconds / 5)
    start = time.perf_counter()
    steps = 0
    while steps < WARMUP_STEPS or time.perf_counter() - start < warmup:
        step()
        steps += 1
    chunk_seconds = seconds / CHUNKS
    rates = []
    total = 0
    for _ in range(CHUNKS):
        start = time.perf_counter()
        steps = 0
        while True:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= chunk_seconds:
                break
        rates.append(steps * BATCH_SIZE / elapsed)
        total += steps
    return statistics.median(rates), rates, total


def bench_one(name, threads, seconds):
    description, build, input_shape = NETS[name]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = build()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_function = nn.CrossEntropyLoss()
    inputs = torch.randn(BATCH_SIZE, *input_shape)
    labels = torch.randint(0, CLASSES, (BATCH_SIZE,))

    def step():
        optimizer.zero_grad()
        loss = loss_function(model(inputs), labels)
        loss.backward()
        optimizer.step()

    rate, rates, steps = measure(step, seconds)
    return {
        'net': name,
        'description': description,
        'parameters': sum(p.numel() for p in model.parameters()),
        'threads': threads,
        'imagesPerSecond': round(rate, 1),
        'chunkImagesPerSecond': [round(r, 1) for r in rates],
        'steps': steps,
        'peakRssMB': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'peakHeapMB': None,
        'peakArrayBuffersMB': None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--seconds', type=float, default=10.0)
    parser.add_argument('--nets', default='N1,N2,N3')
    args = parser.parse_args()
    names = [name.strip().upper() for name in args.nets.split(',')]
    if args.threads < 1 or args.seconds <= 0 or any(name not in NETS for name in names):
        parser.error('--threads must be ≥ 1, --seconds > 0, --nets a list of N1, N2, N3')
    thread_counts = [1] if args.threads == 1 else [1, args.threads]
    results = []
    for name in names:
        for threads in thread_counts:
            if not args.json:
                print(f'bench-pytorch: {name} on {threads} thread(s)…', file=sys.stderr)
            results.append(bench_one(name, threads, args.seconds))
    report = {
        'tool': 'pytorch',
        'torchVersion': torch.__version__,
        'batchSize': BATCH_SIZE,
        'seconds': args.seconds,
        'chunks': CHUNKS,
        'cores': os.cpu_count(),
        'threads': args.threads,
        'results': results,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    for result in results:
        print(f"{result['net']}  {result['parameters']:>9,}  {result['threads']} thread(s)  "
              f"{result['imagesPerSecond']:.1f} img/s  peak RSS {result['peakRssMB']} MB")


if __name__ == '__main__':
    main()
