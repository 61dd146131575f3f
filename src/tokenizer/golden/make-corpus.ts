// Writes qwen3-corpus.txt, the tokenizer golden corpus: the hand-written sections of corpus-prose.ts
// plus seeded generated sections (JSON, numbers, whitespace, code, chat transcripts) and two licence
// texts from node_modules. Deterministic: the same seed and sources give the same bytes.
// Run: node --import tsx src/tokenizer/golden/make-corpus.ts
// The output is NFC-normalised, because Qwen3's tokenizer normalises to NFC and the golden test
// checks decode(encode(corpus)) === corpus.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../core/rng.ts';
import * as prose from './corpus-prose.ts';

const SEED = 20260123;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function digits(rng: Rng, length: number): string {
  let out = String(1 + rng.int(9));
  while (out.length < length) out += String(rng.int(10));
  return out.slice(0, length);
}

function hex(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += rng.int(16).toString(16);
  return out;
}

const NAMES = [
  'Åsa Lindqvist',
  'José Álvarez',
  'Zoë Müller',
  'Nguyễn Văn An',
  '王小明',
  '佐藤 花子',
  '김민준',
  'Олег Петров',
  'Αλέξανδρος Παπαδόπουλος',
  'محمد الأحمد',
  'प्रिया शर्मा',
  "Siobhán O'Connor",
  'Łukasz Wróbel',
  'Çağrı Yılmaz',
  'Bob "the builder" Smith',
  'A\\B\\C Ltd.',
];
const CITIES = ['Göteborg', 'São Paulo', 'Zürich', 'Hà Nội', '北京', '東京', '서울', 'Москва', 'Αθήνα', 'القاهرة', 'मुंबई', 'Reykjavík', 'Kraków', 'İzmir'];
const TAGS = ['alpha', 'β', 'γάμμα', 'テスト', '测试', 'tag-with-dash', 'snake_case', 'UPPER', 'emoji🎯', 'x'];

