import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDomainVerifier, verifierDomainSchema, verifierRegistry } from './registry.ts';

describe('verifierRegistry', () => {
  it('has an entry for every domain name', () => {
    assert.deepEqual(Object.keys(verifierRegistry).sort(), [...verifierDomainSchema.options].sort());
  });

  it('parses the documented CLI row of each stateless domain, dropping the response field', () => {
    const rows = {
      mcq: { response: 'r', answer: 'C' },
      tool: { response: 'r', expected: [], tools: [] },
      swe: {
        response: 'r',
        original_files: { 'a.py': 'x\n' },
        gold_patch: '--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x\n+y\n',
      },
      language: { response: 'r', prompt: 'hi' },
      ifeval: { response: 'r', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
      ifbench: { response: 'r', instruction_id_list: ['punctuation:no_comma'], kwargs: [{}] },
      math: { response: 'r', answer: '5' },
    } as const;
    for (const [domain, row] of Object.entries(rows)) {
      const parsed = verifierRegistry[domain as keyof typeof rows].taskSchema.safeParse(row);
      assert.ok(parsed.success, `${domain}: ${parsed.error?.message}`);
      assert.equal((parsed.data as Record<string, unknown>).response, undefined, domain);
    }
  });

  it('opens a stateless domain, verifies, and closes', async () => {
    const opened = await openDomainVerifier('mcq');
    const task = verifierRegistry.mcq.taskSchema.parse({ answer: 'B' });
    assert.equal((await opened.verify(task, 'Answer: B')).correct, true);
    await opened.close();
  });
});
