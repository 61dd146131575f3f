/**
 * Math: multi-step arithmetic word problems over small whole numbers ("Tom has 3 apples. He buys 4
 * and loses 2. How many apples now?"). The thinking reference writes one equation per step
 * ("3+4=7. 7-2=5."); the answer is `\boxed{5}` for the math verifier. Easy is one step, medium
 * two, hard three with a product step ("buys 2 bags of 3", "doubles them").
 */
import type { Rng } from '../../core/rng.ts';
import { between, type Draft, generateItems, pick, userPrompt } from './generate.ts';
import type { Difficulty, GenerateOptions, MathItem, MathRow } from './types.ts';

const PEOPLE: readonly [string, string][] = [
  ['Tom', 'He'],
  ['Ann', 'She'],
  ['Sam', 'He'],
  ['Mia', 'She'],
  ['Ben', 'He'],
  ['Liz', 'She'],
  ['Max', 'He'],
  ['Eva', 'She'],
  ['Leo', 'He'],
  ['Zoe', 'She'],
];
const NOUNS = ['apples', 'pens', 'cards', 'eggs', 'books', 'coins', 'cups', 'shells', 'stamps', 'balls'];
const GAIN_VERBS = ['buys', 'finds', 'gets'];
const LOSS_VERBS = ['loses', 'sells', 'gives away'];

/** One step of the story: its clause, its equations, and the new total. */
interface Step {
  clause: string;
  working: string[];
  total: number;
}

function gain(rng: Rng, total: number): Step {
  const amount = between(rng, 1, 9);
  return {
    clause: `${pick(rng, GAIN_VERBS)} ${amount}`,
    working: [`${total}+${amount}=${total + amount}`],
    total: total + amount,
  };
}

function loss(rng: Rng, total: number): Step {
  const amount = between(rng, 1, Math.min(9, total));
  return {
    clause: `${pick(rng, LOSS_VERBS)} ${amount}`,
    working: [`${total}-${amount}=${total - amount}`],
    total: total - amount,
  };
}

function bags(rng: Rng, total: number): Step {
  const bagCount = between(rng, 2, 4);
  const perBag = between(rng, 2, 5);
  const added = bagCount * perBag;
  return {
    clause: `buys ${bagCount} bags of ${perBag}`,
    working: [`${bagCount}*${perBag}=${added}`, `${total}+${added}=${total + added}`],
    total: total + added,
  };
}

function doubles(total: number): Step {
  return { clause: 'doubles them', working: [`${total}*2=${total * 2}`], total: total * 2 };
}

const STEP_COUNT: Record<Difficulty, number> = { easy: 1, medium: 2, hard: 3 };

function drawStep(rng: Rng, total: number, difficulty: Difficulty, isLast: boolean): Step {
  if (difficulty === 'hard') {
    const roll = rng.int(4);
    if (roll === 0) return bags(rng, total);
    // doubling ends the story so its clause reads naturally
    if (roll === 1 && isLast && total <= 30) return doubles(total);
  }
  return total > 0 && rng.int(2) === 0 ? loss(rng, total) : gain(rng, total);
}

function joinClauses(clauses: string[]): string {
  if (clauses.length === 1) return clauses[0];
  return `${clauses.slice(0, -1).join(', ')} and ${clauses.at(-1)}`;
}

function drawMath(rng: Rng, difficulty: Difficulty): Draft<MathRow> {
  const [name, pronoun] = pick(rng, PEOPLE);
  const noun = pick(rng, NOUNS);
  const start = between(rng, difficulty === 'easy' ? 1 : 2, difficulty === 'hard' ? 15 : 9);
  const steps: Step[] = [];
  let total = start;
  for (let index = 0; index < STEP_COUNT[difficulty]; index++) {
    const step = drawStep(rng, total, difficulty, index === STEP_COUNT[difficulty] - 1);
    steps.push(step);
    total = step.total;
  }
  const story = joinClauses(steps.map((step) => step.clause));
  const prompt = `${name} has ${start} ${noun}. ${pronoun} ${story}. How many ${noun} now?`;
  const working = steps.flatMap((step) => step.working).map((equation) => `${equation}.`);
  return {
    messages: userPrompt(prompt),
    task: { answer: String(total) },
    reference: { reasoning: working.join(' '), answer: `\\boxed{${total}}` },
  };
}

export function generateMath(options: GenerateOptions): MathItem[] {
  return generateItems('math', options, drawMath);
}
