/**
 * IFEval's 25 registered instruction checkers (google-research `instruction_following_eval`), by
 * namespace. Each follows upstream `check_following` exactly except where a module says otherwise
 * (sentence splitting and language identification are approximations of NLTK Punkt and langdetect).
 */
import type { InstructionChecker } from '../checker.ts';
import { changeCaseCheckers } from './change-case.ts';
import { combinationCheckers } from './combination.ts';
import { detectableContentCheckers } from './detectable-content.ts';
import { detectableFormatCheckers } from './detectable-format.ts';
import { keywordsCheckers } from './keywords.ts';
import { languageCheckers } from './language.ts';
import { lengthConstraintsCheckers } from './length-constraints.ts';
import { punctuationCheckers } from './punctuation.ts';
import { startendCheckers } from './startend.ts';

export const ifevalCheckers: InstructionChecker[] = [
  ...keywordsCheckers,
  ...languageCheckers,
  ...lengthConstraintsCheckers,
  ...detectableContentCheckers,
  ...detectableFormatCheckers,
  ...combinationCheckers,
  ...startendCheckers,
  ...changeCaseCheckers,
  ...punctuationCheckers,
];
