/**
 * BFCL's AST checker for Python-language categories (verifiers-reference §6), re-derived from its
 * behaviour: one call is checked against one possible answer by name, required parameters, unexpected
 * parameters, type (int accepted for float; array/tuple item types one level deep; "variables" whose
 * type matches the possible answer's instead of the schema's), value (strings standardised; lists,
 * dicts and lists of dicts by their own rules) and missing optional parameters. Java/JavaScript
 * string conversion is not implemented. Error types use BFCL's names so results can be compared.
 */
import { CascadeError } from '../../core/errors.ts';
import {
  type FunctionDescription,
  isNestedChecked,
  type ParameterDescription,
  pythonTypeForDeclared,
} from './function-description.ts';
import { type PythonType, pythonIn, pythonTypeOf, show } from './python-values.ts';

/** A call as BFCL's model output holds it: one function name and its arguments. */
export interface CallToCheck {
  name: string;
  arguments: Record<string, unknown>;
}

/** BFCL's possible answer for one call: `{function_name: {param: [acceptable values…]}}`. */
export type PossibleAnswer = Record<string, Record<string, unknown[]>>;

export interface CheckResult {
  valid: boolean;
  errors: string[];
  errorType?: string;
}

/** A task that cannot be checked (unknown declared type, expected function missing from the tools). */
export class ToolTaskError extends CascadeError {
  constructor(message: string) {
    super('tool_task', message);
    this.name = 'ToolTaskError';
  }
}

const VALID: CheckResult = { valid: true, errors: [] };

const invalid = (errorType: string, error: string): CheckResult => ({
  valid: false,
  errors: [error],
  errorType,
});

/** BFCL's `standardize_string`: drop ` ,./-_*^`, lowercase, single quotes to double. */
export function standardizeString(text: string): string {
  return text
    .replace(/[ ,./\-_*^]/g, '')
    .toLowerCase()
    .replaceAll("'", '"');
}

/** Type of the first acceptable value that is not the optional marker "". */
function possibleAnswerType(
  acceptable: readonly unknown[],
  declared: PythonType | undefined,
): PythonType | undefined {
  for (const answer of acceptable) if (answer !== '') return pythonTypeOf(answer, declared);
  return undefined;
}

interface TypeCheck extends CheckResult {
  isVariable: boolean;
}

function typeCheck(
  param: string,
  value: unknown,
  acceptable: readonly unknown[],
  expected: PythonType,
  nested: PythonType | undefined,
): TypeCheck {
  const answerType = possibleAnswerType(acceptable, expected);
  // a value whose type is the possible answer's rather than the schema's is a "variable" name
  const isVariable = answerType !== undefined && answerType !== expected;
  let nestedFailed = false;
  if (pythonTypeOf(value, expected) === expected) {
    if (nested === undefined) return { ...VALID, isVariable };
    for (const acceptableItem of acceptable) {
      let itemsMatch = true;
      if (Array.isArray(acceptableItem)) {
        for (const item of value as unknown[]) {
          if (!typeCheck(param, item, acceptableItem, nested, undefined).valid) {
            itemsMatch = false;
            break;
          }
        }
      }
      if (itemsMatch) return { ...VALID, isVariable };
    }
    nestedFailed = true;
  }
  const nestedError = `items of ${param} are not all of type ${nested}: ${show(value)}`;
  if (answerType !== undefined && pythonTypeOf(value, expected) === answerType) {
    return nestedFailed
      ? { valid: false, errors: [nestedError], errorType: 'type_error:nested', isVariable: true }
      : { ...VALID, isVariable: true };
  }
  const errors = nestedFailed ? [nestedError] : [];
  errors.push(`${param} should be of type ${expected}, got ${pythonTypeOf(value, expected)}: ${show(value)}`);
  return { valid: false, errors, errorType: 'type_error:simple', isVariable: false };
}

function stringCheck(param: string, value: string, acceptable: readonly unknown[]): CheckResult {
  const standardized = acceptable
    .filter((entry) => typeof entry === 'string')
    .map((entry) => standardizeString(entry));
  if (standardized.includes(standardizeString(value))) return VALID;
  return invalid(
    'value_error:string',
    `${param} = ${show(value)} is not one of ${show(acceptable)} (case and ' ,./-_*^' ignored)`,
  );
}

