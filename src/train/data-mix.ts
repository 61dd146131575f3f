/**
 * A stage's data mix: which sources it draws from and how often (Cascade 1 SFT upsamples science 2×
 * and SWE 3× in stage 2). A weight w repeats every row ⌊w⌋ times and once more with probability
 * w − ⌊w⌋, so 0.5 keeps about half the rows and 2 doubles them; the epoch's order is then shuffled.
 * Deterministic for a given Rng.
 */
import { CascadeError } from '../core/errors.ts';
import type { Rng } from '../core/rng.ts';

export interface MixedRow {
  source: string;
  /** Index of the row inside its source. */
  index: number;
}

/** One epoch of the mix: every row's copies, shuffled. Sources not named in `weights` are not used. */
export function mixEpoch(
  sourceSizes: Record<string, number>,
  weights: Record<string, number>,
  rng: Rng,
): MixedRow[] {
  const rows: MixedRow[] = [];
  // sorted names: the order of object keys must not change which rows are drawn
  for (const source of Object.keys(weights).sort()) {
    const weight = weights[source];
    const size = sourceSizes[source];
    if (size === undefined)
      throw new CascadeError('train.data-mix', `no data source named "${source}"`, {
        where: `mix.${source}`,
      });
    if (!(weight >= 0) || !Number.isFinite(weight))
      throw new CascadeError('train.data-mix', `weight must be a finite number ≥ 0, got ${weight}`, {
        where: `mix.${source}`,
      });
    const whole = Math.floor(weight);
    const fraction = weight - whole;
    for (let index = 0; index < size; index++) {
      let copies = whole;
      if (fraction > 0 && rng.next() < fraction) copies++;
      for (let copy = 0; copy < copies; copy++) rows.push({ source, index });
    }
  }
  return rng.shuffle(rows);
}
