#!/usr/bin/env python3
"""Prints the expected numbers that the lesson 4 tests hard-code.

Computed with the standard library only, independently of the Java code, straight from the
definitions in the lesson README. Multiply-adds are counted term by term, cache bytes are
2 * layers * kv_heads * head_size * bytes, and the fit is the least-squares line through
(ln n, ln T). Run: python3 expected_values.py
"""
import math


def step_with_cache(c, p):
    """Multiply-adds for the token at position p, attending over positions 0..p."""
    dim, hidden, layers = c["dim"], c["hidden"], c["layers"]
    kv_dim = c["kv_heads"] * (dim // c["heads"])
    wq = dim * dim
    wk = kv_dim * dim
    wv = kv_dim * dim
    wo = dim * dim
    ffn = 3 * hidden * dim
    scores = c["heads"] * (dim // c["heads"]) * (p + 1)
    mix = c["heads"] * (dim // c["heads"]) * (p + 1)
    classifier = c["vocab"] * dim
    return layers * (wq + wk + wv + wo + ffn + scores + mix) + classifier


def step_without_cache(c, t):
    """Sum the work of positions 0..t, which the full forward pass does once each."""
    return sum(step_with_cache(c, p) for p in range(t + 1))


def generation(c, n, step):
    return sum(step(c, t) for t in range(n))


def bytes_per_token(c, bytes_per_value):
    head_size = c["dim"] // c["heads"]
    return 2 * c["layers"] * c["kv_heads"] * head_size * bytes_per_value


def fit(lengths, totals):
    x = [math.log(n) for n in lengths]
    y = [math.log(t) for t in totals]
    xm = sum(x) / len(x)
    ym = sum(y) / len(y)
    sxx = sum((a - xm) ** 2 for a in x)
    sxy = sum((a - xm) * (b - ym) for a, b in zip(x, y))
    k = sxy / sxx
    log_c = ym - k * xm
    residual = sum((b - (log_c + k * a)) ** 2 for a, b in zip(x, y))
    spread = sum((b - ym) ** 2 for b in y)
    return k, math.exp(log_c), 1 - residual / spread


TINY = dict(dim=4, hidden=8, layers=1, heads=2, kv_heads=1, vocab=10, seq_len=8)
STORIES_260K = dict(dim=64, hidden=172, layers=5, heads=8, kv_heads=4, vocab=512, seq_len=512)
STORIES_15M = dict(dim=288, hidden=768, layers=6, heads=6, kv_heads=6, vocab=32000, seq_len=256)

print("== 4.1 Cost model")
for name, c in [("tiny", TINY), ("stories260K", STORIES_260K), ("stories15M", STORIES_15M)]:
    last = c["seq_len"] - 1
    print(f"{name}: stepWithCache(0) = {step_with_cache(c, 0)}, stepWithCache({last}) = {step_with_cache(c, last)}")
    print(f"{name}: stepWithoutCache(0) = {step_without_cache(c, 0)}, "
          f"stepWithoutCache(3) = {step_without_cache(c, 3)}, stepWithoutCache({last}) = {step_without_cache(c, last)}")
    n = c["seq_len"]
    with_cache = generation(c, n, step_with_cache)
    without_cache = generation(c, n, step_without_cache)
    print(f"{name}: generation of {n}: with cache {with_cache}, without {without_cache}, "
          f"speedup {without_cache / with_cache:.12f}")
    for m in (32, 64, 128, 256, 512):
        if m <= n:
            print(f"  speedup({m}) = {generation(c, m, step_without_cache) / generation(c, m, step_with_cache):.12f}")

print("== 4.2 Cache memory")
# Published configurations (config.json of each model on the Hugging Face hub).
OPT_13B = dict(dim=5120, hidden=20480, layers=40, heads=40, kv_heads=40, vocab=50272, seq_len=2048)
LLAMA_2_7B = dict(dim=4096, hidden=11008, layers=32, heads=32, kv_heads=32, vocab=32000, seq_len=4096)
LLAMA_3_8B = dict(dim=4096, hidden=14336, layers=32, heads=32, kv_heads=8, vocab=128256, seq_len=8192)
for name, c in [("OPT-13B", OPT_13B), ("Llama-2-7B", LLAMA_2_7B), ("Llama-3-8B", LLAMA_3_8B),
                ("stories260K", STORIES_260K), ("stories15M", STORIES_15M)]:
    for b in (2, 4):
        per_token = bytes_per_token(c, b)
        full = per_token * c["seq_len"]
        print(f"{name} at {b} bytes: {per_token} B/token = {per_token / 1024} KiB; "
              f"{c['seq_len']} tokens: {full} B = {full / 2**20} MiB = {full / 2**30} GiB")
wrong = dict(LLAMA_3_8B, kv_heads=LLAMA_3_8B["heads"])
print(f"Llama-3-8B counted with query heads: {bytes_per_token(wrong, 2)} B/token")

print("== 4.4 Growth fit")
for lengths, totals in [
    ([32, 64, 128, 256], [3e-6 * n * n for n in [32, 64, 128, 256]]),
    ([10, 20, 40, 80, 160], [0.5 * n for n in [10, 20, 40, 80, 160]]),
    ([16, 32, 64, 128, 256], [0.021, 0.079, 0.33, 1.27, 5.2]),
    ([16, 32, 64, 128, 256], [0.40, 0.83, 1.58, 3.3, 6.4]),
    # A cached generation: a fixed cost per step plus attention that grows with the position.
    ([16, 32, 64, 128], [n * (1000 + n) for n in [16, 32, 64, 128]]),
]:
    k, c, r2 = fit(lengths, totals)
    print(f"lengths {lengths}, totals {totals}: exponent {k:.12f}, coefficient {c:.12g}, rSquared {r2:.12f}")
