#!/usr/bin/env python3
"""Prints the expected numbers that the lesson 1 tests hard-code.

Computed in double precision with the standard library only, independently of the Java code,
straight from the definitions: softmax(x)[i] = exp(x[i]) / sum_j exp(x[j]), and attention
output = softmax(q k^T / sqrt(d) + mask) v. Run: python3 expected_values.py
"""
import math

NEG_INF = float("-inf")


def softmax(scores):
    finite = [s for s in scores if s != NEG_INF]
    top = max(finite)
    exps = [0.0 if s == NEG_INF else math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def attend(query, keys, values, mask=None):
    d = len(query)
    scores = [sum(q * k for q, k in zip(query, key)) / math.sqrt(d) for key in keys]
    if mask is not None:
        scores = [s + m for s, m in zip(scores, mask)]
    weights = softmax(scores)
    output = [sum(w * value[c] for w, value in zip(weights, values)) for c in range(len(values[0]))]
    return weights, output


def show(label, numbers):
    print(f"{label}: [" + ", ".join(f"{x:.9f}" for x in numbers) + "]")


# The notebook's toy vectors.
QUERY = [0.2, 0.8]
KEYS = [[0.1, 0.2], [0.2, 0.3], [0.3, 0.4]]
VALUES = [[0.5, 0.6], [0.7, 0.8], [0.9, 1.0]]

print("== 1.1 Softmax")
show("softmax [1, 2, 3]", softmax([1.0, 2.0, 3.0]))
show("softmax [0, -inf, 1]", softmax([0.0, NEG_INF, 1.0]))
show("softmax [1000, 1000]", softmax([1000.0, 1000.0]))
show("softmax [-1e4, 0, 1e4]", softmax([-1e4, 0.0, 1e4]))
show("softmax [0.5, -1.5, -inf, 2]", softmax([0.5, -1.5, NEG_INF, 2.0]))

print("== 1.2 Attention")
weights, output = attend(QUERY, KEYS, VALUES)
show("notebook weights", weights)
show("notebook output", output)
show("notebook sum of values (softmax of one score is 1)",
     [sum(v[c] for v in VALUES) for c in range(2)])
weights, output = attend(QUERY, KEYS, VALUES, [0.0, 0.0, NEG_INF])
show("notebook query, key 2 masked: weights", weights)
show("notebook query, key 2 masked: output", output)
weights, output = attend([1.0, 2.0], KEYS, VALUES)
show("query [1, 2]: weights", weights)
show("query [1, 2]: output", output)

print("== 1.4 Multi-head attention")
# Two query heads, one kv head (multi-query): head 0 is the notebook query, head 1 is [-1, 0].
for head, query in enumerate([QUERY, [-1.0, 0.0]]):
    show(f"MQA head {head} output", attend(query, KEYS, VALUES)[1])
# Four query heads of size 1, two kv heads: head h reads kv head h // 2.
queries = [1.0, -1.0, 2.0, 0.5]
keys = [[1.0, -1.0], [0.0, 2.0]]    # row = key, column = kv head
values = [[1.0, 10.0], [3.0, 30.0]]
outputs = []
for head, q in enumerate(queries):
    kv = head // 2
    outputs += attend([q], [[row[kv]] for row in keys], [[row[kv]] for row in values])[1]
show("GQA 4 heads / 2 kv heads, head size 1: output", outputs)
