/**
 * IFEval's loose mode as data: the response variants an instruction may pass on instead of the
 * response itself (upstream `test_instruction_following_loose`), in upstream's order.
 */
import { pyStrip } from './text/python-string.ts';

export interface ResponseVariant {
  readonly name: string;
  readonly text: string;
}

function withoutAsterisks(text: string): string {
  return text.replaceAll('*', '');
}

/** The eight variants: as written, without `*`, without its first/last/both lines, and those without `*`. */
export function looseVariants(response: string): ResponseVariant[] {
  const lines = response.split('\n');
  const withoutFirst = pyStrip(lines.slice(1).join('\n'));
  const withoutLast = pyStrip(lines.slice(0, -1).join('\n'));
  const withoutBoth = pyStrip(lines.slice(1, -1).join('\n'));
  return [
    { name: 'response', text: response },
    { name: 'without asterisks', text: withoutAsterisks(response) },
    { name: 'without first line', text: withoutFirst },
    { name: 'without last line', text: withoutLast },
    { name: 'without first and last lines', text: withoutBoth },
    { name: 'without first line or asterisks', text: withoutAsterisks(withoutFirst) },
    { name: 'without last line or asterisks', text: withoutAsterisks(withoutLast) },
    { name: 'without first and last lines or asterisks', text: withoutAsterisks(withoutBoth) },
  ];
}
