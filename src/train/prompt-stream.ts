/**
 * The RL data loader: hands out prompts epoch after epoch in a shuffled order, and, when the
 * epoch-level filter of Cascade's Math RL is on (paper-spec §3.2), narrows each new epoch to the prompts
 * worth sampling: a prompt whose last epoch scored 0% comes back with probability 10%, one at 100%
 * with probability 1%, the rest always. Its whole state is plain JSON, and every random choice is
 * drawn from streams derived from (planSeed, epoch), so a resumed run draws the same prompts.
 */
import { CascadeError } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import { type EpochFilterOptions, epochFilter } from '../rl/index.ts';
import type { RolloutPrompt } from './rollout.ts';

export interface PromptStreamState {
  planSeed: number;
  epoch: number;
  /** Prompts already handed out in this epoch. */
  cursor: number;
  /** Ids sampled in this epoch (dataset order); null: every prompt. */
  active: string[] | null;
  /** This epoch's [correct, total] rollouts per prompt id. */
  counts: Record<string, [number, number]>;
  /** Pass rate of each prompt in the last epoch it was sampled in. */
  passRates: Record<string, number>;
  /** Times the filter left no prompt and the full set was taken back. */
  resets: number;
}

export function initialPromptStreamState(planSeed: number): PromptStreamState {
  return { planSeed, epoch: 0, cursor: 0, active: null, counts: {}, passRates: {}, resets: 0 };
}

const ORDER_STREAM = 1;
const FILTER_STREAM = 2;

export class PromptStream {
  private readonly byId: Map<string, RolloutPrompt>;
  private order: RolloutPrompt[];

  constructor(
    private readonly prompts: readonly RolloutPrompt[],
    private current: PromptStreamState,
    /** The epoch-level filter's re-admission probabilities; null: no filtering. */
    private readonly filter: EpochFilterOptions | null,
  ) {
    if (prompts.length === 0) throw new CascadeError('train.prompts', 'no prompts to train on');
    this.byId = new Map();
    for (const prompt of prompts) {
      if (this.byId.has(prompt.id))
        throw new CascadeError('train.prompts', 'prompt ids must be unique', { where: `id ${prompt.id}` });
      this.byId.set(prompt.id, prompt);
    }
    this.current = structuredClone(current);
    this.order = this.epochOrder();
  }

  /** The next prompt, starting a new epoch (and applying the filter) when this one is used up. */
  next(): RolloutPrompt {
    if (this.current.cursor >= this.order.length) this.startNextEpoch();
    return this.order[this.current.cursor++];
  }

  /**
   * Prompts left in this epoch, planning the next one first when this one is used up. The epoch filter
   * needs every result of an epoch recorded before the next is planned: draw at most this many, record
   * their results, then ask again.
   */
  remainingInEpoch(): number {
    if (this.current.cursor >= this.order.length) this.startNextEpoch();
    return this.order.length - this.current.cursor;
  }

  /** Adds one prompt's rollouts to this epoch's pass-rate counts. */
  record(id: string, correct: number, total: number): void {
    const [c, t] = this.current.counts[id] ?? [0, 0];
    this.current.counts[id] = [c + correct, t + total];
  }

  state(): PromptStreamState {
    return structuredClone(this.current);
  }

  get activeCount(): number {
    return this.order.length;
  }

  private epochOrder(): RolloutPrompt[] {
    const { active, planSeed, epoch } = this.current;
    const activeIds = new Set(active ?? []);
    const kept = active === null ? [...this.prompts] : this.prompts.filter((p) => activeIds.has(p.id));
    return new Rng(planSeed + ORDER_STREAM).fork(epoch).shuffle(kept);
  }

  private startNextEpoch(): void {
    const state = this.current;
    for (const [id, [correct, total]] of Object.entries(state.counts))
      if (total > 0) state.passRates[id] = correct / total;
    state.counts = {};
    state.epoch++;
    state.cursor = 0;
    if (this.filter) {
      const rng = new Rng(state.planSeed + FILTER_STREAM).fork(state.epoch);
      const known = this.prompts.filter((p) => state.passRates[p.id] !== undefined);
      const kept = epochFilter(
        known.map((p) => ({ id: p.id, passRate: state.passRates[p.id] })),
        rng,
        this.filter,
      );
      const active = this.prompts.filter((p) => state.passRates[p.id] === undefined || kept.has(p.id));
      // a filter that leaves nothing would stall the run: take the whole set back and say so in metrics
      if (active.length === 0) state.resets++;
      state.active = active.length === 0 ? null : active.map((p) => p.id);
    }
    this.order = this.epochOrder();
  }
}
