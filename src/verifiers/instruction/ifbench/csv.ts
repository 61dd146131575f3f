/**
 * Python's `list(csv.reader(io.StringIO(text), delimiter=…))` with the default excel dialect
 * (quote '"', doubled quotes, not strict): a blank line is an empty row, a quote inside an unquoted
 * field is kept, and a quoted field left open at the end of the text still makes a row.
 */

type State = 'startRecord' | 'startField' | 'inField' | 'inQuoted' | 'quoteInQuoted' | 'eatNewline';

/** The reader's end-of-line mark, processed after each line's own characters. */
const EOL = Symbol('end of line');
type Input = string | typeof EOL;

function isLineBreak(input: Input): boolean {
  return input === '\n' || input === '\r' || input === EOL;
}

/** Rows, or undefined where Python raises ("new-line character seen in unquoted field"). */
export function readCsv(text: string, delimiter = ','): string[][] | undefined {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let state: State = 'startRecord';
  const saveField = () => {
    row.push(field);
    field = '';
  };
  /** After a field ends at a line break: the record is complete at EOL, or once CR/LF are eaten. */
  const endField = (input: Input) => {
    saveField();
    state = input === EOL ? 'startRecord' : 'eatNewline';
  };

  const process = (input: Input): boolean => {
    switch (state) {
      case 'startRecord':
        if (input === EOL) return true;
        if (input === '\n' || input === '\r') {
          state = 'eatNewline';
          return true;
        }
        state = 'startField';
        return process(input);
      case 'startField':
        if (isLineBreak(input)) endField(input);
        else if (input === '"') state = 'inQuoted';
        else if (input === delimiter) saveField();
        else {
          field += input as string;
          state = 'inField';
        }
        return true;
      case 'inField':
        if (isLineBreak(input)) endField(input);
        else if (input === delimiter) {
          saveField();
          state = 'startField';
        } else field += input as string;
        return true;
      case 'inQuoted':
        if (input === '"') state = 'quoteInQuoted';
        else if (input !== EOL) field += input;
        return true;
      case 'quoteInQuoted':
        if (input === '"') {
          field += input; // a doubled quote is one literal quote
          state = 'inQuoted';
        } else if (input === delimiter) {
          saveField();
          state = 'startField';
        } else if (isLineBreak(input)) endField(input);
        else {
          field += input as string;
          state = 'inField';
        }
        return true;
      case 'eatNewline':
        if (input === EOL) state = 'startRecord';
        return input === '\n' || input === '\r' || input === EOL;
    }
  };

  // StringIO yields lines that keep their "\n"; a record may span lines only inside quotes
  for (const line of text.match(/[^\n]*\n|[^\n]+$/gu) ?? []) {
    for (const char of line) if (!process(char)) return undefined;
    if (!process(EOL)) return undefined;
    if (state === 'startRecord') {
      rows.push(row);
      row = [];
    }
  }
  if ((state as State) === 'inQuoted') {
    saveField();
    rows.push(row);
  }
  return rows;
}
