/** IFEval `detectable_content:*`: square-bracket placeholders and a postscript. */
import { compilePythonPattern } from '../text/python-regex.ts';
import { pyStrip } from '../text/python-string.ts';
import { count, defineChecker, kwargsSchema, pythonPattern } from './define.ts';

/** `\[.*?\]`: Python's `.` stops only at `\n`. */
const PLACEHOLDER = /\[[^\n]*?\]/g;

export const numberPlaceholders = defineChecker({
  id: 'detectable_content:number_placeholders',
  kwargs: kwargsSchema({ num_placeholders: count() }),
  check(response, { num_placeholders }) {
    return (response.match(PLACEHOLDER)?.length ?? 0) >= num_placeholders;
  },
});

/**
 * The marker as upstream searches it (on the lowercased response, re.M). Its leading `\s*` and
 * trailing `.*$` match wherever the marker does, so they are dropped.
 */
function postscriptPattern(marker: string): string {
  if (marker === 'P.P.S') return 'p\\.\\s?p\\.\\s?s';
  if (marker === 'P.S.') return 'p\\.\\s?s\\.';
  return marker.toLowerCase();
}

export const postscript = defineChecker({
  id: 'detectable_content:postscript',
  kwargs: kwargsSchema({ postscript_marker: pythonPattern().min(1) }),
  check(response, { postscript_marker }) {
    return compilePythonPattern(postscriptPattern(pyStrip(postscript_marker))).test(response.toLowerCase());
  },
});

export const detectableContentCheckers = [numberPlaceholders, postscript];
