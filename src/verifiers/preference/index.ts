export { type PreferenceTask, preferenceTaskSchema } from './task.ts';
export { preferenceVerifier, scoredAnswer, scorePreferenceBatch } from './verifier.ts';
