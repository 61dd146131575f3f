/**
 * Throughput of the IFEval verifier on deterministic, realistic rows: IFEval's published row shape
 * (`{key, prompt, instruction_id_list, kwargs}` with nulls for unused kwargs), 1–3 instructions
 * per row drawn from all 25 ids, and responses of 100–3000 characters built to pass or fail them.
 * Prints a table, or with `--json` one `{bench, case, metric, value, unit}` object per line.
 *
 *   node --import tsx bench/verify-ifeval.ts [--rows 2000] [--json]
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.ts';
import { ifevalVerifier, instructionVerifier } from '../src/verifiers/instruction/verifier.ts';
import { checkInstructions, prepareInstructions } from '../src/verifiers/instruction/verify.ts';

export interface IfevalRow {
  key: number;
  prompt: string;
  instruction_id_list: string[];
  kwargs: Record<string, unknown>[];
  response: string;
}

/** Every kwarg any IFEval instruction takes: the HuggingFace copy of the data writes them all, unused ones null. */
const ALL_KWARGS = [
  'capital_frequency',
  'capital_relation',
  'end_phrase',
  'first_word',
  'forbidden_words',
  'frequency',
  'keyword',
  'keywords',
  'language',
  'let_frequency',
  'let_relation',
  'letter',
  'nth_paragraph',
  'num_bullets',
  'num_highlights',
  'num_paragraphs',
  'num_placeholders',
  'num_sections',
  'num_sentences',
  'num_words',
  'postscript_marker',
  'prompt_to_repeat',
  'relation',
  'section_spliter',
];

const SENTENCES = [
  'The committee reviewed the proposal in detail before the final vote.',
  'Our team spent the afternoon testing the new irrigation system on the farm.',
  'Many travelers prefer trains because they can watch the landscape change.',
  'A good recipe balances salt, acid and fat so that no flavor dominates.',
  'The museum opened a new wing dedicated to early photography.',
  'Dr. Smith explained that the results were consistent with earlier studies.',
  'Why do cats sleep so much during the day?',
  'It was, by all accounts, the coldest winter the village had ever seen!',
  'The startup raised money from investors in the U.S. and Europe.',
  'Reading every morning helps me focus on what matters.',
  'In 1990 the company moved its headquarters to a smaller town.',
  'Rockets need enormous amounts of fuel to escape the pull of gravity.',
  'She wrote three letters, each one longer than the last.',
  'The war ended, and peace returned to the valley after many years.',
];

const FOREIGN: Record<string, string[]> = {
  es: ['El mercado abre temprano y la gente compra pan fresco para toda la familia.'],
  fr: ['Le marché ouvre tôt et les gens achètent du pain frais pour toute la famille.'],
  de: ['Der Markt öffnet früh und die Leute kaufen frisches Brot für die ganze Familie.'],
  hi: ['बाजार सुबह जल्दी खुलता है और लोग पूरे परिवार के लिए ताजा रोटी खरीदते हैं।'],
  ru: ['Рынок открывается рано, и люди покупают свежий хлеб для всей семьи.'],
  ja: ['市場は朝早く開き、人々は家族のために新鮮なパンを買います。'],
  ko: ['시장은 아침 일찍 열리고 사람들은 가족을 위해 신선한 빵을 삽니다.'],
  ar: ['يفتح السوق في وقت مبكر ويشتري الناس الخبز الطازج للعائلة كلها.'],
};

const KEYWORDS = ['market', 'peace', 'war', 'rocket', 'recipe', 'museum', 'train', 'letter'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Plain prose of about `length` characters. */
function prose(rng: Rng, length: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const sentence = pick(rng, SENTENCES);
    parts.push(sentence);
    size += sentence.length + 1;
  }
  return parts.join(rng.next() < 0.2 ? '\n' : ' ');
}

interface Instruction {
  id: string;
  kwargs: Record<string, unknown>;
  /** Rewrites the response so that it (likely) follows the instruction. */
  shape: (response: string) => string;
}

