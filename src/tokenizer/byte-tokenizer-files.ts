/**
 * The byte tokenizer written as Hugging Face files, so a saved tiny model loads in transformers,
 * vLLM and `@huggingface/tokenizers` with the same ids as `createByteTokenizer()`.
 *
 * How the JSON reproduces the byte ids: no normalizer; a ByteLevel pre-tokenizer with
 * `use_regex: false` (the whole text is one word, mapped byte by byte to the ByteLevel alphabet);
 * a BPE model whose vocab is that alphabet with id = byte and no merges, so each byte stays one
 * token; the specials as added tokens, which are cut out before the pre-tokenizer runs; a ByteLevel
 * decoder. Checked against `@huggingface/tokenizers` and HF's Rust tokenizer (see the tests).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CascadeError } from '../core/errors.ts';
import { byteLevelAlphabet } from './byte-alphabet.ts';
import { BYTE_EOS_TOKEN, BYTE_PAD_TOKEN, BYTE_SPECIAL_TOKENS, BYTE_TOKEN_COUNT } from './byte-tokenizer.ts';
import { TOKENIZER_CONFIG_FILE, TOKENIZER_FILE } from './tokenizer-files.ts';

export interface ByteTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfigJson: Record<string, unknown>;
}

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };

/**
 * The two JSON documents. `extraConfig` is merged into tokenizer_config.json (for example a
 * `chat_template` written by the checkpoint code); the token fields above it win, so it cannot
 * change ids or the end-of-sequence token.
 */
export function byteTokenizerFiles(extraConfig: Record<string, unknown> = {}): ByteTokenizerFiles {
  const vocab: Record<string, number> = {};
  byteLevelAlphabet().forEach((char, byte) => {
    vocab[char] = byte;
  });
  const addedTokens = BYTE_SPECIAL_TOKENS.map((token, i) => ({
    id: BYTE_TOKEN_COUNT + i,
    content: token.content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: token.special,
  }));
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: BYTE_LEVEL,
    post_processor: BYTE_LEVEL,
    decoder: BYTE_LEVEL,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
  const addedTokensDecoder: Record<string, unknown> = {};
  for (const { id, ...rest } of addedTokens) addedTokensDecoder[String(id)] = rest;
  const tokenizerConfigJson = {
    ...extraConfig,
    tokenizer_class: 'PreTrainedTokenizerFast',
    add_bos_token: false,
    add_prefix_space: false,
    bos_token: null,
    eos_token: BYTE_EOS_TOKEN,
    pad_token: BYTE_PAD_TOKEN,
    unk_token: null,
    additional_special_tokens: BYTE_SPECIAL_TOKENS.filter((token) => token.special).map((t) => t.content),
    added_tokens_decoder: addedTokensDecoder,
    clean_up_tokenization_spaces: false,
    split_special_tokens: false,
    errors: 'replace',
  };
  return { tokenizerJson, tokenizerConfigJson };
}

/** Writes tokenizer.json and tokenizer_config.json into `dir` (created if missing). */
export async function saveByteTokenizer(
  dir: string,
  extraConfig: Record<string, unknown> = {},
): Promise<void> {
  const files = byteTokenizerFiles(extraConfig);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, TOKENIZER_FILE), `${JSON.stringify(files.tokenizerJson, null, 2)}\n`);
    await writeFile(
      join(dir, TOKENIZER_CONFIG_FILE),
      `${JSON.stringify(files.tokenizerConfigJson, null, 2)}\n`,
    );
  } catch (error) {
    throw new CascadeError('io', `cannot write the byte tokenizer: ${(error as Error).message}`, {
      where: dir,
      cause: error,
    });
  }
}
