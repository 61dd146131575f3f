/**
 * A `TextTokenizer` over a Hugging Face `tokenizer.json`, run by `@huggingface/tokenizers` (pure JS,
 * same ids as HF's Rust tokenizer). `hfTokenizerFromJson` is the pure part; `loadHfTokenizer` reads
 * the files. It does not add BOS/EOS, truncate or pad.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { CascadeError } from '../core/errors.ts';
import { checkIds } from './token-ids.ts';
import type { DecodeOptions, TextTokenizer } from './tokenizer.ts';
import { readTokenizerFiles } from './tokenizer-files.ts';

export interface HfTokenizerSource {
  /** Parsed tokenizer.json. */
  tokenizerJson: unknown;
  /** Parsed tokenizer_config.json, or undefined when the model ships none. */
  tokenizerConfigJson: unknown;
  /** Label for the tokenizer; also what errors name (usually the tokenizer.json path). */
  name: string;
  /** What errors about the config name (its path); defaults to `name`. */
  configName?: string;
}

/** Reads `tokenizer.json` (+ `tokenizer_config.json` beside it) from a directory or a tokenizer.json path. */
export async function loadHfTokenizer(path: string): Promise<TextTokenizer> {
  const files = await readTokenizerFiles(path);
  return hfTokenizerFromJson({
    tokenizerJson: files.tokenizerJson,
    tokenizerConfigJson: files.tokenizerConfigJson,
    name: files.tokenizerPath,
    configName: files.tokenizerConfigPath,
  });
}

export function hfTokenizerFromJson(source: HfTokenizerSource): TextTokenizer {
  const config = asConfig(source.tokenizerConfigJson, source.configName ?? source.name);
  const tokenizer = constructTokenizer(source.tokenizerJson, config, source.name);
  const specialTokens: Record<string, number> = {};
  for (const [id, added] of tokenizer.get_added_tokens_decoder()) specialTokens[added.content] = id;
  const vocabSize = largestId(tokenizer.get_vocab(true).values()) + 1;
  const eosTokenId = resolveEos(tokenizer, config, source.name);
  // Rust `tokenizers` never cleans up spaces on decode; the JS port does unless told, which is lossy.
  const cleanUpSpaces = config.clean_up_tokenization_spaces === true;

  return {
    name: source.name,
    vocabSize,
    specialTokens,
    eosTokenId,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    decode(ids: number[], options: DecodeOptions = {}) {
      checkIds(ids, vocabSize, (id) => tokenizer.id_to_token(id) !== undefined, source.name);
      // The JS port throws on an empty id list; an empty list is simply the empty text.
      if (ids.length === 0) return '';
      return tokenizer.decode(ids, {
        skip_special_tokens: options.skipSpecialTokens ?? false,
        clean_up_tokenization_spaces: cleanUpSpaces,
      });
    },
    tokenId: (token) => tokenizer.token_to_id(token),
    idToToken: (id) => tokenizer.id_to_token(id),
  };
}

type TokenizerConfig = Record<string, unknown>;

// A loop, not Math.max(...ids): a 150k-entry spread can overflow the call stack.
function largestId(ids: Iterable<number>): number {
  let largest = -1;
  for (const id of ids) if (id > largest) largest = id;
  return largest;
}

function asConfig(json: unknown, name: string): TokenizerConfig {
  if (json === undefined) return {};
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CascadeError('bad_tokenizer', 'tokenizer_config.json must hold a JSON object', { where: name });
  }
  return json as TokenizerConfig;
}

function constructTokenizer(json: unknown, config: TokenizerConfig, name: string): Tokenizer {
  if (
    json === null ||
    typeof json !== 'object' ||
    !Array.isArray((json as { added_tokens?: unknown }).added_tokens)
  ) {
    throw new CascadeError('bad_tokenizer', 'not a Hugging Face tokenizer.json (no added_tokens list)', {
      where: name,
    });
  }
  try {
    return new Tokenizer(json, config);
  } catch (error) {
    throw new CascadeError('bad_tokenizer', `not a usable tokenizer.json: ${(error as Error).message}`, {
      where: name,
      cause: error,
    });
  }
}

/** `eos_token` may be a string or an AddedToken-like object `{content}`; Qwen's is `<|im_end|>`. */
function resolveEos(tokenizer: Tokenizer, config: TokenizerConfig, name: string): number {
  const raw = config.eos_token;
  const content =
    typeof raw === 'string'
      ? raw
      : raw !== null && typeof raw === 'object' && typeof (raw as { content?: unknown }).content === 'string'
        ? (raw as { content: string }).content
        : '<|endoftext|>';
  const id = tokenizer.token_to_id(content);
  if (id === undefined) {
    throw new CascadeError(
      'bad_tokenizer',
      `end-of-sequence token ${JSON.stringify(content)} is not in the vocabulary. HINT: set eos_token in tokenizer_config.json`,
      { where: name },
    );
  }
  return id;
}
