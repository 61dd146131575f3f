/**
 * The verifiers a cascade needs, opened once per run: the registry's verifier for each task suite's
 * domain, and for `chat`/`preference` prompts the reward model of the recipe's reward-model stage.
 */
import type { PreferenceScorer, Verifier } from '../core/verdict.ts';
import { TASK_SUITES, type TaskDomain } from '../data/tasks/index.ts';
import { preferenceVerifier } from '../verifiers/preference/index.ts';
import { type OpenedVerifier, openDomainVerifier, type VerifierDomain } from '../verifiers/registry.ts';

export interface CascadeVerifiers {
  /** The verifier of a domain; `chat` and `preference` need `rewardModel`. */
  verifierFor(domain: TaskDomain, rewardModel?: PreferenceScorer): Verifier<unknown>;
  close(): Promise<void>;
}

export async function openCascadeVerifiers(
  domains: readonly TaskDomain[],
  options: { concurrency?: number } = {},
): Promise<CascadeVerifiers> {
  const opened = new Map<TaskDomain, OpenedVerifier<unknown>>();
  try {
    for (const domain of new Set(domains)) {
      const registryDomain = TASK_SUITES[domain].verifierDomain;
      if (registryDomain === 'preference') continue;
      opened.set(domain, await openDomainVerifier(registryDomain as VerifierDomain, options));
    }
  } catch (error) {
    await Promise.all([...opened.values()].map((verifier) => verifier.close()));
    throw error;
  }
  return {
    verifierFor(domain, rewardModel) {
      const verifier = opened.get(domain);
      if (verifier) return verifier.verify;
      if (TASK_SUITES[domain].verifierDomain === 'preference' && rewardModel)
        return preferenceVerifier(rewardModel) as Verifier<unknown>;
      throw new Error(`no verifier opened for ${domain}${rewardModel ? '' : ' (and no reward model)'}`);
    },
    async close() {
      await Promise.all([...opened.values()].map((verifier) => verifier.close()));
    },
  };
}