function jsonSection(rng: Rng): string {
  const lines: string[] = ['JSON records (compact, pretty and with \\u escapes)'];
  for (let i = 0; i < 70; i++) {
    const record = {
      id: 1000 + rng.int(90000),
      name: pick(rng, NAMES),
      city: pick(rng, CITIES),
      score: Math.round(rng.next() * 100000) / 1000,
      tags: Array.from({ length: rng.int(4) }, () => pick(rng, TAGS)),
      active: rng.next() < 0.5,
      joined: `20${10 + rng.int(16)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}T${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}Z`,
      note: rng.next() < 0.3 ? null : `line one\nline "two"\ttabbed`,
      nested: { x: -rng.next() / 1000, y: rng.next() * 1e21, list: [1, 2.5, -3, 0, 1e-7] },
    };
    const style = i % 3;
    if (style === 0) lines.push(JSON.stringify(record));
    else if (style === 1) lines.push(JSON.stringify(record, null, 2));
    else lines.push(JSON.stringify(record).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
  return `${lines.join('\n')}\n`;
}

function numberSection(rng: Rng): string {
  const lines: string[] = ['Numbers of every shape'];
  for (let length = 1; length <= 64; length++) lines.push(`${length}: ${digits(rng, length)}`);
  for (let i = 0; i < 80; i++) {
    const integer = digits(rng, 1 + rng.int(9));
    lines.push(
      [
        `${integer}.${digits(rng, 1 + rng.int(6))}`,
        `-${digits(rng, 1 + rng.int(4))}`,
        `${1 + rng.int(9)}.${digits(rng, 3)}e${rng.next() < 0.5 ? '-' : '+'}${rng.int(40)}`,
        Number(integer).toLocaleString('en-US'),
        `+${rng.int(100)} (${digits(rng, 3)}) ${digits(rng, 3)}-${digits(rng, 4)}`,
        `${rng.int(256)}.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}:${rng.int(65536)}`,
        `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`,
        `0x${hex(rng, 2 + rng.int(14)).toUpperCase()}`,
        `v${rng.int(20)}.${rng.int(100)}.${rng.int(1000)}-rc.${rng.int(10)}`,
        `${rng.int(24)}:${String(rng.int(60)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}.${digits(rng, 3)}`,
        `${1 + rng.int(31)}${pick(rng, ['st', 'nd', 'rd', 'th'])}`,
        `${rng.int(1000)}%`,
        `sha1:${hex(rng, 40)}`,
      ].join('  '),
    );
  }
  lines.push('Roman numerals: I II III IV V VI VII VIII IX X XL L XC C CD D CM M MMXXIV');
  lines.push('Fullwidth digits: ０１２３４５６７８９ and superscripts x² y³ z⁴⁵⁶ and subscripts H₂O CO₂ C₆H₁₂O₆');
  return `${lines.join('\n')}\n`;
}

function whitespaceSection(rng: Rng): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
  const out: string[] = ['Whitespace runs, tabs, CRLF and blank lines\n'];
  for (let i = 0; i < 160; i++) {
    const indent = pick(rng, ['', ' ', '  ', '    ', '\t', '\t\t', ' \t', '        ', '\t    ']);
    const gap = ' '.repeat(1 + rng.int(i % 10 === 0 ? 40 : 4));
    const trailing = pick(rng, ['', ' ', '   ', '\t', ' \t ']);
    const ending = pick(rng, ['\n', '\n', '\r\n', '\r\n', '\n\n', '\r\n\r\n', '\n\n\n\n', '\r', ' \n', '\u000c\n']);
    out.push(`${indent}${pick(rng, words)}${gap}${pick(rng, words)}${trailing}${ending}`);
  }
  out.push(`${' '.repeat(200)}|\n${'\t'.repeat(50)}|\n${'\r\n'.repeat(20)}|${'\n'.repeat(30)}end of whitespace\n`);
  return out.join('');
}

function codeSection(rng: Rng): string {
  const verbs = ['parse', 'load', 'merge', 'split', 'score', 'render', 'encode', 'flush', 'retry', 'sample'];
  const nouns = ['Token', 'Batch', 'Config', 'Reward', 'Rollout', 'Prompt', 'Matrix', 'Buffer', 'Queue', 'Shard'];
  const out: string[] = ['Generated code'];
  for (let i = 0; i < 60; i++) {
    const verb = pick(rng, verbs);
    const noun = pick(rng, nouns);
    const camel = `${verb}${noun}`;
    const snake = `${verb}_${noun.toLowerCase()}`;
    const limit = rng.int(10000);
    const factor = (rng.next() * 10).toFixed(3);
    switch (i % 5) {
      case 0:
        out.push(
          `export function ${camel}(items: readonly number[], limit = ${limit}): number {\n  let total = 0;\n  for (const item of items) {\n    if (total > limit) break;\n    total += item * ${factor};\n  }\n  return Math.round(total);\n}\n`,
        );
        break;
      case 1:
        out.push(
          `def ${snake}(items: list[float], limit: int = ${limit}) -> float:\n    """${verb.toUpperCase()} the ${noun.toLowerCase()}s, stopping past the limit."""\n    total = 0.0\n    for item in items:\n        if total > limit:\n            break\n        total += item * ${factor}\n    return round(total, 2)\n`,
        );
        break;
      case 2:
        out.push(
          `pub fn ${snake}(items: &[f64], limit: f64) -> f64 {\n    items.iter().take_while(|_| true).map(|x| x * ${factor}).fold(0.0, |acc, x| if acc > limit { acc } else { acc + x })\n}\n`,
        );
        break;
      case 3:
        out.push(
          `static double ${snake}(const double *items, size_t n) {\n\tdouble total = 0.0;\n\tfor (size_t i = 0; i < n && total <= ${limit}.0; ++i) total += items[i] * ${factor};\n\treturn total;\n}\n`,
        );
        break;
      default:
        out.push(
          `func ${camel}(items []float64) (total float64, err error) {\n\tif len(items) == 0 {\n\t\treturn 0, fmt.Errorf("${snake}: empty input (limit=%d)", ${limit})\n\t}\n\tfor _, it := range items {\n\t\ttotal += it * ${factor}\n\t}\n\treturn\n}\n`,
        );
    }
  }
  return out.join('\n');
}

const QUESTIONS = [
  ['What is 17 × 23?', '17 × 23 = 391.'],
  ['Translate "good morning" into Japanese.', 'おはようございます (ohayō gozaimasu).'],
  ['用一句话介绍一下长城。', '长城是中国古代修建的军事防御工程，全长两万多公里。'],
  ['Écris un haïku sur la pluie.', 'Pluie de novembre —\nles toits chantent doucement\nle chat dort toujours.'],
  ['Solve x² − 5x + 6 = 0.', 'Factor: (x − 2)(x − 3) = 0, so x = 2 or x = 3. The answer is $\\boxed{2, 3}$.'],
  ['Write a Python one-liner that reverses a string.', '```python\nreverse = lambda s: s[::-1]\n```'],
  ['Кто написал «Войну и мир»?', 'Лев Николаевич Толстой.'],
  ['한국의 수도는 어디인가요?', '대한민국의 수도는 서울입니다.'],
  ['Is 2^61 − 1 prime?', 'Yes: 2305843009213693951 is a Mersenne prime.'],
  ['What does HTTP 418 mean?', '"I\'m a teapot" — an April Fools\' joke from RFC 2324.'],
];
const TOOLS = ['get_weather', 'search_web', 'run_python', 'lookup_stock', 'convert_units'];

function chatSection(rng: Rng): string {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const [question, answer] = pick(rng, QUESTIONS);
    const thinking = rng.next() < 0.5;
    let text = '';
    if (rng.next() < 0.5) text += '<|im_start|>system\nYou are Cascade, a careful assistant.<|im_end|>\n';
    text += `<|im_start|>user\n${question}${thinking ? '' : ' /no_think'}<|im_end|>\n<|im_start|>assistant\n`;
    text += thinking
      ? `<think>\nLet me work through this step by step. Step 1: restate. Step 2: compute (${rng.int(1000)} checks).\n</think>\n\n`
      : '<think>\n\n</think>\n\n';
    if (rng.next() < 0.3) {
      const tool = pick(rng, TOOLS);
      const args = JSON.stringify({ query: question, limit: 1 + rng.int(9), strict: rng.next() < 0.5 });
      text += `<tool_call>\n{"name": "${tool}", "arguments": ${args}}\n</tool_call><|im_end|>\n`;
      text += `<|im_start|>user\n<tool_response>\n{"ok": true, "result": ${JSON.stringify(answer)}}\n</tool_response><|im_end|>\n<|im_start|>assistant\n`;
    }
    text += `${answer}<|im_end|>\n`;
    if (i % 7 === 0) text += '<|endoftext|>';
    out.push(text);
  }
  return out.join('');
}

