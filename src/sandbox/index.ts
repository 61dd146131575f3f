export type { CommandPlan, HostLayout, Workspace } from './bwrap-args.ts';
export { classify, type ProcessOutcome } from './classify.ts';
export { DEFAULT_CGROUP_PARENT, type DetectOptions, detectIsolation, type Isolation } from './detect.ts';
export { DEFAULT_COMPILE_LIMITS, DEFAULT_RUN_LIMITS, resolveLimits } from './limits.ts';
export { createSandboxPool, DEFAULT_MAX_QUEUED, type PoolOptions, SandboxPool } from './pool.ts';
export {
  type CompileRequest,
  openSandbox,
  runProgram,
  type Sandbox,
  type SandboxOptions,
} from './sandbox.ts';
export * from './types.ts';
