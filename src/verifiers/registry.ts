/**
 * Every verifier domain by name: its task-row schema and how to open a verifier for it. Opening may
 * start pools (math workers, the code sandbox); `close()` stops them. Callers parse each row with
 * `taskSchema` (extra keys such as `response` are dropped) and call `verify(task, response)`.
 * The preference domain is not here: it needs a reward-model scorer that only an engine can give.
 */
import { z } from 'zod';
import type { Verifier } from '../core/verdict.ts';
import type { SandboxOptions } from '../sandbox/index.ts';
import { createSandboxPool, type PoolOptions } from '../sandbox/index.ts';
import { codeTaskSchema, createCodeVerifier } from './code/index.ts';
import { ifbenchVerifier, ifevalVerifier, instructionTaskSchema } from './instruction/index.ts';
import { languageTaskSchema, languageVerifier } from './language/index.ts';
import { createMathPool, createMathVerifier, mathTaskSchema } from './math/index.ts';
import { mcqTaskSchema, mcqVerifier } from './mcq/index.ts';
import { createSweVerifier, type SemanticJudge, sweTaskSchema } from './swe/index.ts';
import { toolTaskSchema, toolVerifier } from './tool/index.ts';

export const verifierDomainSchema = z
  .enum(['math', 'ifeval', 'ifbench', 'mcq', 'tool', 'swe', 'language', 'code'])
  .describe('Which verifier scores the rows.');

export type VerifierDomain = z.infer<typeof verifierDomainSchema>;

export interface VerifierOpenOptions {
  /** How many checks run at once; sizes the math worker pool and the sandbox pool. */
  concurrency?: number;
  /** Wall-clock limit per math check in milliseconds (the math pool enforces it). */
  mathTimeoutMs?: number;
  /** Sandbox settings for the code domain. */
  sandbox?: SandboxOptions & PoolOptions;
  /** P(YES) judge for the SWE domain; without it the SWE reward is the lexical similarity. */
  semanticJudge?: SemanticJudge;
}

/** An opened verifier: use `verify` on parsed tasks, then `close()` once. */
export interface OpenedVerifier<Task> {
  verify: Verifier<Task>;
  close(): Promise<void>;
}

export interface DomainEntry<Task> {
  taskSchema: z.ZodType<Task>;
  open(options: VerifierOpenOptions): Promise<OpenedVerifier<Task>>;
}

/** A verifier with no resources to release. */
function stateless<Task>(verify: Verifier<Task>): () => Promise<OpenedVerifier<Task>> {
  return async () => ({ verify, close: async () => {} });
}

function entry<Task>(value: DomainEntry<Task>): DomainEntry<unknown> {
  return value as unknown as DomainEntry<unknown>;
}

export const verifierRegistry: Record<VerifierDomain, DomainEntry<unknown>> = {
  math: entry({
    taskSchema: mathTaskSchema,
    async open(options) {
      const pool = createMathPool({
        workers: Math.max(1, Math.min(options.concurrency ?? 2, 8)),
        timeoutMs: options.mathTimeoutMs,
      });
      return { verify: createMathVerifier(pool), close: () => pool.close() };
    },
  }),
  ifeval: entry({ taskSchema: instructionTaskSchema, open: stateless(ifevalVerifier) }),
  ifbench: entry({ taskSchema: instructionTaskSchema, open: stateless(ifbenchVerifier) }),
  mcq: entry({ taskSchema: mcqTaskSchema, open: stateless(mcqVerifier) }),
  tool: entry({ taskSchema: toolTaskSchema, open: stateless(toolVerifier) }),
  swe: entry({
    taskSchema: sweTaskSchema,
    open: async (options) => ({
      verify: createSweVerifier({ semanticJudge: options.semanticJudge }),
      close: async () => {},
    }),
  }),
  language: entry({ taskSchema: languageTaskSchema, open: stateless(languageVerifier) }),
  code: entry({
    taskSchema: codeTaskSchema,
    async open(options) {
      const pool = await createSandboxPool({ concurrency: options.concurrency, ...options.sandbox });
      return { verify: createCodeVerifier(pool), close: () => pool.close() };
    },
  }),
};

/** Opens the verifier of one domain. */
export function openDomainVerifier(
  domain: VerifierDomain,
  options: VerifierOpenOptions = {},
): Promise<OpenedVerifier<unknown>> {
  return verifierRegistry[domain].open(options);
}