// Sentence templates per language; {n} is a number, {a}/{b} pick from the language's own nouns.
const SENTENCES: ReadonlyArray<{ nouns: string[]; templates: string[] }> = [
  {
    nouns: ['apples', 'letters', 'trains', 'books', 'clouds', 'keys', 'ideas', 'bridges'],
    templates: [
      'Yesterday I counted {n} {a}, but today there are only {m} {b}.',
      "She'd rather carry {n} {a} than wait for the {b}.",
      'Why are {n} {a} heavier than {m} {b}? Nobody knows.',
    ],
  },
  {
    nouns: ['苹果', '信件', '火车', '书', '云', '钥匙', '想法', '桥'],
    templates: ['昨天我数了{n}个{a}，今天只剩下{m}个{b}了。', '他说：“{a}比{b}重要得多。”', '第{n}章讲的是{a}和{b}的故事。'],
  },
  {
    nouns: ['りんご', '手紙', '電車', '本', '雲', '鍵', 'アイデア', '橋'],
    templates: ['昨日は{a}を{n}個数えましたが、今日は{b}が{m}個だけです。', '「{a}と{b}、どちらが好きですか？」', '第{n}話：{a}のひみつ'],
  },
  {
    nouns: ['사과', '편지', '기차', '책', '구름', '열쇠', '생각', '다리'],
    templates: ['어제는 {a}를 {n}개 셌는데, 오늘은 {b}가 {m}개뿐입니다.', '"{a}와 {b} 중에 무엇이 더 좋아요?"'],
  },
  {
    nouns: ['تفاحات', 'رسائل', 'قطارات', 'كتب', 'غيوم', 'مفاتيح', 'أفكار', 'جسور'],
    templates: ['بالأمس عددتُ {n} من {a}، واليوم بقي {m} من {b} فقط.', 'قال المعلم: "{a} أهم من {b}".'],
  },
  {
    nouns: ['सेब', 'पत्र', 'रेलगाड़ियाँ', 'किताबें', 'बादल', 'चाबियाँ', 'विचार', 'पुल'],
    templates: ['कल मैंने {n} {a} गिने, लेकिन आज केवल {m} {b} बचे हैं।', 'क्या {a} {b} से बेहतर हैं?'],
  },
  {
    nouns: ['яблок', 'писем', 'поездов', 'книг', 'облаков', 'ключей', 'идей', 'мостов'],
    templates: ['Вчера я насчитал {n} {a}, а сегодня осталось всего {m} {b}.', '«Сколько {a}?» — «Не больше {n}».'],
  },
  {
    nouns: ['μήλα', 'γράμματα', 'τρένα', 'βιβλία', 'σύννεφα', 'κλειδιά', 'ιδέες', 'γέφυρες'],
    templates: ['Χθες μέτρησα {n} {a}, σήμερα έμειναν μόνο {m} {b}.', 'Γιατί τα {a} είναι πιο βαριά από τα {b};'],
  },
  {
    nouns: ['Äpfel', 'Briefe', 'Züge', 'Bücher', 'Wolken', 'Schlüssel', 'Ideen', 'Brücken'],
    templates: ['Gestern zählte ich {n} {a}, heute sind es nur noch {m} {b}.', 'Warum sind {a} schwerer als {b}?'],
  },
  {
    nouns: ['pommes', 'lettres', 'trains', 'livres', 'nuages', 'clés', 'idées', 'ponts'],
    templates: ["Hier, j'ai compté {n} {a} ; aujourd'hui il ne reste que {m} {b}.", '« Les {a} ou les {b} ? » demanda-t-elle.'],
  },
  {
    nouns: ['táo', 'lá thư', 'tàu hỏa', 'cuốn sách', 'đám mây', 'chìa khóa', 'ý tưởng', 'cây cầu'],
    templates: ['Hôm qua tôi đếm được {n} {a}, hôm nay chỉ còn {m} {b}.'],
  },
];

