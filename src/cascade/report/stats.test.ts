import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeError } from '../../core/errors.ts';
import { studentT975, summarise } from './stats.ts';

function close(actual: number | null, expected: number, tolerance = 1e-6) {
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= tolerance,
    `expected ${expected}, got ${actual}`,
  );
}

describe('studentT975', () => {
  it('matches printed t-table values', () => {
    close(studentT975(1), 12.706, 1e-3);
    close(studentT975(2), 4.303, 1e-3);
    close(studentT975(4), 2.776, 1e-3);
    close(studentT975(9), 2.262, 1e-3);
    close(studentT975(30), 2.042, 1e-3);
    close(studentT975(40), 2.021, 1e-3);
    close(studentT975(60), 2.0, 1e-3);
    close(studentT975(120), 1.98, 1e-3);
    close(studentT975(100000), 1.96, 1e-3);
  });

  it('decreases with the degrees of freedom across the table boundary', () => {
    assert.ok(studentT975(30) > studentT975(31) && studentT975(31) > studentT975(32));
  });

  it('rejects non-positive or fractional degrees of freedom', () => {
    assert.throws(() => studentT975(0), CascadeError);
    assert.throws(() => studentT975(2.5), CascadeError);
  });
});

describe('summarise', () => {
  it('three seeds: [0.5, 0.6, 0.7]', () => {
    // mean 0.6; sample sd √((0.01 + 0 + 0.01) / 2) = 0.1; se 0.1/√3 = 0.0577350; t(2) = 4.302653 → 0.248414
    const s = summarise([0.5, 0.6, 0.7]);
    assert.equal(s.n, 3);
    close(s.mean, 0.6, 1e-12);
    close(s.standardError, 0.057735, 1e-6);
    close(s.halfWidth95, 0.248414, 1e-6);
  });

  it('two seeds: [0.2, 0.4]', () => {
    // mean 0.3; sd √(0.02/1) = 0.141421; se 0.1; t(1) = 12.7062 → 1.27062
    const s = summarise([0.2, 0.4]);
    close(s.mean, 0.3, 1e-12);
    close(s.standardError, 0.1, 1e-9);
    close(s.halfWidth95, 1.27062, 1e-6);
  });

  it('five identical seeds have a zero-width interval', () => {
    const s = summarise([0.75, 0.75, 0.75, 0.75, 0.75]);
    assert.equal(s.mean, 0.75);
    assert.equal(s.standardError, 0);
    assert.equal(s.halfWidth95, 0);
  });

  it('one seed has a mean and no interval', () => {
    assert.deepEqual(summarise([0.42]), { n: 1, mean: 0.42, standardError: null, halfWidth95: null });
  });

  it('refuses an empty list and non-finite scores', () => {
    assert.throws(() => summarise([]), CascadeError);
    assert.throws(() => summarise([0.5, Number.NaN]), /scores\[1\]/);
  });
});