/** One instruction with realistic kwargs, and a way to make a response follow it (half the time). */
function makeInstruction(rng: Rng, prompt: string): Instruction {
  const follow = rng.next() < 0.6;
  const relation = pick(rng, ['less than', 'at least']);
  const keep = (response: string) => response;
  switch (rng.int(25)) {
    case 0: {
      const keywords = [pick(rng, KEYWORDS), pick(rng, KEYWORDS)];
      return {
        id: 'keywords:existence',
        kwargs: { keywords },
        shape: follow ? (r) => `${r} ${keywords.join(' ')}.` : keep,
      };
    }
    case 1: {
      const keyword = pick(rng, KEYWORDS);
      const frequency = 1 + rng.int(4);
      return {
        id: 'keywords:frequency',
        kwargs: { keyword, frequency, relation },
        shape: follow ? (r) => `${r} ${`${keyword} `.repeat(frequency)}` : keep,
      };
    }
    case 2: {
      const forbidden_words = [pick(rng, KEYWORDS)];
      return { id: 'keywords:forbidden_words', kwargs: { forbidden_words }, shape: keep };
    }
    case 3:
      return {
        id: 'keywords:letter_frequency',
        kwargs: {
          letter: pick(rng, ['e', 'z', '#', '!']),
          let_frequency: 1 + rng.int(20),
          let_relation: relation,
        },
        shape: keep,
      };
    case 4: {
      const language = pick(rng, Object.keys(FOREIGN));
      return {
        id: 'language:response_language',
        kwargs: { language },
        shape: follow ? (r) => FOREIGN[language][0].repeat(Math.max(1, Math.round(r.length / 90))) : keep,
      };
    }
    case 5:
      return {
        id: 'length_constraints:number_sentences',
        kwargs: { num_sentences: 2 + rng.int(20), relation },
        shape: keep,
      };
    case 6: {
      const num_paragraphs = 2 + rng.int(4);
      return {
        id: 'length_constraints:number_paragraphs',
        kwargs: { num_paragraphs },
        shape: follow ? (r) => splitInto(r, num_paragraphs, '\n\n***\n\n') : keep,
      };
    }
    case 7:
      return {
        id: 'length_constraints:number_words',
        kwargs: { num_words: 50 + rng.int(400), relation },
        shape: keep,
      };
    case 8: {
      const num_paragraphs = 2 + rng.int(3);
      const nth_paragraph = 1 + rng.int(num_paragraphs);
      const first_word = pick(rng, ['summary', 'first', 'president']);
      return {
        id: 'length_constraints:nth_paragraph_first_word',
        kwargs: { num_paragraphs, nth_paragraph, first_word },
        shape: follow
          ? (r) => {
              const parts = splitInto(r, num_paragraphs, '\n\n').split('\n\n');
              parts[nth_paragraph - 1] =
                `${first_word[0].toUpperCase()}${first_word.slice(1)}: ${parts[nth_paragraph - 1]}`;
              return parts.join('\n\n');
            }
          : keep,
      };
    }
    case 9: {
      const num_placeholders = 1 + rng.int(5);
      return {
        id: 'detectable_content:number_placeholders',
        kwargs: { num_placeholders },
        shape: follow ? (r) => `${r} [name] [address] [date] [company] [phone]` : keep,
      };
    }
    case 10: {
      const postscript_marker = pick(rng, ['P.S.', 'P.P.S']);
      return {
        id: 'detectable_content:postscript',
        kwargs: { postscript_marker },
        shape: follow ? (r) => `${r}\n\n${postscript_marker} See you soon.` : keep,
      };
    }
    case 11: {
      const num_bullets = 2 + rng.int(4);
      return {
        id: 'detectable_format:number_bullet_lists',
        kwargs: { num_bullets },
        shape: follow
          ? (r) => `${r}\n${Array.from({ length: num_bullets }, (_, i) => `* Point ${i + 1}.`).join('\n')}`
          : keep,
      };
    }
    case 12:
      return {
        id: 'detectable_format:constrained_response',
        kwargs: {},
        shape: follow ? (r) => `${r}\nMy answer is ${pick(rng, ['yes', 'no', 'maybe'])}.` : keep,
      };
    case 13: {
      const num_highlights = 1 + rng.int(4);
      return {
        id: 'detectable_format:number_highlighted_sections',
        kwargs: { num_highlights },
        shape: follow ? (r) => `*Key idea*: ${r} *Another point* and **bold part** and *more*` : keep,
      };
    }
    case 14: {
      const section_spliter = pick(rng, ['Section', 'SECTION', 'PARAGRAPH']);
      const num_sections = 2 + rng.int(4);
      return {
        id: 'detectable_format:multiple_sections',
        kwargs: { section_spliter, num_sections },
        shape: follow
          ? (r) =>
              splitInto(r, num_sections, '\n')
                .split('\n')
                .map((part, i) => `${section_spliter} ${i + 1}\n${part}`)
                .join('\n')
          : keep,
      };
    }
    case 15:
      return {
        id: 'detectable_format:json_format',
        kwargs: {},
        shape: follow
          ? (r) => `\`\`\`json\n${JSON.stringify({ answer: r, items: r.split(' ').slice(0, 5) })}\n\`\`\``
          : keep,
      };
    case 16:
      return { id: 'detectable_format:title', kwargs: {}, shape: follow ? (r) => `<<A Title>>\n${r}` : keep };
    case 17:
      return {
        id: 'combination:two_responses',
        kwargs: {},
        shape: follow ? (r) => `${r.slice(0, r.length / 2)}\n******\n${r.slice(r.length / 2)}` : keep,
      };
    case 18: {
      const prompt_to_repeat = prompt.split('.')[0];
      return {
        id: 'combination:repeat_prompt',
        kwargs: { prompt_to_repeat },
        shape: follow ? (r) => `${prompt_to_repeat}\n${r}` : keep,
      };
    }
    case 19: {
      const end_phrase = pick(rng, ['Is there anything else I can help with?', 'Any other questions?']);
      return {
        id: 'startend:end_checker',
        kwargs: { end_phrase },
        shape: follow ? (r) => `${r} ${end_phrase}` : keep,
      };
    }
    case 20:
      return {
        id: 'change_case:capital_word_frequency',
        kwargs: { capital_frequency: 1 + rng.int(10), capital_relation: relation },
        shape: follow ? (r) => `${r} VERY IMPORTANT NOTE FOR ALL.` : keep,
      };
    case 21:
      return { id: 'change_case:english_capital', kwargs: {}, shape: follow ? (r) => r.toUpperCase() : keep };
    case 22:
      return {
        id: 'change_case:english_lowercase',
        kwargs: {},
        shape: follow ? (r) => r.toLowerCase() : keep,
      };
    case 23:
      return { id: 'punctuation:no_comma', kwargs: {}, shape: follow ? (r) => r.replaceAll(',', '') : keep };
    default:
      return { id: 'startend:quotation', kwargs: {}, shape: follow ? (r) => `"${r}"` : keep };
  }
}

