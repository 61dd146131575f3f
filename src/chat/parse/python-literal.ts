/**
 * A small reader for Python literals (`ast.literal_eval` on JSON-like data: dicts, lists, tuples,
 * quoted strings, numbers, True/False/None), which vLLM's qwen3_coder parser falls back to when a
 * model writes an object argument with Python syntax. Returns undefined when the text is not one.
 */
export function parsePythonLiteral(text: string): unknown {
  const reader = { text, pos: 0 };
  try {
    const value = readValue(reader);
    skipSpace(reader);
    return reader.pos === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}

interface Reader {
  text: string;
  pos: number;
}

function skipSpace(r: Reader): void {
  while (r.pos < r.text.length && /\s/.test(r.text[r.pos])) r.pos++;
}

function readValue(r: Reader): unknown {
  skipSpace(r);
  const ch = r.text[r.pos];
  if (ch === '{') return readDict(r);
  if (ch === '[') return readSequence(r, ']');
  if (ch === '(') return readSequence(r, ')');
  if (ch === "'" || ch === '"') return readString(r);
  for (const [word, value] of [
    ['True', true],
    ['False', false],
    ['None', null],
  ] as const) {
    if (r.text.startsWith(word, r.pos)) {
      r.pos += word.length;
      return value;
    }
  }
  const match = /^[+-]?(\d[\d_]*)?(\.\d*)?([eE][+-]?\d+)?/.exec(r.text.slice(r.pos));
  if (!match || match[0] === '' || match[0] === '-' || match[0] === '+') throw new Error('not a literal');
  r.pos += match[0].length;
  return Number(match[0].replace(/_/g, ''));
}

function readDict(r: Reader): Record<string, unknown> {
  r.pos++;
  const out: Record<string, unknown> = {};
  skipSpace(r);
  if (r.text[r.pos] === '}') {
    r.pos++;
    return out;
  }
  for (;;) {
    const key = readValue(r);
    skipSpace(r);
    if (r.text[r.pos++] !== ':') throw new Error('expected :');
    out[String(key)] = readValue(r);
    skipSpace(r);
    const sep = r.text[r.pos++];
    if (sep === '}') return out;
    if (sep !== ',') throw new Error('expected , or }');
    skipSpace(r);
    if (r.text[r.pos] === '}') {
      r.pos++;
      return out;
    }
  }
}

function readSequence(r: Reader, close: string): unknown[] {
  r.pos++;
  const out: unknown[] = [];
  skipSpace(r);
  if (r.text[r.pos] === close) {
    r.pos++;
    return out;
  }
  for (;;) {
    out.push(readValue(r));
    skipSpace(r);
    const sep = r.text[r.pos++];
    if (sep === close) return out;
    if (sep !== ',') throw new Error('expected separator');
    skipSpace(r);
    if (r.text[r.pos] === close) {
      r.pos++;
      return out;
    }
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

function readString(r: Reader): string {
  const quote = r.text[r.pos++];
  let out = '';
  while (r.pos < r.text.length) {
    const ch = r.text[r.pos++];
    if (ch === quote) return out;
    if (ch === '\\') {
      const next = r.text[r.pos++];
      if (next === 'x' || next === 'u') {
        const width = next === 'x' ? 2 : 4;
        out += String.fromCharCode(Number.parseInt(r.text.slice(r.pos, r.pos + width), 16));
        r.pos += width;
      } else {
        out += ESCAPES[next] ?? `\\${next}`;
      }
    } else {
      out += ch;
    }
  }
  throw new Error('unterminated string');
}
