/**
 * The committed key schemas of the verl versions Cascade generates configs for (schemas/*.json):
 * every dotted key a generated config may set, its type, and whether Hydra needs `+` to add it.
 * Keys move between verl versions (frameworks.md §2.1), so a config is checked against the
 * schema of the version it is pinned to, and an unknown key is an error naming the key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CascadeError } from '../../core/errors.ts';

export const VERL_VERSIONS = ['0.7.0', '0.8.0'] as const;
export type VerlVersion = (typeof VERL_VERSIONS)[number];

/** 0.7.0 keeps reward settings at top level; 0.8.0 groups them under `reward.*`. */
export type RewardLayout = 'top-level-reward' | 'reward-group';

export type VerlKeyType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]';

export interface VerlKeySpec {
  type: VerlKeyType;
  enum?: string[];
  /** Not in verl's defaults: Hydra overrides must add it with `+key=value`. */
  new?: boolean;
  /** Read only by this entry module in this version (the DAPO recipe's group filter in 0.7.0). */
  entrypoint?: string;
}

export interface VerlSchema {
  verl: VerlVersion;
  layout: RewardLayout;
  snapshot: string;
  note: string;
  /** verl.trainer.main_ppo keys. */
  ppo: Record<string, VerlKeySpec>;
  /** verl.trainer.fsdp_sft_trainer keys. */
  sft: Record<string, VerlKeySpec>;
}

export type VerlValue = string | number | boolean | string[];
export type VerlFlatConfig = Record<string, VerlValue>;

const SCHEMA_DIR = join(import.meta.dirname, 'schemas');

export function isVerlVersion(value: string): value is VerlVersion {
  return (VERL_VERSIONS as readonly string[]).includes(value);
}

export function loadVerlSchema(version: string): VerlSchema {
  if (!isVerlVersion(version))
    throw new CascadeError(
      'verl_unknown_version',
      `no committed key schema for verl ${version}; known: ${VERL_VERSIONS.join(', ')}`,
      { where: 'verlVersion' },
    );
  const file = join(SCHEMA_DIR, `verl-${version}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VerlSchema;
  } catch (error) {
    throw new CascadeError('verl_schema_unreadable', (error as Error).message, { where: file, cause: error });
  }
}

function typeOf(value: VerlValue): VerlKeyType | 'other' {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? 'string[]' : 'other';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value as 'string' | 'boolean';
  return 'other';
}

/** Pure check: every key known to `keys`, every value of its type and among its choices. */
export function validateVerlConfig(
  config: VerlFlatConfig,
  keys: Record<string, VerlKeySpec>,
  label: string,
): void {
  for (const [key, value] of Object.entries(config)) {
    const spec = keys[key];
    if (!spec)
      throw new CascadeError('verl_unknown_key', `not a key of ${label}`, {
        where: key,
      });
    const actual = typeOf(value);
    const fits = actual === spec.type || (spec.type === 'number' && actual === 'integer');
    if (!fits || (typeof value === 'number' && !Number.isFinite(value)))
      throw new CascadeError('verl_bad_value', `${label} wants ${spec.type}, got ${JSON.stringify(value)}`, {
        where: key,
      });
    if (spec.enum && !spec.enum.includes(value as string))
      throw new CascadeError(
        'verl_bad_value',
        `${label} takes one of ${spec.enum.join(', ')}, got ${JSON.stringify(value)}`,
        { where: key },
      );
  }
}
