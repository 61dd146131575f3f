import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageAtN, majorityAtK, meanPassAtK, passAtK, reportedKs, runSpread } from './metrics.ts';

/** The definition, with exact binomials (small n only). */
function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

test('pass@k matches 1 − C(n−c,k)/C(n,k) on every small case', () => {
  for (let n = 1; n <= 12; n++) {
    for (let c = 0; c <= n; c++) {
      for (let k = 1; k <= n; k++) {
        const expected = n - c < k ? 1 : 1 - binomial(n - c, k) / binomial(n, k);
        assert.ok(Math.abs(passAtK(n, c, k) - expected) < 1e-12, `n=${n} c=${c} k=${k}`);
      }
    }
  }
});

test('pass@k: known values and edge cases', () => {
  assert.equal(passAtK(10, 0, 5), 0);
  assert.equal(passAtK(10, 10, 1), 1);
  assert.equal(passAtK(4, 1, 1), 0.25);
  assert.ok(Math.abs(passAtK(4, 1, 2) - 0.5) < 1e-12); // 1 − C(3,2)/C(4,2) = 1 − 3/6
  // LightEval's documented MCQ example: samples [B, A, B, C], gold B, k=2 → 1 − C(2,2)/C(4,2) = 5/6
  assert.ok(Math.abs(passAtK(4, 2, 2) - 5 / 6) < 1e-12);
  // large n where C(n, k) overflows a double: still finite and in [0, 1]
  const big = passAtK(2000, 3, 500);
  assert.ok(big > 0.57 && big < 0.58, String(big)); // 1 − (1500·1499·1498)/(2000·1999·1998) ≈ 0.5783
  assert.throws(() => passAtK(4, 5, 1), /pass@k needs/);
  assert.throws(() => passAtK(4, 1, 5), /pass@k needs/);
});

test('avg@n is the mean of per-problem means; pass@k averages over problems', () => {
  assert.equal(
    averageAtN([
      [1, 0, 0, 0],
      [1, 1, 1, 1],
    ]),
    0.625,
  );
  assert.equal(averageAtN([[1], [0, 1]]), 0.75);
  assert.equal(
    meanPassAtK(
      [
        [true, false],
        [false, false],
      ],
      2,
    ),
    0.5,
  );
});

test('spread across runs: run j is sample j of every problem; std err = std dev / √k', () => {
  // runs: [1, 0, 1] → 2/3; [1, 1, 1] → 1; [0, 0, 1] → 1/3; [0, 1, 1] → 2/3
  const scores = [
    [1, 1, 0, 0],
    [0, 1, 0, 1],
    [1, 1, 1, 1],
  ];
  const spread = runSpread(scores, 4);
  const runs = [2 / 3, 1, 1 / 3, 2 / 3];
  const m = runs.reduce((a, b) => a + b) / 4;
  const sd = Math.sqrt(runs.reduce((a, b) => a + (b - m) ** 2, 0) / 3);
  assert.ok(Math.abs(spread.stdDevAcrossRuns - sd) < 1e-12);
  assert.ok(Math.abs(spread.stdErrAcrossRuns - sd / 2) < 1e-12);
  // per-problem sample std devs: [0.5774, 0.5774, 0]
  assert.ok(Math.abs(spread.avgSampleStdDev - (2 * Math.sqrt(1 / 3)) / 3) < 1e-12);
  assert.throws(() => runSpread(scores, 1), /k ≥ 2/);
  assert.throws(() => runSpread([[1]], 2), /fewer than k=2/);
});

test('majority@k: most common answer, ties averaged, missing answers ignored', () => {
  assert.equal(majorityAtK(['5', '5', '7'], [true, true, false], 3), 1);
  assert.equal(majorityAtK(['5', '7', '7'], [true, false, false], 3), 0);
  assert.equal(majorityAtK(['5', '7'], [true, false], 2), 0.5);
  assert.equal(majorityAtK([null, null, '7'], [false, false, true], 3), 1);
  assert.equal(majorityAtK([null, null], [false, false], 2), 0);
  assert.equal(majorityAtK(['7', '5', '5'], [false, true, true], 1), 0);
});

test('reported k values', () => {
  assert.deepEqual(reportedKs(1), [1]);
  assert.deepEqual(reportedKs(8), [1, 2, 4, 8]);
  assert.deepEqual(reportedKs(6), [1, 2, 4, 6]);
});
