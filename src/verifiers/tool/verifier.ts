/**
 * The tool-call verifier: take the calls (structured `tool_calls`, or parsed from the answer text
 * after the reasoning), then BFCL's AST check against the possible answers. Reward 1 when valid, 0
 * otherwise; a task that cannot be checked (unknown type, expected function not among the tools) is
 * status 'error'. For irrelevance, a call that cannot be parsed counts as no call, as in BFCL.
 */
import type { ParsedToolCall } from '../../core/messages.ts';
import { failed, scored, type Verdict, type Verifier } from '../../core/verdict.ts';
import {
  astCheck,
  type CallToCheck,
  type PossibleAnswer,
  type ToolCategory,
  ToolTaskError,
} from './bfcl-checker.ts';
import {
  describeFromPossibleAnswer,
  describeTool,
  type FunctionDescription,
} from './function-description.ts';
import { parseToolCallsFromText } from './parse-calls.ts';
import type { ToolTask } from './task.ts';

/**
 * The answer part of a response: after the last `</think>`; with an unclosed `<think>`, from a
 * `<tool_call>` that opens `<function…` (the cascade-v2 implicit end of reasoning), else nothing.
 */
export function answerPart(response: string): string {
  const close = response.lastIndexOf('</think>');
  if (close >= 0) return response.slice(close + '</think>'.length);
  if (!response.includes('<think>')) return response;
  const implicit = /<tool_call>\s*<function[\s=]/.exec(response);
  return implicit ? response.slice(implicit.index) : '';
}

function inferCategory(task: ToolTask): ToolCategory {
  if (task.category) return task.category;
  if (task.expected.length === 0) return 'irrelevance';
  if (task.expected.length > 1) return 'parallel';
  return (task.tools?.length ?? 0) > 1 ? 'multiple' : 'simple';
}

function structuredCalls(task: ToolTask): { calls: ParsedToolCall[]; errors: string[] } {
  const calls: ParsedToolCall[] = [];
  const errors: string[] = [];
  for (const call of task.tool_calls ?? []) {
    if (typeof call.arguments !== 'string') {
      calls.push({ name: call.name, arguments: call.arguments });
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(call.arguments);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        calls.push({ name: call.name, arguments: parsed as Record<string, unknown> });
      } else errors.push(`arguments of ${call.name} are not a JSON object`);
    } catch {
      errors.push(`arguments of ${call.name} are not valid JSON`);
    }
  }
  return { calls, errors };
}

function textCalls(task: ToolTask, response: string): { calls: ParsedToolCall[]; errors: string[] } {
  const parsed = parseToolCallsFromText(answerPart(response), task.tools);
  return { calls: parsed.toolCalls, errors: parsed.errors };
}

function describer(task: ToolTask): (name: string) => FunctionDescription {
  const rename = (name: string) => (task.underscore_to_dot ? name.replaceAll('.', '_') : name);
  const declared = (task.tools ?? [])
    .map(describeTool)
    .map((description) => ({ ...description, name: rename(description.name) }));
  return (expectedName) => {
    const name = rename(expectedName);
    if (!task.tools) {
      const answer = task.expected.find((entry) => rename(Object.keys(entry)[0]) === name);
      return describeFromPossibleAnswer(name, answer ? Object.values(answer)[0] : {});
    }
    const found = declared.find((description) => description.name === name);
    if (!found) throw new ToolTaskError(`expected function ${expectedName} is not among the task's tools`);
    return found;
  };
}

export const toolVerifier: Verifier<ToolTask> = async (task, response): Promise<Verdict> => {
  const { calls, errors } = task.tool_calls ? structuredCalls(task) : textCalls(task, response);
  const category = inferCategory(task);
  const details: Record<string, unknown> = { category, calls, parse_errors: errors };
  if (errors.length > 0 && category !== 'irrelevance') {
    return scored(0, false, `malformed tool call: ${errors[0]}`, { ...details, error_type: 'parse_error' });
  }
  const expected: PossibleAnswer[] = task.expected.map((entry) =>
    task.underscore_to_dot
      ? { [Object.keys(entry)[0].replaceAll('.', '_')]: Object.values(entry)[0] }
      : entry,
  );
  let result: ReturnType<typeof astCheck>;
  try {
    result = astCheck(category, describer(task), calls as CallToCheck[], expected);
  } catch (error) {
    if (error instanceof ToolTaskError) return failed('error', error.message, details);
    throw error;
  }
  const resultDetails = { ...details, error_type: result.errorType ?? null, errors: result.errors };
  return result.valid
    ? scored(1, true, `tool calls match (${category})`, resultDetails)
    : scored(0, false, `${result.errorType}: ${result.errors[0]}`, resultDetails);
};
