/**
 * BFCL v3-style tool calling, single turn, scored by the tool verifier's AST check.
 *
 * Layout (as BFCL ships its data): `BFCL_v3_<category>.json` (one JSON object per line: `id`,
 * `question` = list of turns, each a list of messages, `function` = BFCL function docs) and
 * `possible_answer/BFCL_v3_<category>.json` (`id`, `ground_truth` = one `{name: {param: [ok
 * values]}}` per expected call). Categories read: simple, multiple, parallel, parallel_multiple,
 * irrelevance and relevance, with or without the `live_` prefix; any other file (multi_turn, java,
 * javascript, exec, sql…) is an error naming it, so nothing is skipped silently.
 *
 * The model sees the first turn and the functions as OpenAI tools, converted as BFCL converts them
 * for OpenAI-style models: `.` in names → `_`, `dict` → `object`, `float` → `number`, `tuple` →
 * `array`, `any` → `string`. The checker reads the original BFCL types (names renamed the same way,
 * `underscore_to_dot`). Calls come from the server's `tool_calls` when it parsed them, else from
 * the answer text.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CascadeError } from '../../core/errors.ts';
import type { Message, ToolDefinition } from '../../core/messages.ts';
import { type ToolTask, toolTaskSchema } from '../../verifiers/tool/index.ts';
import { scoringText } from '../generator.ts';
import { binarySummary } from './binary-summary.ts';
import { assertUniqueIds, parseTask, textField } from './fields.ts';
import { listDataFiles, readRows } from './files.ts';
import type { EvalItem, Suite } from './suite.ts';

const CATEGORIES = [
  'simple',
  'multiple',
  'parallel',
  'parallel_multiple',
  'irrelevance',
  'relevance',
] as const;
type Category = (typeof CATEGORIES)[number];

/** `BFCL_v3_live_simple.json` → `simple`; undefined for categories this suite does not check. */
export function bfclCategory(file: string): Category | undefined {
  const match = /^BFCL_v\d+_(?:live_)?(.+)\.json$/.exec(basename(file));
  const category = match?.[1];
  return CATEGORIES.find((known) => known === category);
}

const TYPE_FOR_OPENAI: Record<string, string> = {
  dict: 'object',
  float: 'number',
  tuple: 'array',
  any: 'string',
};

/** A BFCL parameter schema in JSON-schema spelling, recursively. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') out.type = TYPE_FOR_OPENAI[value] ?? value;
    else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else if (key === 'items') out.items = toJsonSchema(value);
    else out[key] = value;
  }
  return out;
}

export const openaiToolName = (name: string) => name.replaceAll('.', '_');

function functionsOf(value: unknown, where: string): Record<string, unknown>[] {
  if (
    !Array.isArray(value) ||
    value.some((entry) => typeof entry !== 'object' || entry === null || typeof entry.name !== 'string')
  ) {
    throw new CascadeError('eval_data', 'function must be a list of {name, parameters}', { where });
  }
  return value as Record<string, unknown>[];
}

function firstTurn(value: unknown, where: string): Message[] {
  const turn = Array.isArray(value) ? value[0] : undefined;
  if (!Array.isArray(turn) || turn.length === 0)
    throw new CascadeError('eval_data', 'question must be a list of turns of messages', { where });
  return turn as Message[];
}

async function possibleAnswers(dir: string, file: string): Promise<Map<string, unknown>> {
  const answers = new Map<string, unknown>();
  const path = join(dir, 'possible_answer', basename(file));
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return answers;
  for (const source of await readRows(path)) answers.set(textField(source, ['id']), source.row.ground_truth);
  return answers;
}

export const bfclSuite: Suite<ToolTask> = {
  name: 'bfcl',
  title: 'BFCL V3',
  domain: 'tool',
  headline: 'accuracy',
  async load(dir) {
    const items: EvalItem<ToolTask>[] = [];
    for (const file of await listDataFiles(dir, ['possible_answer'])) {
      const category = bfclCategory(file);
      if (!category) {
        throw new CascadeError(
          'eval_data',
          `not a single-turn BFCL category this suite checks (${CATEGORIES.join(', ')}); remove the file`,
          {
            where: file,
          },
        );
      }
      const answers = await possibleAnswers(dir, file);
      for (const source of await readRows(file)) {
        const id = textField(source, ['id']);
        const functions = functionsOf(source.row.function, source.where);
        const noCallExpected = category === 'irrelevance' || category === 'relevance';
        const expected = noCallExpected ? [] : answers.get(id);
        if (expected === undefined) {
          throw new CascadeError(
            'eval_data',
            `no ground truth for ${id} in possible_answer/${basename(file)}`,
            { where: source.where },
          );
        }
        const renamed: Record<string, unknown>[] = functions.map((fn) => ({
          ...fn,
          name: openaiToolName(fn.name as string),
        }));
        const tools: ToolDefinition[] = renamed.map((fn) => ({
          type: 'function',
          function: {
            name: String(fn.name),
            ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
            parameters: toJsonSchema(fn.parameters) as ToolDefinition['function']['parameters'],
          },
        }));
        items.push({
          id,
          where: source.where,
          task: parseTask(
            toolTaskSchema,
            { expected, tools: renamed, category, underscore_to_dot: true },
            source.where,
          ),
          messages: firstTurn(source.row.question, source.where),
          tools,
        });
      }
    }
    assertUniqueIds(items, 'bfcl');
    return items;
  },
  prompt: (item) => ({ messages: item.messages, tools: item.tools }),
  score(item, completion, verify, context) {
    const task =
      completion.toolCalls.length > 0
        ? { ...item.task, tool_calls: completion.toolCalls.map((call) => call.function) }
        : item.task;
    return verify(task, scoringText(completion), context);
  },
  summarize: (_items, verdicts) => binarySummary(verdicts),
};
