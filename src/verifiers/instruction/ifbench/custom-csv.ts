/** IFBench's three `custom:csv_*` instructions: CSV with a given header, row count and quoting. */

import { readCsv } from './csv.ts';
import { defineChecker, kwargsSchema } from './define.ts';
import { pyStrip } from './text.ts';

const CITY_HEADER = ['ID', 'Country', 'City', 'Year', 'Count'];

export const csvCity = defineChecker({
  id: 'custom:csv_city',
  kwargs: kwargsSchema({}),
  check(response) {
    const rows = readCsv(response); // text Python's reader raises on fails
    if (rows === undefined || rows.length !== 8) return false;
    if (rows[0].length !== CITY_HEADER.length || rows[0].some((name, index) => name !== CITY_HEADER[index]))
      return false;
    return rows.slice(1).every((row) => row.length === 5);
  },
});

/** A header line whose names may each be bare or double-quoted. */
function headerPattern(names: string[], separator: string): RegExp {
  return new RegExp(`^${names.map((name) => `(?:${name}|"${name}")`).join(separator)}$`, 'u');
}

function firstLine(text: string): string {
  return pyStrip(text.split('\n')[0]);
}

/** Upstream triples every quote before parsing, so the parsed fields keep their enclosing quotes. */
function readKeepingQuotes(text: string, delimiter: string): string[][] | undefined {
  return readCsv(text.replaceAll('"', '"""'), delimiter);
}

const PRODUCT_HEADER = headerPattern(['ProductID', 'Category', 'Brand', 'Price', 'Stock'], ',[ \\t]*');
const QUOTED_SPECIAL = /^"[^\n]*[^\p{L}\p{N}_\s][^\n]*"/u;

export const csvSpecialCharacter = defineChecker({
  id: 'custom:csv_special_character',
  kwargs: kwargsSchema({}),
  check(response) {
    if (!PRODUCT_HEADER.test(firstLine(response))) return false;
    const rows = readKeepingQuotes(response, ',');
    if (rows === undefined || rows.length !== 15) return false;
    // rows are read in order; the first with a quoted special-character field settles it
    for (const row of rows.slice(1)) {
      if (row.length !== 5) return false;
      if (row.some((field) => QUOTED_SPECIAL.test(field))) return true;
    }
    return false;
  },
});

const STUDENT_HEADER = headerPattern(['StudentID', 'Subject', 'Grade', 'Semester', 'Score'], '\\t *');

function isQuotedField(field: string): boolean {
  const stripped = pyStrip(field);
  // upstream indexes an empty field and raises; an empty field is not a quoted one
  return stripped.startsWith('"') && stripped.endsWith('"');
}

export const csvQuotes = defineChecker({
  id: 'custom:csv_quotes',
  kwargs: kwargsSchema({}),
  check(response) {
    if (!STUDENT_HEADER.test(firstLine(response))) return false;
    const rows = readKeepingQuotes(response, '\t');
    if (rows === undefined || rows.length !== 4) return false;
    return rows.every((row) => row.length === 5 && row.every(isQuotedField));
  },
});

export const customCsvCheckers = [csvCity, csvSpecialCharacter, csvQuotes];
