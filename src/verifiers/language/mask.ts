/**
 * Blanks out code and math so that only prose is checked for language switches: fenced code blocks
 * (``` or ~~~, to the closing fence or the end), inline `code`, and TeX math ($$…$$, $…$, \[…\],
 * \(…\)). Masked characters become spaces, so offsets into the result are offsets into the input.
 */

const MASKED_REGIONS: readonly RegExp[] = [
  /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[^\n]*$|(?![\s\S]))/gm,
  /`[^`\n]+`/g,
  /\$\$[\s\S]+?\$\$/g,
  /\\\[[\s\S]+?\\\]/g,
  /\\\([\s\S]+?\\\)/g,
  /\$[^$\n]+\$/g,
];

function blank(text: string): string {
  // keep newlines (they separate spans) and UTF-16 length (offsets stay valid)
  return text.replace(/[^\n]/g, ' ');
}

export function maskCodeAndMath(text: string): string {
  let masked = text;
  for (const region of MASKED_REGIONS) masked = masked.replace(region, blank);
  return masked;
}
