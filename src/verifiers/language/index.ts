export { type ForeignSpan, findForeignSpans, scriptsOf } from './detect.ts';
export { maskCodeAndMath } from './mask.ts';
export { foreignScriptOf, type ScriptName } from './scripts.ts';
export { type LanguageTask, type LanguageTaskInput, languageTaskSchema, promptText } from './task.ts';
export { languageVerifier } from './verifier.ts';
