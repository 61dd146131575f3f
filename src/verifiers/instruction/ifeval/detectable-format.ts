/** IFEval `detectable_format:*`: bullets, fixed answers, highlights, sections, JSON, a `<<title>>`. */
import { compilePythonPattern, countMatches } from '../text/python-regex.ts';
import { PY_SPACE_CLASS, pyLStrip, pyRStrip, pyStrip } from '../text/python-string.ts';
import { count, defineChecker, kwargsSchema, pythonPattern } from './define.ts';

// Python's re.M anchors know only `\n`; JS's `m` flag also breaks lines at `\r`, U+2028 and U+2029.
const LINE_START = '(?<![^\\n])';
const LINE_END = '(?![^\\n])';
const SPACE = `[${PY_SPACE_CLASS}]`;
/** `^\s*\*[^\*].*$` and `^\s*-.*$` with re.M: `\s*` may cross blank lines and `[^\*]` may be a newline. */
const STAR_BULLET = new RegExp(`${LINE_START}${SPACE}*\\*[^*][^\\n]*${LINE_END}`, 'g');
const DASH_BULLET = new RegExp(`${LINE_START}${SPACE}*-[^\\n]*${LINE_END}`, 'g');

export const numberBulletLists = defineChecker({
  id: 'detectable_format:number_bullet_lists',
  kwargs: kwargsSchema({ num_bullets: count() }),
  check(response, { num_bullets }) {
    return countMatches(STAR_BULLET, response) + countMatches(DASH_BULLET, response) === num_bullets;
  },
});

const CONSTRAINED_RESPONSES = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'];

export const constrainedResponse = defineChecker({
  id: 'detectable_format:constrained_response',
  kwargs: kwargsSchema({}),
  check(response) {
    const stripped = pyStrip(response);
    return CONSTRAINED_RESPONSES.some((option) => stripped.includes(option));
  },
});

const SINGLE_HIGHLIGHT = /\*[^\n*]*\*/g;
const DOUBLE_HIGHLIGHT = /\*\*[^\n*]*\*\*/g;

export const numberHighlightedSections = defineChecker({
  id: 'detectable_format:number_highlighted_sections',
  kwargs: kwargsSchema({ num_highlights: count() }),
  check(response, { num_highlights }) {
    let highlights = 0;
    for (const [match] of response.matchAll(SINGLE_HIGHLIGHT))
      if (pyStrip(pyStrip(match, '*')) !== '') highlights++;
    for (const [match] of response.matchAll(DOUBLE_HIGHLIGHT))
      if (pyStrip(match.slice(2, -2)) !== '') highlights++;
    return highlights >= num_highlights;
  },
});

export const multipleSections = defineChecker({
  id: 'detectable_format:multiple_sections',
  kwargs: kwargsSchema({ section_spliter: pythonPattern().min(1), num_sections: count() }),
  check(response, { section_spliter, num_sections }) {
    // `len(re.split(r"\s?" + spliter + r"\s?\d+\s?", value)) - 1`: the number of splitter matches.
    const splitter = compilePythonPattern(`\\s?${pyStrip(section_spliter)}\\s?\\d+\\s?`, 'g');
    return countMatches(splitter, response) >= num_sections;
  },
});

/** Python's `json.loads` also reads the bare constants NaN, Infinity and -Infinity. */
function parsesAsPythonJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    // Replace the constants outside strings with a number, then try again.
    const withoutConstants = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
      token.startsWith('"') ? token : '0',
    );
    if (withoutConstants === text) return false;
    try {
      JSON.parse(withoutConstants);
      return true;
    } catch {
      return false;
    }
  }
}

/** `removeprefix` chain upstream applies before parsing: one fence opener at most, then one closer. */
function stripFences(response: string): string {
  let text = pyStrip(response);
  for (const prefix of ['```json', '```Json', '```JSON', '```'])
    if (text.startsWith(prefix)) text = text.slice(prefix.length);
  if (text.endsWith('```')) text = text.slice(0, -3);
  return pyStrip(text);
}

export const jsonFormat = defineChecker({
  id: 'detectable_format:json_format',
  kwargs: kwargsSchema({}),
  check(response) {
    return parsesAsPythonJson(stripFences(response));
  },
});

const TITLE = /<<[^\n]+>>/g;

export const title = defineChecker({
  id: 'detectable_format:title',
  kwargs: kwargsSchema({}),
  check(response) {
    for (const [match] of response.matchAll(TITLE))
      if (pyStrip(pyRStrip(pyLStrip(match, '<'), '>')) !== '') return true;
    return false;
  },
});

export const detectableFormatCheckers = [
  numberBulletLists,
  constrainedResponse,
  numberHighlightedSections,
  multipleSections,
  jsonFormat,
  title,
];
