/**
 * The verifiers a run needs, opened on first use (the code verifier starts a sandbox pool, math a
 * worker pool) and closed together at the end. Tests pass fixed verifiers instead.
 */
import type { Verifier } from '../core/verdict.ts';
import {
  type OpenedVerifier,
  openDomainVerifier,
  type VerifierDomain,
  type VerifierOpenOptions,
} from '../verifiers/registry.ts';

export interface VerifierSet {
  get(domain: VerifierDomain): Promise<Verifier<unknown>>;
  close(): Promise<void>;
}

export function openVerifierSet(options: VerifierOpenOptions = {}): VerifierSet {
  const opened = new Map<VerifierDomain, Promise<OpenedVerifier<unknown>>>();
  return {
    async get(domain) {
      let verifier = opened.get(domain);
      if (!verifier) {
        verifier = openDomainVerifier(domain, options);
        opened.set(domain, verifier);
      }
      return (await verifier).verify;
    },
    async close() {
      const all = await Promise.allSettled(opened.values());
      await Promise.all(all.map((entry) => (entry.status === 'fulfilled' ? entry.value.close() : undefined)));
      opened.clear();
    },
  };
}

export function fixedVerifierSet(verifiers: Partial<Record<VerifierDomain, Verifier<unknown>>>): VerifierSet {
  return {
    async get(domain) {
      const verifier = verifiers[domain];
      if (!verifier) throw new Error(`no ${domain} verifier in this fixed set`);
      return verifier;
    },
    close: async () => {},
  };
}
