/**
 * `cascade eval`: score a model on local benchmark files. Samples go through an OpenAI-compatible
 * server (chat or completion mode) or the embedded engine on a checkpoint; each sample is logged to
 * `<out>/samples.jsonl` as it finishes, so rerunning the same command resumes. At the end it writes
 * `<out>/results.json` and `<out>/results.md` (the model-card table) and prints the table.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily } from '../core/messages.ts';
import { createOpenAIPool, type OpenAIPool } from '../engine/openai/index.ts';
import { defaultSampling, type SamplingSettings } from '../eval/defaults.ts';
import type { Generator } from '../eval/generator.ts';
import { createChatGenerator } from '../eval/generators/chat.ts';
import { createCompletionGenerator } from '../eval/generators/completion.ts';
import { createEngineGenerator } from '../eval/generators/engine.ts';
import { createProgressReporter } from '../eval/progress.ts';
import { runEval, type SuiteRun } from '../eval/run.ts';
import { getSuite, SUITE_NAMES, type SuiteName } from '../eval/suites/index.ts';
import { resultsTable } from '../eval/table.ts';
import { openVerifierSet } from '../eval/verifier-set.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  qwen3TokenizerPath,
  type TextTokenizer,
} from '../tokenizer/index.ts';

interface EvalOptions {
  engine: 'openai' | 'embedded';
  baseUrl?: string[];
  apiKey?: string;
  model?: string;
  checkpoint?: string;
  suite: string;
  data: string;
  out: string;
  n?: number;
  mode?: 'think' | 'no_think';
  family: ChatFamily;
  api: 'chat' | 'completion';
  tokenizer?: string;
  concurrency: number;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  limit?: number;
  timeout: number;
  stream?: boolean;
  gpqaSeed: number;
  seed: number;
}

function positiveInt(flag: string) {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1)
      throw new CascadeError('bad_option', `must be a positive integer, got ${JSON.stringify(value)}`, {
        where: flag,
      });
    return number;
  };
}

function nonNegativeNumber(flag: string) {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0)
      throw new CascadeError('bad_option', `must be a number ≥ 0, got ${JSON.stringify(value)}`, {
        where: flag,
      });
    return number;
  };
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'evaluate a model on local benchmark files (resumable; writes samples.jsonl, results.json, results.md)',
    )
    .addOption(
      new Option('--engine <engine>', 'where samples come from')
        .choices(['openai', 'embedded'])
        .default('openai'),
    )
    .option(
      '--base-url <url>',
      'OpenAI-compatible server, e.g. http://localhost:8000/v1 (repeat or comma-separate for several)',
      collect,
    )
    .option('--api-key <key>', 'bearer token for the servers (default: $OPENAI_API_KEY)')
    .option('--model <name>', 'served model name')
    .option('--checkpoint <dir>', 'checkpoint directory (--engine embedded)')
    .requiredOption('--suite <names>', `comma-separated suites: ${SUITE_NAMES.join(', ')}`)
    .requiredOption('--data <dir>', 'folder holding one sub-folder per suite with its published files')
    .requiredOption('--out <dir>', 'output folder (rerun with the same folder to resume)')
    .option('--n <n>', 'samples per problem (default: the paper setting per suite)', positiveInt('--n'))
    .addOption(
      new Option('--mode <mode>', 'thinking or instruct mode (default: the family setting)').choices([
        'think',
        'no_think',
      ]),
    )
    .addOption(
      new Option('--family <family>', 'model family: sampling defaults, and the template in completion mode')
        .choices(['cascade-v1', 'cascade-v2', 'qwen3'])
        .default('cascade-v1'),
    )
    .addOption(
      new Option(
        '--api <api>',
        'chat: the server applies the template; completion: Cascade renders token ids',
      )
        .choices(['chat', 'completion'])
        .default('chat'),
    )
    .option(
      '--tokenizer <path>',
      'tokenizer for completion mode / embedded: a tokenizer.json dir, "qwen3" or "byte" (default: qwen3; embedded: the checkpoint)',
    )
    .option('--concurrency <n>', 'generation requests in flight', positiveInt('--concurrency'), 16)
    .option('--max-tokens <n>', 'generation budget per sample', positiveInt('--max-tokens'))
    .option('--temperature <t>', 'sampling temperature', nonNegativeNumber('--temperature'))
    .option('--top-p <p>', 'nucleus sampling mass', nonNegativeNumber('--top-p'))
    .option('--top-k <k>', 'top-k cut (0: none)', nonNegativeNumber('--top-k'))
    .option('--limit <n>', 'only the first N problems of each suite', positiveInt('--limit'))
    .option('--timeout <seconds>', 'per-request time limit', positiveInt('--timeout'), 3600)
    .option('--stream', 'stream chat answers (SSE)')
    .option('--seed <seed>', 'sampling seed of the embedded engine', nonNegativeNumber('--seed'), 0)
    .option('--gpqa-seed <seed>', 'seed of the GPQA option shuffle', nonNegativeNumber('--gpqa-seed'), 0)
    .action(async (options: EvalOptions) => {
      await runEvalCommand(options);
    });
}

async function runEvalCommand(options: EvalOptions): Promise<void> {
  const names = options.suite
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const runs: SuiteRun[] = [];
  for (const name of names) {
    const suite = getSuite(name, { gpqaSeed: options.gpqaSeed });
    const items = await suite.load(join(options.data, name));
    runs.push({
      suite,
      items: options.limit ? items.slice(0, options.limit) : items,
      sampling: samplingFor(options, name as SuiteName),
    });
  }
  await mkdir(options.out, { recursive: true });
  const { generator, close } = await openGenerator(options);
  const settings = await checkSettings(options, runs);
  const verifiers = openVerifierSet({ concurrency: Math.min(options.concurrency, 8) });
  const reporter = createProgressReporter({ stream: process.stderr });
  let results: Awaited<ReturnType<typeof runEval>>;
  try {
    results = await runEval({
      runs,
      generator,
      verifiers,
      samplesPath: join(options.out, 'samples.jsonl'),
      concurrency: options.concurrency,
      onProgress: (event) => reporter.onProgress(event),
    });
  } finally {
    reporter.stop();
    await verifiers.close();
    await close();
  }
  const model = options.model ?? options.checkpoint ?? 'model';
  const table = resultsTable(model, results);
  await writeFile(
    join(options.out, 'results.json'),
    `${JSON.stringify({ model, generator: generator.name, settings, suites: results }, null, 2)}\n`,
  );
  await writeFile(join(options.out, 'results.md'), table);
  process.stdout.write(table);
}

function samplingFor(options: EvalOptions, suite: SuiteName): SamplingSettings {
  const base = defaultSampling(options.family, suite);
  return {
    n: options.n ?? base.n,
    temperature: options.temperature ?? base.temperature,
    topP: options.topP ?? base.topP,
    ...((options.topK ?? base.topK) ? { topK: options.topK ?? base.topK } : {}),
    maxTokens: options.maxTokens ?? base.maxTokens,
    mode: options.mode ?? base.mode,
  };
}

/** A rerun must sample the way the logged samples were sampled (n may grow); else it would mix runs. */
async function checkSettings(options: EvalOptions, runs: SuiteRun[]): Promise<Record<string, unknown>> {
  const path = join(options.out, 'settings.json');
  const current = {
    model: options.model ?? options.checkpoint ?? null,
    api: options.engine === 'openai' ? options.api : 'embedded',
    family: options.family,
    suites: Object.fromEntries(runs.map(({ suite, sampling: { n: _n, ...rest } }) => [suite.name, rest])),
  };
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const previous = text ? (JSON.parse(text) as typeof current) : undefined;
  if (previous) {
    for (const key of ['model', 'api', 'family'] as const) {
      if (previous[key] !== current[key]) {
        throw new CascadeError(
          'eval_resume',
          `this output folder holds samples with ${key} ${JSON.stringify(previous[key])}, not ${JSON.stringify(current[key])}; use another --out`,
          { where: path },
        );
      }
    }
    for (const [suite, sampling] of Object.entries(current.suites)) {
      const before = previous.suites[suite];
      if (before && JSON.stringify(before) !== JSON.stringify(sampling)) {
        throw new CascadeError(
          'eval_resume',
          `${suite} was sampled with ${JSON.stringify(before)}, now ${JSON.stringify(sampling)}; use another --out`,
          { where: path },
        );
      }
    }
  }
  const merged = { ...current, suites: { ...previous?.suites, ...current.suites } };
  await writeFile(path, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

interface OpenedGenerator {
  generator: Generator;
  close(): Promise<void>;
}

async function openGenerator(options: EvalOptions): Promise<OpenedGenerator> {
  if (options.engine === 'embedded') {
    if (!options.checkpoint)
      throw new CascadeError('bad_option', '--engine embedded needs --checkpoint DIR', {
        where: '--checkpoint',
      });
    // loaded on demand: the embedded engine brings its kernels, which an openai run never needs
    const { createEmbeddedEngine } = await import('../engine/embedded/engine.ts');
    const engine = await createEmbeddedEngine({ checkpointDir: options.checkpoint, seed: options.seed });
    const tokenizer = await openTokenizer(options.tokenizer ?? options.checkpoint);
    return {
      generator: createEngineGenerator({ engine, tokenizer, family: options.family }),
      close: () => engine.close(),
    };
  }
  if (!options.baseUrl || options.baseUrl.length === 0)
    throw new CascadeError('bad_option', '--engine openai needs --base-url', { where: '--base-url' });
  if (!options.model)
    throw new CascadeError('bad_option', '--engine openai needs --model (the served model name)', {
      where: '--model',
    });
  const pool = createOpenAIPool({
    baseUrls: options.baseUrl,
    apiKey: options.apiKey ?? process.env.OPENAI_API_KEY,
    concurrencyPerServer: options.concurrency,
    timeoutMs: options.timeout * 1000,
  });
  await requireHealthy(pool);
  const close = async () => {};
  if (options.api === 'chat')
    return { generator: createChatGenerator({ pool, model: options.model, stream: options.stream }), close };
  const tokenizer = await openTokenizer(options.tokenizer ?? 'qwen3');
  return {
    generator: createCompletionGenerator({ pool, model: options.model, tokenizer, family: options.family }),
    close,
  };
}

async function requireHealthy(pool: OpenAIPool): Promise<void> {
  const health = await pool.checkHealth();
  if (!health.some((server) => server.healthy)) {
    throw new CascadeError(
      'openai_unhealthy',
      `no server is healthy: ${health.map((server) => `${server.baseUrl} (${server.detail})`).join('; ')}`,
      {
        where: '--base-url',
      },
    );
  }
}

async function openTokenizer(spec: string): Promise<TextTokenizer> {
  if (spec === 'byte') return createByteTokenizer();
  if (spec === 'qwen3') return loadHfTokenizer(qwen3TokenizerPath());
  return loadHfTokenizer(spec);
}
