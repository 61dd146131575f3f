/** Runs one checker the way the registry will: kwargs through its schema, then `check`. Used by tests. */
import type { InstructionChecker } from '../checker.ts';

export function follows(
  checker: InstructionChecker,
  response: string,
  kwargs: Record<string, unknown> = {},
  prompt = '',
): boolean {
  return checker.check(response, checker.kwargs.parse(kwargs), prompt);
}
