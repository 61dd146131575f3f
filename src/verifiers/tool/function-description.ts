/**
 * The function descriptions BFCL's checker reads (name, parameter types, required list), built from
 * either BFCL's own function docs (`{name, parameters: {type: 'dict', properties, required}}`) or
 * OpenAI tool declarations (`{type: 'function', function: {...}}`), or, when a task gives no tools,
 * guessed from the possible answer. Types use BFCL's Python names plus the JSON-schema spellings
 * OpenAI tools use (`number` → float, `object` → dict).
 */
import type { PythonType } from './python-values.ts';

export interface ParameterDescription {
  /** BFCL type name as written: string, integer, float, boolean, array, tuple, dict, any (+ number, object). */
  type: string;
  /** Element type for array/tuple, when the schema gives one. */
  itemsType?: string;
}

export interface FunctionDescription {
  name: string;
  properties: Record<string, ParameterDescription>;
  required: string[];
}

/** BFCL's PYTHON_TYPE_MAPPING, plus JSON-schema `number`/`object`/`null`. */
const PYTHON_TYPE_OF: Record<string, PythonType> = {
  string: 'str',
  integer: 'int',
  float: 'float',
  number: 'float',
  boolean: 'bool',
  array: 'list',
  tuple: 'list',
  dict: 'dict',
  object: 'dict',
  any: 'str',
};

/** The Python type a declared type maps to; undefined for a type BFCL does not know. */
export function pythonTypeForDeclared(type: string): PythonType | undefined {
  return PYTHON_TYPE_OF[type];
}

/** array and tuple get their items' type checked one level deep (BFCL's PYTHON_NESTED_TYPE_CHECK_LIST). */
export function isNestedChecked(type: string): boolean {
  return type === 'array' || type === 'tuple';
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** A JSON-schema `type` may be a list (`["string", "null"]`): take the first non-null one. */
function typeName(schema: JsonObject): string {
  const type = schema.type;
  if (Array.isArray(type)) return String(type.find((entry) => entry !== 'null') ?? 'any');
  return typeof type === 'string' ? type : 'any';
}

/** One tool, in BFCL or OpenAI shape, as a FunctionDescription. */
export function describeTool(tool: unknown): FunctionDescription {
  const outer = asObject(tool);
  const inner = 'function' in outer ? asObject(outer.function) : outer;
  const parameters = asObject(inner.parameters);
  const properties: Record<string, ParameterDescription> = {};
  for (const [name, raw] of Object.entries(asObject(parameters.properties))) {
    const schema = asObject(raw);
    const items = asObject(schema.items);
    properties[name] = { type: typeName(schema), ...('type' in items ? { itemsType: typeName(items) } : {}) };
  }
  const required = Array.isArray(parameters.required) ? parameters.required.map(String) : [];
  return { name: String(inner.name ?? ''), properties, required };
}

function guessType(value: unknown, alternatives: readonly unknown[]): ParameterDescription {
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (typeof value === 'number') {
    const anyFraction = alternatives.some((entry) => typeof entry === 'number' && !Number.isInteger(entry));
    return { type: anyFraction ? 'float' : 'integer' };
  }
  if (Array.isArray(value)) {
    const first = value.find((entry) => entry !== undefined);
    return first === undefined
      ? { type: 'array' }
      : { type: 'array', itemsType: guessType(first, value).type };
  }
  if (value !== null && typeof value === 'object') return { type: 'dict' };
  return { type: 'any' };
}

/**
 * A description guessed from one possible answer `{param: [acceptable…]}` when the task has no tools:
 * each parameter's type is that of its first non-optional acceptable value, and a parameter is
 * required unless its list holds "" (BFCL's optional marker).
 */
export function describeFromPossibleAnswer(
  name: string,
  possible: Record<string, readonly unknown[]>,
): FunctionDescription {
  const properties: Record<string, ParameterDescription> = {};
  const required: string[] = [];
  for (const [param, acceptable] of Object.entries(possible)) {
    const values = acceptable.filter((entry) => entry !== '');
    properties[param] = values.length > 0 ? guessType(values[0], values) : { type: 'any' };
    if (!acceptable.includes('')) required.push(param);
  }
  return { name, properties, required };
}