function standardizeItems(list: unknown): unknown[] {
  // Python iterates "" (the optional marker) as an empty list and a string as its characters
  const items = Array.isArray(list)
    ? list
    : typeof list === 'string'
      ? Array.from(list)
      : [Symbol('not a list')];
  return items.map((item) => (typeof item === 'string' ? standardizeString(item) : item));
}

function listCheck(param: string, value: unknown[], acceptable: readonly unknown[]): CheckResult {
  const standardized = standardizeItems(value);
  if (pythonIn(standardized, acceptable.map(standardizeItems))) return VALID;
  return invalid('value_error:list/tuple', `${param} = ${show(value)} is not one of ${show(acceptable)}`);
}

function dictCheck(
  param: string,
  value: Record<string, unknown>,
  acceptable: readonly unknown[],
): CheckResult {
  let result: CheckResult = { valid: false, errors: [], errorType: 'dict_checker:unclear' };
  for (const candidate of acceptable) {
    if (candidate === '') continue;
    const expected = (candidate ?? {}) as Record<string, unknown[]>;
    result = { valid: false, errors: [], errorType: 'dict_checker:unclear' };
    let matches = true;
    for (const [key, entry] of Object.entries(value)) {
      if (!(key in expected)) {
        result = invalid('value_error:dict_key', `${param} has an unexpected key ${show(key)}`);
        matches = false;
        break;
      }
      const standardizedEntry = typeof entry === 'string' ? standardizeString(entry) : entry;
      const standardizedAcceptable = (expected[key] ?? []).map((option) =>
        typeof option === 'string' ? standardizeString(option) : option,
      );
      if (!pythonIn(standardizedEntry, standardizedAcceptable)) {
        result = invalid(
          'value_error:dict_value',
          `${param}.${key} = ${show(entry)} is not one of ${show(standardizedAcceptable)}`,
        );
        matches = false;
        break;
      }
    }
    for (const [key, options] of Object.entries(expected)) {
      if (!(key in value) && !(options ?? []).includes('')) {
        result = invalid('value_error:dict_key', `${param} lacks the key ${show(key)}`);
        matches = false;
        break;
      }
    }
    if (matches) return VALID;
  }
  return result;
}

function listOfDictsCheck(param: string, value: unknown[], acceptable: readonly unknown[]): CheckResult {
  let result: CheckResult = { valid: false, errors: [], errorType: 'list_dict_checker:unclear' };
  for (const candidate of acceptable) {
    const expectedDicts = Array.isArray(candidate) ? candidate : [];
    if (value.length !== expectedDicts.length) {
      result = invalid(
        'value_error:list_dict_count',
        `${param} has ${value.length} dicts, expected ${expectedDicts.length}`,
      );
      continue;
    }
    // order matters: the n-th dict is checked against the n-th expected dict
    let matches = true;
    for (let index = 0; index < value.length; index++) {
      result = dictCheck(param, value[index] as Record<string, unknown>, [expectedDicts[index]]);
      if (!result.valid) {
        matches = false;
        break;
      }
    }
    if (matches) return VALID;
  }
  return result;
}

function declaredTypes(
  param: string,
  details: ParameterDescription,
): { expected: PythonType; nested?: PythonType } {
  const expected = pythonTypeForDeclared(details.type);
  if (!expected)
    throw new ToolTaskError(`parameter ${param} has type ${show(details.type)}, which BFCL does not know`);
  if (!isNestedChecked(details.type) || details.itemsType === undefined) return { expected };
  const nested = pythonTypeForDeclared(details.itemsType);
  if (!nested)
    throw new ToolTaskError(
      `items of ${param} have type ${show(details.itemsType)}, which BFCL does not know`,
    );
  return { expected, nested };
}

function checkValue(
  param: string,
  value: unknown,
  acceptable: unknown[],
  details: ParameterDescription,
): CheckResult {
  const { expected, nested } = declaredTypes(param, details);
  const typeResult = typeCheck(param, value, acceptable, expected, nested);
  if (!typeResult.valid) return typeResult;
  if (!typeResult.isVariable) {
    if (expected === 'dict') return dictCheck(param, value as Record<string, unknown>, acceptable);
    if (expected === 'list' && nested === 'dict')
      return listOfDictsCheck(param, value as unknown[], acceptable);
    if (expected === 'str') return stringCheck(param, value as string, acceptable);
    if (expected === 'list') return listCheck(param, value as unknown[], acceptable);
  }
  if (pythonIn(value, acceptable)) return VALID;
  return invalid('value_error:others', `${param} = ${show(value)} is not one of ${show(acceptable)}`);
}

