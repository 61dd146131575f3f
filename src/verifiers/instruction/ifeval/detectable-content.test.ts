import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyInstructions } from '../verify.ts';

function follows(id: string, kwargs: Record<string, unknown>, response: string): boolean {
  return verifyInstructions(
    { response, instruction_id_list: [id], kwargs: [kwargs] },
    { suite: 'ifeval', modes: ['strict'] },
  ).strict!.followed[0];
}

type Case = [note: string, kwargs: Record<string, unknown>, response: string, expected: boolean];

function table(id: string, cases: Case[]): void {
  describe(id, () => {
    for (const [note, kwargs, response, expected] of cases) {
      it(`${note} → ${expected}`, () => assert.equal(follows(id, kwargs, response), expected));
    }
  });
}

table('detectable_content:number_placeholders', [
  ['enough', { num_placeholders: 2 }, 'Dear [name], at [address].', true],
  ['too few', { num_placeholders: 3 }, 'Dear [name], at [address].', false],
  // `.*?` does not cross a newline
  ['not across lines', { num_placeholders: 1 }, 'a [b\nc] d', false],
  ['empty brackets count', { num_placeholders: 1 }, 'see []', true],
]);

table('detectable_content:postscript', [
  ['P.S. anywhere, any case', { postscript_marker: 'P.S.' }, 'Body.\n\np.s. see you', true],
  ['P.S. with a space', { postscript_marker: 'P.S.' }, 'Body.\nP. S. see you', true],
  ['missing', { postscript_marker: 'P.S.' }, 'Body only.', false],
  ['P.P.S', { postscript_marker: 'P.P.S' }, 'Body.\nP.P.S. more', true],
  ['P.P.S missing', { postscript_marker: 'P.P.S' }, 'Body.\nP.S. more', false],
  // other markers are regexes on the lowercased text
  ['other marker', { postscript_marker: 'Note:' }, 'Body.\nNOTE: x', true],
]);