function sentenceSection(rng: Rng): string {
  const out: string[] = ['Generated sentences in many languages'];
  for (let i = 0; i < 260; i++) {
    const language = SENTENCES[i % SENTENCES.length];
    const sentence = pick(rng, language.templates)
      .replace('{n}', String(rng.int(i % 4 === 0 ? 100000 : 100)))
      .replace('{m}', String(rng.int(50)))
      .replace('{a}', pick(rng, language.nouns))
      .replace('{b}', pick(rng, language.nouns));
    out.push(sentence);
  }
  return `${out.join('\n')}\n`;
}

function licenceSection(): string {
  const modules = new URL('../../../node_modules/', import.meta.url);
  const apache = readFileSync(new URL('@huggingface/tokenizers/LICENSE', modules), 'utf8');
  const mit = readFileSync(new URL('commander/LICENSE', modules), 'utf8');
  return `Licence texts (Apache-2.0 from @huggingface/tokenizers, MIT from commander)\n\n${apache}\n${mit}`;
}

export function makeCorpus(): string {
  const rng = new Rng(SEED);
  const sections = [
    prose.englishProse,
    prose.codeSamples,
    prose.chinese,
    jsonSection(rng),
    prose.japanese,
    prose.latexMath,
    prose.korean,
    numberSection(rng),
    prose.arabic,
    prose.chatTranscripts,
    prose.hindi,
    whitespaceSection(rng),
    prose.russianGreek,
    codeSection(rng),
    prose.europeanLatin,
    chatSection(rng),
    prose.emojiText,
    prose.moreEnglish,
    sentenceSection(rng),
    prose.combiningAndSpecial,
    licenceSection(),
  ];
  const corpus = sections.join('\n\n').normalize('NFC');
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(corpus)) throw new Error('corpus holds a lone surrogate');
  return corpus;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('./qwen3-corpus.txt', import.meta.url));
  const corpus = makeCorpus();
  writeFileSync(target, corpus);
  console.log(`${target}: ${Buffer.byteLength(corpus)} bytes, ${corpus.length} UTF-16 units`);
}
