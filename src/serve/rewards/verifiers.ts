/**
 * The service's verifiers, one per domain, opened on the first row of that domain and shared by every
 * request after it (math worker threads and the code sandbox pool are costly to start). A failed open
 * is not cached: the next row tries again, so a sandbox that comes back is picked up.
 */
import {
  type OpenedVerifier,
  openDomainVerifier,
  type VerifierDomain,
  type VerifierOpenOptions,
} from '../../verifiers/registry.ts';

export type VerifierOpener = (
  domain: VerifierDomain,
  options: VerifierOpenOptions,
) => Promise<OpenedVerifier<unknown>>;

export class LazyVerifiers {
  private readonly opened = new Map<VerifierDomain, Promise<OpenedVerifier<unknown>>>();

  constructor(
    private readonly optionsFor: (domain: VerifierDomain) => VerifierOpenOptions,
    private readonly open: VerifierOpener = openDomainVerifier,
  ) {}

  get(domain: VerifierDomain): Promise<OpenedVerifier<unknown>> {
    let verifier = this.opened.get(domain);
    if (!verifier) {
      verifier = this.open(domain, this.optionsFor(domain));
      this.opened.set(domain, verifier);
      verifier.catch(() => {
        if (this.opened.get(domain) === verifier) this.opened.delete(domain);
      });
    }
    return verifier;
  }

  /** Domains whose verifier is open (or opening). */
  domains(): VerifierDomain[] {
    return [...this.opened.keys()];
  }

  /** Closes every opened verifier; opens that failed have nothing to close. */
  async close(): Promise<void> {
    const opened = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(
      opened.map(async (pending) => {
        const verifier = await pending.catch(() => undefined);
        await verifier?.close();
      }),
    );
  }
}
