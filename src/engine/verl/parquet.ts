/**
 * Stage rows → Parquet in the schema verl's RL dataset reads (the gsm8k preprocessor's columns):
 * `data_source` (routes the reward), `prompt` as list<struct<role, content>>, `ability`,
 * `reward_model` struct {style, ground_truth}, `extra_info` struct. SFT files carry the
 * conversation as `messages` (verl's multiturn SFT key) and a per-row `enable_thinking`.
 * `extra_info` has fixed fields because a Parquet struct has one schema for every row; a row's
 * free-form extras travel as one JSON string.
 */
import { writeFile } from 'node:fs/promises';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { JsonValue, VerlMessage, VerlRow, VerlStageKind } from './spec.ts';

export interface VerlParquetRow {
  data_source: string;
  prompt: VerlMessage[];
  ability: string;
  reward_model: { style: 'rule'; ground_truth: string };
  extra_info: { index: number; id: string; domain: string; split: string; extra: string };
}

export interface VerlSftParquetRow {
  data_source: string;
  messages: VerlMessage[];
  enable_thinking: boolean;
  extra_info: { index: number; id: string; domain: string; split: string; extra: string };
}

/** The shim (integrations/verl/cascade_reward.py) maps `cascade/<domain>` to the domain. */
export function dataSourceOf(domain: string): string {
  return `cascade/${domain}`;
}

/** Strings pass through (a gold answer); anything else is JSON the shim decodes into task fields. */
export function groundTruthString(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function toVerlRows(rows: readonly VerlRow[]): VerlParquetRow[] {
  return rows.map((row, index) => ({
    data_source: dataSourceOf(row.domain),
    prompt: row.messages.map(({ role, content }) => ({ role, content })),
    ability: row.domain,
    reward_model: { style: 'rule', ground_truth: groundTruthString(row.groundTruth) },
    extra_info: extraInfo(row, index),
  }));
}

export function toVerlSftRows(rows: readonly VerlRow[], thinking: boolean): VerlSftParquetRow[] {
  return rows.map((row, index) => ({
    data_source: dataSourceOf(row.domain),
    messages: row.messages.map(({ role, content }) => ({ role, content })),
    enable_thinking: thinking,
    extra_info: extraInfo(row, index),
  }));
}

function extraInfo(row: VerlRow, index: number): VerlParquetRow['extra_info'] {
  return { index, id: row.id, domain: row.domain, split: 'train', extra: JSON.stringify(row.extra ?? {}) };
}

const text = (name: string) =>
  ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' }) as const;

const MESSAGE_LIST = (name: string) => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 } as const,
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 } as const,
  { name: 'element', repetition_type: 'REQUIRED', num_children: 2 } as const,
  text('role'),
  text('content'),
];

const EXTRA_INFO = [
  { name: 'extra_info', repetition_type: 'REQUIRED', num_children: 5 } as const,
  { name: 'index', type: 'INT64', repetition_type: 'REQUIRED' } as const,
  text('id'),
  text('domain'),
  text('split'),
  text('extra'),
];

/** The Parquet file bytes of a GRPO stage's rows. */
export function verlParquetBuffer(rows: readonly VerlRow[]): ArrayBuffer {
  const table = toVerlRows(rows);
  return parquetWriteBuffer({
    schema: [
      { name: 'root', num_children: 5 },
      text('data_source'),
      ...MESSAGE_LIST('prompt'),
      text('ability'),
      { name: 'reward_model', repetition_type: 'REQUIRED', num_children: 2 },
      text('style'),
      text('ground_truth'),
      ...EXTRA_INFO,
    ],
    columnData: [
      { name: 'data_source', data: table.map((row) => row.data_source) },
      { name: 'prompt', data: table.map((row) => row.prompt) },
      { name: 'ability', data: table.map((row) => row.ability) },
      { name: 'reward_model', data: table.map((row) => row.reward_model) },
      { name: 'extra_info', data: table.map(int64Index) },
    ],
  });
}

/** The Parquet file bytes of an SFT stage's rows. */
export function verlSftParquetBuffer(rows: readonly VerlRow[], thinking: boolean): ArrayBuffer {
  const table = toVerlSftRows(rows, thinking);
  return parquetWriteBuffer({
    schema: [
      { name: 'root', num_children: 4 },
      text('data_source'),
      ...MESSAGE_LIST('messages'),
      { name: 'enable_thinking', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
      ...EXTRA_INFO,
    ],
    columnData: [
      { name: 'data_source', data: table.map((row) => row.data_source) },
      { name: 'messages', data: table.map((row) => row.messages) },
      { name: 'enable_thinking', data: table.map((row) => row.enable_thinking) },
      { name: 'extra_info', data: table.map(int64Index) },
    ],
  });
}

// INT64 columns take bigints
function int64Index(row: { extra_info: VerlParquetRow['extra_info'] }) {
  return { ...row.extra_info, index: BigInt(row.extra_info.index) };
}

export async function writeVerlParquet(
  path: string,
  kind: VerlStageKind,
  rows: readonly VerlRow[],
  thinking: boolean,
): Promise<void> {
  const buffer = kind === 'sft' ? verlSftParquetBuffer(rows, thinking) : verlParquetBuffer(rows);
  await writeFile(path, new Uint8Array(buffer));
}
