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

table('language:response_language', [
  [
    'Kannada',
    { language: 'kn' },
    'ಇಂದು ಬೆಳಿಗ್ಗೆ ಹವಾಮಾನ ಆಹ್ಲಾದಕರವಾಗಿತ್ತು, ಆದ್ದರಿಂದ ನಾವು ಮಾರುಕಟ್ಟೆಗೆ ನಡೆದುಕೊಂಡು ಹೋದೆವು.',
    true,
  ],
  ['English when Kannada was asked', { language: 'kn' }, 'The weather was pleasant this morning.', false],
  ['Punjabi', { language: 'pa' }, 'ਅੱਜ ਸਵੇਰੇ ਮੌਸਮ ਸੁਹਾਵਣਾ ਸੀ, ਇਸ ਲਈ ਅਸੀਂ ਬਾਜ਼ਾਰ ਤੱਕ ਪੈਦਲ ਗਏ।', true],
  [
    'French',
    { language: 'fr' },
    "Le temps était agréable ce matin, alors nous avons décidé de marcher jusqu'au marché.",
    true,
  ],
  // upstream counts undetectable text (no letters) as following
  ['no letters to detect', { language: 'fr' }, '12345 !!!', true],
]);
