/**
 * `cascade verify --domain <d> --input rows.jsonl [--output out.jsonl] [--concurrency N]`: scores
 * every row of a JSONL file with one domain's verifier and writes each row back with
 * `{reward, correct, status, reason, details}` added, in input order. A bad row (not JSON, missing
 * field, unknown instruction id) is reported on stderr with its line number and scored as an error;
 * the others go on. Exit 0 unless the input itself is unusable (missing file: exit 2).
 */
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { isCascadeError } from '../core/errors.ts';
import { failed, type Verdict } from '../core/verdict.ts';
import { type JsonlRecord, openJsonlWriter, readJsonl } from '../data/jsonl.ts';
import {
  type OpenedVerifier,
  openDomainVerifier,
  type VerifierDomain,
  verifierDomainSchema,
} from '../verifiers/registry.ts';
import { isRecord, verifyRow } from '../verifiers/rows.ts';

export interface VerifyCommandOptions {
  domain: VerifierDomain;
  input: string;
  output?: string;
  concurrency: number;
  timeoutMs?: number;
}

interface RowOutcome {
  line: number;
  row: Record<string, unknown> | undefined;
  verdict: Verdict;
}

async function verifyRecord(
  domain: VerifierDomain,
  verifier: OpenedVerifier<unknown>,
  record: JsonlRecord,
  timeoutMs: number | undefined,
): Promise<RowOutcome> {
  const { line } = record;
  if ('error' in record)
    return { line, row: undefined, verdict: failed('error', `line ${line}: ${record.error}`) };
  const row = isRecord(record.value) ? record.value : undefined;
  return { line, row, verdict: await verifyRow(domain, verifier, record.value, `line ${line}`, timeoutMs) };
}

function outputRow(outcome: RowOutcome): Record<string, unknown> {
  const { reward, correct, status, reason, details } = outcome.verdict;
  // a line that is not a JSON object has no row to extend: its line number stands in for it
  return { ...(outcome.row ?? { line: outcome.line }), reward, correct, status, reason, details };
}

class Tally {
  rows = 0;
  correct = 0;
  timeouts = 0;
  errors = 0;
  rewardSum = 0;

  add(verdict: Verdict): void {
    this.rows += 1;
    if (verdict.correct) this.correct += 1;
    if (verdict.status === 'timeout') this.timeouts += 1;
    if (verdict.status === 'error') this.errors += 1;
    this.rewardSum += verdict.reward;
  }

  summary(domain: VerifierDomain, seconds: number): string {
    const percent = (count: number) => (this.rows === 0 ? '0.0' : ((100 * count) / this.rows).toFixed(1));
    const meanReward = this.rows === 0 ? 0 : this.rewardSum / this.rows;
    const rate = seconds > 0 ? (this.rows / seconds).toFixed(1) : 'inf';
    return (
      `verify ${domain}: ${this.rows} rows, accuracy ${percent(this.correct)}% (${this.correct}/${this.rows}), ` +
      `mean reward ${meanReward.toFixed(4)}, ${this.timeouts} timeouts, ${this.errors} errors, ${rate} rows/s`
    );
  }
}

/** Runs the command; returns the exit code. Streams are parameters so tests need no process. */
export async function runVerify(
  options: VerifyCommandOptions,
  streams: { stdout: Writable; stderr: Writable },
): Promise<number> {
  const started = performance.now();
  const records = readJsonl(options.input);
  // pull the first record before opening pools, so a missing file fails fast and cheaply
  let first: IteratorResult<JsonlRecord>;
  try {
    first = await records.next();
  } catch (error) {
    if (!isCascadeError(error)) throw error;
    streams.stderr.write(`cascade verify: ${error.message}\n`);
    return 2;
  }
  let verifier: OpenedVerifier<unknown>;
  try {
    verifier = await openDomainVerifier(options.domain, {
      concurrency: options.concurrency,
      mathTimeoutMs: options.timeoutMs,
    });
  } catch (error) {
    // e.g. no usable sandbox for the code domain: no row could be scored
    if (!isCascadeError(error)) throw error;
    streams.stderr.write(`cascade verify: cannot open the ${options.domain} verifier: ${error.message}\n`);
    return 2;
  }
  // a file that cannot be created fails on the first write, as a CascadeError caught below
  const writer = openJsonlWriter(options.output ?? streams.stdout);
  const tally = new Tally();
  const emit = async (outcome: RowOutcome) => {
    if (outcome.verdict.status !== 'scored')
      streams.stderr.write(`${outcome.verdict.status}: ${outcome.verdict.reason}\n`);
    tally.add(outcome.verdict);
    await writer.write(outputRow(outcome));
  };
  try {
    // at most `concurrency` rows in flight; results are written in input order
    const pending: Promise<RowOutcome>[] = [];
    const start = (record: JsonlRecord) =>
      pending.push(verifyRecord(options.domain, verifier, record, options.timeoutMs));
    if (!first.done) start(first.value);
    for await (const record of records) {
      if (pending.length >= options.concurrency) await emit(await pending.shift()!);
      start(record);
    }
    while (pending.length > 0) await emit(await pending.shift()!);
    await writer.close();
  } catch (error) {
    if (!isCascadeError(error)) throw error;
    streams.stderr.write(`cascade verify: ${error.message}\n`);
    return 2;
  } finally {
    await verifier.close();
  }
  streams.stderr.write(`${tally.summary(options.domain, (performance.now() - started) / 1000)}\n`);
  return 0;
}

function positiveInteger(name: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer, got ${text}`);
    return value;
  };
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'Score JSONL rows with one domain verifier; writes each row plus {reward, correct, status, reason, details}',
    )
    .requiredOption(
      '--domain <domain>',
      `verifier domain: ${verifierDomainSchema.options.join(', ')}`,
      (text) => {
        const parsed = verifierDomainSchema.safeParse(text);
        if (!parsed.success)
          throw new InvalidArgumentError(
            `unknown domain ${text}; choose one of ${verifierDomainSchema.options.join(', ')}`,
          );
        return parsed.data;
      },
    )
    .requiredOption('--input <file>', 'JSONL rows: a "response" plus the domain task fields')
    .option('--output <file>', 'JSONL output (default: stdout)')
    .option('--concurrency <n>', 'rows verified at once', positiveInteger('--concurrency'), 4)
    .option(
      '--timeout-ms <ms>',
      'wall-clock limit per check, in milliseconds',
      positiveInteger('--timeout-ms'),
    )
    .action(async (options: VerifyCommandOptions) => {
      process.exitCode = await runVerify(options, { stdout: process.stdout, stderr: process.stderr });
    });
}
