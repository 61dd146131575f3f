/**
 * `cascade serve-rewards [--port 8088] [--host 127.0.0.1] [--concurrency-<domain> N…] [--max-queue N]
 * [--max-body-mb N] [--max-batch N] [--pool-size N] [--timeout-ms MS] [--domains a,b]`: serves every verifier over HTTP (POST /v1/verify, POST /openrlhf, GET /healthz,
 * GET /metrics). Prints one line with the URL when ready. SIGINT/SIGTERM stop accepting, finish the
 * requests in flight, close the verifier pools, and exit 0; a second signal exits at once.
 */
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CascadeError } from '../core/errors.ts';
import { createRewardService, listen, type RunningServer } from '../serve/rewards/index.ts';
import { type VerifierDomain, verifierDomainSchema } from '../verifiers/registry.ts';
import { closeOnSignal } from './io.ts';

export interface ServeRewardsOptions {
  port: number;
  host: string;
  domains?: VerifierDomain[];
  concurrency: Partial<Record<VerifierDomain, number>>;
  maxQueue?: number;
  maxBodyMb?: number;
  maxBatch?: number;
  poolSize?: number;
  timeoutMs?: number;
}

/** Starts the service and its HTTP server; the caller decides when to close it. */
export async function startServeRewards(
  options: ServeRewardsOptions,
  stdout: Writable,
): Promise<RunningServer> {
  const service = createRewardService({
    domains: options.domains,
    limits: {
      concurrency: options.concurrency,
      maxQueue: options.maxQueue,
      maxBatchRows: options.maxBatch,
      maxBodyBytes: options.maxBodyMb === undefined ? undefined : Math.round(options.maxBodyMb * 1024 * 1024),
      rowTimeoutMs: options.timeoutMs,
      poolSize: options.poolSize,
    },
  });
  let server: RunningServer;
  try {
    server = await listen(service, options.port, options.host);
  } catch (error) {
    await service.close();
    throw new CascadeError('listen_failed', `cannot listen: ${(error as Error).message}`, {
      where: `${options.host}:${options.port}`,
    });
  }
  const domains = options.domains ?? verifierDomainSchema.options;
  stdout.write(`cascade serve-rewards: listening on ${server.url} (domains: ${domains.join(', ')})\n`);
  return server;
}

function integer(name: string, min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got ${text}`);
    return value;
  };
}

function positiveNumber(name: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new InvalidArgumentError(`${name} must be a positive number, got ${text}`);
    return value;
  };
}

function domainList(text: string): VerifierDomain[] {
  return text.split(',').map((name) => {
    const parsed = verifierDomainSchema.safeParse(name.trim());
    if (!parsed.success)
      throw new InvalidArgumentError(
        `unknown domain ${name}; choose from ${verifierDomainSchema.options.join(', ')}`,
      );
    return parsed.data;
  });
}

/** `math` → `concurrencyMath`, the key commander gives `--concurrency-math`. */
function concurrencyKey(domain: VerifierDomain): string {
  return `concurrency${domain[0].toUpperCase()}${domain.slice(1)}`;
}

export function registerServeRewards(program: Command): void {
  const command = program
    .command('serve-rewards')
    .description('Serve the verifiers over HTTP: POST /v1/verify, POST /openrlhf, GET /healthz, GET /metrics')
    .option('--port <n>', 'port to listen on (0: any free port)', integer('--port', 0), 8088)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--domains <list>', 'comma-separated domains to serve (default: all)', domainList)
    .option(
      '--max-queue <n>',
      'rows that may wait for a verifier before requests get 429',
      integer('--max-queue', 1),
    )
    .option('--max-batch <n>', 'most rows in one request (413 past it)', integer('--max-batch', 1))
    .option('--max-body-mb <n>', 'largest request body in MiB (413 past it)', positiveNumber('--max-body-mb'))
    .option(
      '--pool-size <n>',
      'math worker threads and sandbox processes (default: one per core)',
      integer('--pool-size', 1),
    )
    .option('--timeout-ms <ms>', 'wall-clock limit per row, in milliseconds', integer('--timeout-ms', 1));
  for (const domain of verifierDomainSchema.options) {
    command.addOption(
      new Option(`--concurrency-${domain} <n>`, `${domain} rows verified at once`).argParser(
        integer(`--concurrency-${domain}`, 1),
      ),
    );
  }
  command.action(async (raw: Record<string, unknown>) => {
    const concurrency: Partial<Record<VerifierDomain, number>> = {};
    for (const domain of verifierDomainSchema.options) {
      const value = raw[concurrencyKey(domain)];
      if (typeof value === 'number') concurrency[domain] = value;
    }
    const server = await startServeRewards(
      {
        port: raw.port as number,
        host: raw.host as string,
        domains: raw.domains as VerifierDomain[] | undefined,
        concurrency,
        maxQueue: raw.maxQueue as number | undefined,
        maxBatch: raw.maxBatch as number | undefined,
        maxBodyMb: raw.maxBodyMb as number | undefined,
        poolSize: raw.poolSize as number | undefined,
        timeoutMs: raw.timeoutMs as number | undefined,
      },
      process.stdout,
    );
    await closeOnSignal('cascade serve-rewards', server);
  });
}
