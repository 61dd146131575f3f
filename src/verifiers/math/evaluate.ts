/**
 * A small evaluator for the everyday LaTeX of final answers (numbers, + − · ÷, `\frac`, `\sqrt`,
 * powers, `\pi`, `e`, trig/log functions, `|x|`, `n!`, `\binom`, single-letter variables) in
 * doubles. It lets the main thread settle most "symbolic" pairs (`2\sqrt{2}` vs `\sqrt{8}`,
 * `(x+1)^2` vs `x^2+2x+1`) in microseconds. Anything it does not know returns null, and the pair
 * goes on to Compute Engine. Linear in the input's length, so it cannot hang.
 */

export type Formula = (variables: Readonly<Record<string, number>>) => number;

export interface ParsedFormula {
  evaluate: Formula;
  variables: string[];
}

class Unsupported extends Error {}

const functions: Record<string, (value: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  cot: (value) => 1 / Math.tan(value),
  sec: (value) => 1 / Math.cos(value),
  csc: (value) => 1 / Math.sin(value),
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  ln: Math.log,
  log: Math.log10,
  exp: Math.exp,
};

const constants: Record<string, number> = { pi: Math.PI };

function factorial(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 170) throw new Unsupported('factorial');
  let result = 1;
  for (let factor = 2; factor <= value; factor++) result *= factor;
  return result;
}

function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || n < k || n > 1000)
    throw new Unsupported('binomial');
  let result = 1;
  for (let index = 1; index <= k; index++) result = (result * (n - k + index)) / index;
  return Math.round(result);
}

/** Recursive-descent parser producing closures; positions index into the source string. */
class FormulaParser {
  private position = 0;
  readonly variables = new Set<string>();

  constructor(private readonly source: string) {}

  parse(): Formula {
    const formula = this.sum();
    this.skipSpaces();
    if (this.position !== this.source.length)
      throw new Unsupported(`unexpected ${this.source[this.position]}`);
    return formula;
  }

  private skipSpaces(): void {
    while (this.source[this.position] === ' ') this.position++;
  }

  private peek(): string {
    this.skipSpaces();
    return this.source[this.position] ?? '';
  }

  private startsWith(text: string): boolean {
    this.skipSpaces();
    if (!this.source.startsWith(text, this.position)) return false;
    // `\cdot` must not match `\cdotp`
    return !/^\\[a-zA-Z]+$/.test(text) || !/[a-zA-Z]/.test(this.source[this.position + text.length] ?? '');
  }

  private expect(text: string): void {
    if (!this.startsWith(text)) throw new Unsupported(`expected ${text}`);
    this.position += text.length;
  }

  private sum(): Formula {
    let left = this.product();
    for (;;) {
      const next = this.peek();
      if (next !== '+' && next !== '-') return left;
      this.position++;
      const right = this.product();
      const previous = left;
      left = next === '+' ? (vars) => previous(vars) + right(vars) : (vars) => previous(vars) - right(vars);
    }
  }

  private product(): Formula {
    let left = this.unary();
    for (;;) {
      let operator: '*' | '/' | null = null;
      for (const [token, meaning] of [
        ['\\cdot', '*'],
        ['\\times', '*'],
        ['*', '*'],
        ['\\div', '/'],
        ['/', '/'],
      ] as const) {
        if (this.startsWith(token)) {
          this.position += token.length;
          operator = meaning;
          break;
        }
      }
      // implicit multiplication: `2x`, `3\sqrt{2}`, `(x+1)(x-1)`; a digit after a space (`12 13`) is not one
      if (operator === null && this.startsPrimary()) {
        if (/[0-9.]/.test(this.peek())) throw new Unsupported('digits after a term');
        operator = '*';
      }
      if (operator === null) return left;
      const right = this.unary();
      const previous = left;
      left =
        operator === '*' ? (vars) => previous(vars) * right(vars) : (vars) => previous(vars) / right(vars);
    }
  }

