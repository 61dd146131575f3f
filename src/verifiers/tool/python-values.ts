/**
 * Python's view of JSON values, which BFCL's checker relies on: `type(value)` names and `==`.
 * JSON loses the difference between `1` and `1.0`, so a number's type comes from the declared
 * parameter type when there is one (a number is a `float` where `float` is declared, because BFCL
 * accepts an int there anyway), and otherwise from whether it is integral.
 */

export type PythonType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'NoneType';

export function pythonTypeOf(value: unknown, declaredType?: PythonType): PythonType {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') {
    if (declaredType === 'float') return 'float';
    return Number.isInteger(value) ? 'int' : 'float';
  }
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python `a == b` for JSON values: deep for lists and dicts, and `True == 1`, `1 == 1.0`. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  const numeric = (value: unknown) => typeof value === 'number' || typeof value === 'boolean';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => pythonEquals(item, b[index]))
    );
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => key in b && pythonEquals(a[key], b[key]))
    );
  }
  return false;
}

/** Python `value in list`. */
export function pythonIn(value: unknown, list: readonly unknown[]): boolean {
  return list.some((candidate) => pythonEquals(value, candidate));
}

/** Python `repr`-like text for error messages (JSON is close enough and never ambiguous). */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
