/**
 * `cascade serve --checkpoint DIR | --upstream URL [--port 8000] [--host 127.0.0.1] [--api-key KEY]
 * [--max-body-bytes N] [--family qwen3]`: an OpenAI-compatible server (POST /v1/chat/completions,
 * POST /v1/completions, GET /v1/models, POST /v1/admin/reload, GET /healthz). With --checkpoint it
 * samples from the embedded engine, batching concurrent requests; with --upstream it renders the chat
 * template here and forwards token ids to a raw completion server (vLLM). Prints one line with the URL
 * when ready. SIGINT/SIGTERM finish the requests in flight and exit 0; a second signal exits at once.
 */
import { basename, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily } from '../core/messages.ts';
import { loadKernels, parseKernelsChoice } from '../engine/embedded/kernels/select.ts';
import { createOpenAIPool } from '../engine/openai/index.ts';
import {
  createOpenAIService,
  type ListeningServer,
  listenOpenAI,
  type OpenAIService,
  openEmbeddedBackend,
  type ReloadableBackend,
  upstreamBackend,
} from '../serve/openai/index.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  qwen3TokenizerPath,
  type TextTokenizer,
} from '../tokenizer/index.ts';
import { closeOnSignal } from './io.ts';

export interface ServeOptions {
  checkpoint?: string;
  upstream?: string;
  upstreamModel?: string;
  upstreamApiKey?: string;
  port: number;
  host: string;
  apiKey?: string;
  maxBodyBytes?: number;
  family: ChatFamily;
  servedModelName?: string;
  tokenizer?: string;
  maxModelLen: number;
  seed: number;
  maxBatchRows: number;
  batchWindowMs: number;
  /** Kernels choice (CASCADE_KERNELS); the CLI passes the environment in. */
  kernels?: string;
}

export interface RunningServe {
  server: ListeningServer;
  service: OpenAIService;
}

async function openTokenizer(spec: string): Promise<TextTokenizer> {
  if (spec === 'byte') return createByteTokenizer();
  if (spec === 'qwen3') return loadHfTokenizer(qwen3TokenizerPath());
  return loadHfTokenizer(spec);
}

async function openBackend(options: ServeOptions): Promise<{ backend: ReloadableBackend; model: string }> {
  if ((options.checkpoint === undefined) === (options.upstream === undefined))
    throw new CascadeError('bad_option', 'give exactly one of --checkpoint DIR and --upstream URL', {
      where: '--checkpoint/--upstream',
    });
  if (options.checkpoint) {
    const kernels = await loadKernels(parseKernelsChoice(options.kernels));
    const backend = await openEmbeddedBackend({
      checkpointDir: options.checkpoint,
      seed: options.seed,
      kernels,
      dispose: () => kernels.dispose(),
    });
    return { backend, model: basename(resolve(options.checkpoint)) };
  }
  const pool = createOpenAIPool({ baseUrls: [options.upstream as string], apiKey: options.upstreamApiKey });
  let model = options.upstreamModel;
  if (!model) {
    const served = await pool.listModels();
    if (served.length === 0)
      throw new CascadeError('bad_option', 'the upstream lists no model; name it with --upstream-model', {
        where: '--upstream',
      });
    model = served[0];
  }
  return { backend: upstreamBackend({ pool, model, maxContext: options.maxModelLen }), model };
}

/** Opens the backend and tokenizer, starts listening, prints the URL line; the caller closes it. */
export async function startServe(options: ServeOptions, stdout: Writable): Promise<RunningServe> {
  const { backend, model } = await openBackend(options);
  const tokenizerSpec = options.tokenizer ?? options.checkpoint ?? 'qwen3';
  let service: OpenAIService;
  try {
    service = createOpenAIService({
      backend,
      tokenizer: await openTokenizer(tokenizerSpec),
      family: options.family,
      modelId: options.servedModelName ?? model,
      apiKey: options.apiKey,
      maxBodyBytes: options.maxBodyBytes,
      batching: options.checkpoint ? 'batch' : 'direct',
      scheduler: { maxBatchRows: options.maxBatchRows, batchWindowMs: options.batchWindowMs },
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  let server: ListeningServer;
  try {
    server = await listenOpenAI(service, options.port, options.host);
  } catch (error) {
    await service.close();
    throw new CascadeError('listen_failed', `cannot listen: ${(error as Error).message}`, {
      where: `${options.host}:${options.port}`,
    });
  }
  stdout.write(
    `cascade serve: listening on ${server.url} (model ${service.context.modelId}, ${backend.current().name}, family ${options.family})\n`,
  );
  return { server, service };
}

function integer(name: string, min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got ${text}`);
    return value;
  };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'OpenAI-compatible server over a checkpoint (embedded engine) or in front of a raw completion server (--upstream)',
    )
    .option('--checkpoint <dir>', 'checkpoint folder to serve with the embedded engine')
    .option('--upstream <url>', 'raw completion server to proxy (vLLM, e.g. http://127.0.0.1:8000/v1)')
    .option('--upstream-model <name>', "the upstream's served model name (default: the first it lists)")
    .option('--upstream-api-key <key>', 'bearer token for the upstream')
    .option('--port <n>', 'port to listen on (0: any free port)', integer('--port', 0), 8000)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--api-key <key>', 'require Authorization: Bearer KEY on /v1/ routes')
    .option('--max-body-bytes <n>', 'largest request body (413 past it)', integer('--max-body-bytes', 1))
    .addOption(
      new Option('--family <family>', 'chat template and output parser family')
        .choices(['cascade-v1', 'cascade-v2', 'qwen3'])
        .default('qwen3'),
    )
    .option('--served-model-name <name>', 'model id clients use (default: the checkpoint folder name)')
    .option(
      '--tokenizer <path>',
      'tokenizer: a tokenizer.json folder, "qwen3" or "byte" (default: the checkpoint; qwen3 with --upstream)',
    )
    .option('--max-model-len <n>', 'context length with --upstream', integer('--max-model-len', 2), 32_768)
    .option(
      '--seed <n>',
      'sampling seed of the embedded engine (requests without a seed)',
      integer('--seed', 0),
      0,
    )
    .option(
      '--max-batch-rows <n>',
      'most completion rows in one engine call',
      integer('--max-batch-rows', 1),
      64,
    )
    .option(
      '--batch-window-ms <ms>',
      'how long a batch waits for more requests (again while they keep coming, up to 8 times)',
      integer('--batch-window-ms', 0),
      2,
    )
    .action(async (raw: Omit<ServeOptions, 'kernels'>) => {
      const { server } = await startServe({ ...raw, kernels: process.env.CASCADE_KERNELS }, process.stdout);
      await closeOnSignal('cascade serve', server);
    });
}