/** BFCL's `simple_function_checker`: one call against one possible answer. */
export function checkCall(
  description: FunctionDescription,
  call: CallToCheck,
  possible: PossibleAnswer,
): CheckResult {
  const acceptableByParam = Object.values(possible)[0] ?? {};
  if (call.name !== description.name) {
    return invalid(
      'simple_function_checker:wrong_func_name',
      `expected a call to ${description.name}, got ${call.name}`,
    );
  }
  for (const param of description.required) {
    if (!(param in call.arguments)) {
      return invalid('simple_function_checker:missing_required', `required parameter ${param} is missing`);
    }
  }
  for (const [param, value] of Object.entries(call.arguments)) {
    const details = description.properties[param];
    if (!details || !(param in acceptableByParam)) {
      return invalid('simple_function_checker:unexpected_param', `unexpected parameter ${param}`);
    }
    const result = checkValue(param, value, acceptableByParam[param], details);
    if (!result.valid) return result;
  }
  for (const [param, acceptable] of Object.entries(acceptableByParam)) {
    if (!(param in call.arguments) && !acceptable.includes('')) {
      return invalid(
        'simple_function_checker:missing_optional',
        `parameter ${param} is missing and not optional`,
      );
    }
  }
  return VALID;
}

/** BFCL's `parallel_function_checker_no_order`: each possible answer must match a distinct call, in any order. */
export function checkParallel(
  describe: (name: string) => FunctionDescription,
  calls: readonly CallToCheck[],
  possible: readonly PossibleAnswer[],
): CheckResult {
  if (calls.length !== possible.length) {
    return invalid(
      'parallel_function_checker_no_order:wrong_count',
      `expected ${possible.length} calls, got ${calls.length}`,
    );
  }
  const matched = new Set<number>();
  for (const [answerIndex, answer] of possible.entries()) {
    const description = describe(Object.keys(answer)[0]);
    const attempts: string[] = [];
    let found = false;
    for (const [callIndex, call] of calls.entries()) {
      if (matched.has(callIndex)) continue;
      const result = checkCall(description, call, answer);
      if (result.valid) {
        matched.add(callIndex);
        found = true;
        break;
      }
      attempts.push(`call ${callIndex}: ${result.errors.join('; ')}`);
    }
    if (!found) {
      return {
        valid: false,
        errors: [`no call matches expected call ${answerIndex} (${Object.keys(answer)[0]})`, ...attempts],
        errorType: 'parallel_function_checker_no_order:cannot_find_match',
      };
    }
  }
  return VALID;
}

/** BFCL's `multiple_function_checker`: one call, checked against the one expected function. */
export function checkMultiple(
  describe: (name: string) => FunctionDescription,
  calls: readonly CallToCheck[],
  possible: readonly PossibleAnswer[],
): CheckResult {
  if (calls.length !== possible.length) {
    return invalid(
      'multiple_function_checker:wrong_count',
      `expected ${possible.length} call(s), got ${calls.length}`,
    );
  }
  return checkCall(describe(Object.keys(possible[0])[0]), calls[0], possible[0]);
}

export type ToolCategory =
  | 'simple'
  | 'multiple'
  | 'parallel'
  | 'parallel_multiple'
  | 'irrelevance'
  | 'relevance';

/** BFCL's `ast_checker` dispatch, plus the irrelevance (no call) and relevance (some call) categories. */
export function astCheck(
  category: ToolCategory,
  describe: (name: string) => FunctionDescription,
  calls: readonly CallToCheck[],
  possible: readonly PossibleAnswer[],
): CheckResult {
  if (category === 'irrelevance') {
    return calls.length === 0
      ? VALID
      : invalid('irrelevance:called', `expected no call, got ${calls.map((call) => call.name).join(', ')}`);
  }
  if (category === 'relevance')
    return calls.length > 0 ? VALID : invalid('relevance:no_call', 'expected a call, got none');
  if (category.includes('parallel')) return checkParallel(describe, calls, possible);
  if (category.includes('multiple')) return checkMultiple(describe, calls, possible);
  if (calls.length !== 1) {
    return invalid('simple_function_checker:wrong_count', `expected exactly one call, got ${calls.length}`);
  }
  return checkCall(describe(Object.keys(possible[0])[0]), calls[0], possible[0]);
}