/** `text` cut into `parts` pieces at spaces, joined by `separator`. */
function splitInto(text: string, parts: number, separator: string): string {
  const words = text.split(' ');
  const size = Math.ceil(words.length / parts);
  const pieces: string[] = [];
  for (let i = 0; i < parts; i++) pieces.push(words.slice(i * size, (i + 1) * size).join(' ') || 'More.');
  return pieces.join(separator);
}

/** `count` rows, the same for the same seed. */
export function syntheticIfevalRows(count: number, seed = 1): IfevalRow[] {
  const rng = new Rng(seed);
  const rows: IfevalRow[] = [];
  for (let key = 0; key < count; key++) {
    const prompt = `Write about ${pick(rng, KEYWORDS)}s for a general audience. Keep it clear.`;
    const instructions = Array.from({ length: 1 + rng.int(3) }, () => makeInstruction(rng, prompt));
    let response = prose(rng, 100 + rng.int(2900));
    for (const instruction of instructions) response = instruction.shape(response);
    const kwargs = instructions.map((instruction) => ({
      ...Object.fromEntries(ALL_KWARGS.map((name) => [name, null])),
      ...instruction.kwargs,
    }));
    rows.push({ key, prompt, instruction_id_list: instructions.map((i) => i.id), kwargs, response });
  }
  return rows;
}

interface Figure {
  bench: string;
  case: string;
  metric: string;
  value: number;
  unit: string;
}

async function measure(name: string, rows: IfevalRow[], run: (row: IfevalRow) => unknown): Promise<Figure[]> {
  for (const row of rows) await run(row); // warm-up: one full pass, so the JIT has seen every path
  const start = process.hrtime.bigint();
  for (const row of rows) await run(row);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return [
    {
      bench: 'verify-ifeval',
      case: name,
      metric: 'rows_per_second',
      value: Math.round(rows.length / seconds),
      unit: 'rows/s',
    },
    {
      bench: 'verify-ifeval',
      case: name,
      metric: 'microseconds_per_row',
      value: (seconds * 1e6) / rows.length,
      unit: 'us',
    },
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const count = rowsAt >= 0 ? Number(args[rowsAt + 1]) : 2000;
  const rows = syntheticIfevalRows(count);
  const strictVerifier = instructionVerifier('ifeval', { loose: false });
  const characters = rows.reduce((sum, row) => sum + row.response.length, 0);
  const figures = [
    ...(await measure('verdict (strict + loose)', rows, (row) => ifevalVerifier(row, row.response))),
    ...(await measure('verdict (strict: RL reward)', rows, (row) => strictVerifier(row, row.response))),
    ...(await measure('checkInstructions strict', rows, (row) =>
      checkInstructions(prepareInstructions(row, 'ifeval'), row.response, row.prompt, ['strict']),
    )),
  ];
  const target = 5000;
  for (const at of [0, 2]) {
    figures.push({
      bench: 'verify-ifeval',
      case: figures[at].case,
      metric: 'ratio_to_target',
      value: figures[at].value / target,
      unit: `x ${target} rows/s`,
    });
  }
  if (args.includes('--json')) {
    for (const figure of figures) console.log(JSON.stringify(figure));
    return;
  }
  console.log(
    `IFEval verifier: ${rows.length} rows, mean response ${Math.round(characters / rows.length)} chars`,
  );
  console.log(`${'case'.padEnd(32)}${'metric'.padEnd(23)}value`);
  for (const figure of figures) {
    console.log(
      `${figure.case.padEnd(30)}${figure.metric.padEnd(23)}${figure.value.toFixed(figure.value < 100 ? 2 : 0)} ${figure.unit}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
