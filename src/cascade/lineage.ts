/**
 * The lineage file (`<out>/lineage.json`): what every stage started from, its config hash, where its
 * checkpoints went, its metrics summary and its evaluation. It is the runner's memory: a re-run skips
 * the stages recorded as done with the same config hash and resumes the one that was running.
 * Written atomically (temp file + rename), so a kill never leaves it half-written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import type { StageKind } from './recipe.ts';

export interface DomainScore {
  domain: string;
  mode: 'think' | 'no_think';
  /** Mean verifier score over prompts × samples, in [0, 1]. */
  score: number;
  meanResponseTokens: number;
  /** Counts behind the score (correct, truncated, no answer, errors…) and extra means (rm_score). */
  detail: Record<string, number>;
}

export interface StageRecord {
  name: string;
  kind: StageKind;
  domains: string[];
  configHash: string;
  status: 'running' | 'done';
  /** The policy checkpoint the stage started from (undefined: the recipe's fresh model). */
  startPolicy?: string;
  /** The policy after the stage (a reward-model stage passes its start through). */
  policy?: string;
  /** The reward model this stage trained, when it is a reward-model stage. */
  rewardModel?: string;
  steps: number;
  wallSeconds: number;
  startedAt: string;
  finishedAt?: string;
  /** The stage's last metrics line. */
  lastMetrics?: Record<string, number>;
  evaluation?: DomainScore[];
}

export interface Lineage {
  recipe: string;
  recipeHash: string;
  seed: number;
  profile: string;
  createdAt: string;
  /** Evaluation of the starting model, when the recipe asks for it. */
  base?: DomainScore[];
  stages: StageRecord[];
}

/** A stable hash of plain JSON (object keys sorted). */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const lineagePath = (out: string) => join(out, 'lineage.json');

export function readLineage(out: string): Lineage | undefined {
  const path = lineagePath(out);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Lineage;
  } catch (error) {
    throw new CascadeError('lineage.read', `unreadable lineage file: ${(error as Error).message}`, {
      where: path,
    });
  }
}

export function writeLineage(out: string, lineage: Lineage): void {
  const path = lineagePath(out);
  const temporary = `${path}.partial-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(lineage, null, 2)}\n`);
  renameSync(temporary, path);
}