  private startsPrimary(): boolean {
    const next = this.peek();
    if (next === '' || next === '+' || next === '-' || next === ')' || next === '}' || next === '|')
      return false;
    if (next === '\\')
      return !this.startsWith('\\cdot') && !this.startsWith('\\times') && !this.startsWith('\\div');
    return /[0-9.a-zA-Z({]/.test(next);
  }

  private unary(): Formula {
    const next = this.peek();
    if (next === '-' || next === '+') {
      this.position++;
      const operand = this.unary();
      return next === '-' ? (vars) => -operand(vars) : operand;
    }
    return this.power();
  }

  private power(): Formula {
    let base = this.primary();
    for (;;) {
      if (this.peek() === '!') {
        this.position++;
        const operand = base;
        base = (vars) => factorial(operand(vars));
        continue;
      }
      if (this.peek() !== '^') return base;
      this.position++;
      const exponent = this.argument();
      const operand = base;
      base = (vars) => operand(vars) ** exponent(vars);
    }
  }

  /** A braced group or a single character/command, as in `x^2`, `\frac12`. */
  private argument(): Formula {
    const next = this.peek();
    if (next === '{') return this.group('{', '}');
    if (/[0-9]/.test(next)) {
      const digit = Number(next);
      this.position++;
      return () => digit;
    }
    return this.primary();
  }

  private group(open: string, close: string): Formula {
    this.expect(open);
    const inner = this.sum();
    this.expect(close);
    return inner;
  }

  private number(): Formula {
    const match = /^(?:\d+\.?\d*|\.\d+)/.exec(this.source.slice(this.position));
    if (!match) throw new Unsupported('number');
    this.position += match[0].length;
    const value = Number(match[0]);
    return () => value;
  }

  private primary(): Formula {
    const next = this.peek();
    if (/[0-9.]/.test(next)) return this.number();
    if (next === '(') return this.group('(', ')');
    if (next === '{') return this.group('{', '}');
    if (next === '[') return this.group('[', ']');
    if (next === '|') {
      const inner = this.group('|', '|');
      return (vars) => Math.abs(inner(vars));
    }
    if (next === '\\') return this.command();
    if (/[a-zA-Z]/.test(next)) return this.variable();
    throw new Unsupported(`unexpected ${next}`);
  }

  private variable(): Formula {
    const letter = this.source[this.position];
    this.position++;
    // `f(x)` is a function application Compute Engine understands; the product reading would be wrong
    if (/[fgh]/.test(letter) && this.source[this.position] === '(') throw new Unsupported('function symbol');
    if (letter === 'i') throw new Unsupported('imaginary unit');
    if (letter === 'e') return () => Math.E;
    let name = letter;
    if (this.source[this.position] === '_') {
      const subscript = /^_(?:\{([a-zA-Z0-9]+)\}|([a-zA-Z0-9]))/.exec(this.source.slice(this.position));
      if (!subscript) throw new Unsupported('subscript');
      // `204_5` style base subscripts on numbers never reach here; a digit subscript names a variable
      name = `${letter}_${subscript[1] ?? subscript[2]}`;
      this.position += subscript[0].length;
    }
    this.variables.add(name);
    return (vars) => {
      const value = vars[name];
      if (value === undefined) throw new Unsupported(`unbound ${name}`);
      return value;
    };
  }

  private command(): Formula {
    const match = /^\\([a-zA-Z]+)/.exec(this.source.slice(this.position));
    if (!match) throw new Unsupported('command');
    const name = match[1];
    this.position += match[0].length;
    if (name === 'frac') {
      const numerator = this.argument();
      const denominator = this.argument();
      return (vars) => numerator(vars) / denominator(vars);
    }
    if (name === 'sqrt') {
      let index: Formula = () => 2;
      if (this.peek() === '[') index = this.group('[', ']');
      const radicand = this.argument();
      return (vars) => {
        const degree = index(vars);
        const value = radicand(vars);
        // odd roots of negatives are real
        if (value < 0 && Number.isInteger(degree) && degree % 2 === 1) return -((-value) ** (1 / degree));
        return value ** (1 / degree);
      };
    }
    if (name === 'binom') {
      const n = this.argument();
      const k = this.argument();
      return (vars) => binomial(n(vars), k(vars));
    }
    if (name in constants) {
      const value = constants[name];
      return () => value;
    }
    const fn = functions[name];
    if (!fn) throw new Unsupported(`\\${name}`);
    let outerPower: Formula | null = null;
    let base: Formula | null = null;
    if (name === 'log' && this.peek() === '_') {
      this.position++;
      base = this.argument();
    }
    if (this.peek() === '^') {
      this.position++;
      // `\sin^{-1}` means arcsin, not 1/sin: leave it to Compute Engine
      if (this.startsWith('{-1}') || this.startsWith('-1')) throw new Unsupported('inverse function power');
      outerPower = this.argument();
    }
    const operand = this.peek() === '(' || this.peek() === '{' ? this.primary() : this.power();
    const logBase = base;
    const applied: Formula = logBase
      ? (vars) => Math.log(operand(vars)) / Math.log(logBase(vars))
      : (vars) => fn(operand(vars));
    const power = outerPower;
    return power ? (vars) => applied(vars) ** power(vars) : applied;
  }
}

/** Parses normalised LaTeX into an evaluable formula, or null when it uses anything unsupported. */
export function parseFormula(latex: string): ParsedFormula | null {
  if (latex.length > 4096) return null;
  try {
    const parser = new FormulaParser(latex);
    const evaluate = parser.parse();
    return { evaluate, variables: [...parser.variables] };
  } catch (error) {
    if (error instanceof Unsupported || error instanceof RangeError) return null;
    throw error;
  }
}

/** Evaluates a formula, turning unsupported operations (a factorial of 1000) into NaN. */
export function evaluateAt(formula: ParsedFormula, variables: Readonly<Record<string, number>>): number {
  try {
    return formula.evaluate(variables);
  } catch (error) {
    if (error instanceof Unsupported) return Number.NaN;
    throw error;
  }
}

// points avoid 0, ±1 and small integers, where distinct polynomials often coincide
const substitutionPoints = [0.7182, -1.3719, 2.2361, -0.4142, 1.618, 3.1623, -2.6458, 0.5772];

/** The variable assignment of sampling trial `trial`: each variable gets a different point. */
export function samplePoint(trial: number, variables: readonly string[]): Record<string, number> {
  const assignment: Record<string, number> = {};
  variables.forEach((variable, index) => {
    assignment[variable] = substitutionPoints[(trial * 3 + index * 5) % substitutionPoints.length];
  });
  return assignment;
}

/** Sampling trials per comparison; at least 2 must evaluate on both sides to decide. */
export const samplingTrials = 4;
