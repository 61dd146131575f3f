/**
 * IFBench's 58 new instruction checkers (allenai/IFBench@db69a6f `ifbench/instructions.py`), by
 * namespace. The 25 classic IFEval ids IFBench also registers live beside this folder.
 */
import type { InstructionChecker } from '../checker.ts';
import { countCheckers } from './count.ts';
import { customCheckers } from './custom.ts';
import { customCsvCheckers } from './custom-csv.ts';
import { formatCheckers } from './format.ts';
import { ratioCheckers } from './ratio.ts';
import { repeatCheckers } from './repeat.ts';
import { sentenceCheckers } from './sentence.ts';
import { wordsCheckers } from './words.ts';

export const ifbenchCheckers: InstructionChecker[] = [
  ...countCheckers,
  ...ratioCheckers,
  ...wordsCheckers,
  ...sentenceCheckers,
  ...formatCheckers,
  ...customCheckers,
  ...customCsvCheckers,
  ...repeatCheckers,
];
