/**
 * The one tokenizer interface the rest of Cascade sees: text ⇄ token ids, plus id look-ups for the
 * chat tokens. Implementations: the byte-level tokenizer for tiny models (`byte-tokenizer.ts`) and
 * any Hugging Face `tokenizer.json` (`hf-tokenizer.ts`).
 *
 * What it does not do: chat templates (src/chat/), BOS/EOS insertion (`encode` never adds any),
 * truncation or padding.
 */

export interface DecodeOptions {
  /**
   * Drop tokens flagged `special: true` (Qwen: `<|im_start|>`, `<|im_end|>`, `<|endoftext|>`, ...).
   * Added tokens flagged `special: false` (`<think>`, `<tool_call>`, ...) are kept, as Hugging Face does.
   */
  skipSpecialTokens?: boolean;
}

export interface TextTokenizer {
  /** A label for logs and reports (the path it was loaded from, or `byte`). */
  readonly name: string;
  /** Number of token ids: every id in [0, vocabSize) decodes (model vocab plus added tokens). */
  readonly vocabSize: number;
  /** Text → ids. Special-token strings in the text become their single id; no BOS/EOS is added. */
  encode(text: string): number[];
  /** Ids → text. Throws a CascadeError for an id outside [0, vocabSize). */
  decode(ids: number[], options?: DecodeOptions): string;
  /** Id of a vocabulary or added token given by its token string, if there is one. */
  tokenId(token: string): number | undefined;
  /** Token string of an id, if the id exists. */
  idToToken(id: number): string | undefined;
  /**
   * Every added token (Hugging Face `added_tokens`) by content, whether flagged special or not, so
   * `<think>` and `<tool_call>` are here as well as `<|im_start|>`.
   */
  readonly specialTokens: Record<string, number>;
  /** The id that ends a generation (from `eos_token` in tokenizer_config.json). */
  readonly eosTokenId: number;
}
