/**
 * Multiple choice (for Cascade-2-style multi-domain RL): four options A–D, one right. Easy asks
 * which word belongs to a category, medium a sum, hard a two-step sum. The reference ends
 * "The answer is X." so the MCQ verifier's "answer is" pattern reads it.
 */
import type { Rng } from '../../core/rng.ts';
import { between, type Draft, generateItems, pick, pickDistinct, userPrompt } from './generate.ts';
import type { Difficulty, GenerateOptions, McqItem, McqRow } from './types.ts';

const LETTERS = ['A', 'B', 'C', 'D'];

const CATEGORIES: Record<string, readonly string[]> = {
  fruit: ['apple', 'banana', 'pear', 'plum', 'grape', 'mango', 'lemon', 'peach'],
  animal: ['horse', 'tiger', 'rabbit', 'goat', 'zebra', 'camel', 'otter', 'wolf'],
  color: ['red', 'blue', 'green', 'yellow', 'purple', 'pink', 'brown', 'grey'],
  vehicle: ['car', 'bus', 'bike', 'boat', 'train', 'truck', 'plane', 'van'],
  tool: ['hammer', 'saw', 'drill', 'wrench', 'shovel', 'rake', 'axe', 'pliers'],
};
// no word belongs to two categories (no 'orange'), so each question has one right option

interface Question {
  stem: string;
  right: string;
  wrong: string[];
  why: (letter: string) => string;
}

function categoryQuestion(rng: Rng): Question {
  const names = Object.keys(CATEGORIES);
  const category = pick(rng, names);
  const right = pick(rng, CATEGORIES[category]);
  const others = names.filter((name) => name !== category);
  const wrong = pickDistinct(rng, others, 3).map((name) => pick(rng, CATEGORIES[name]));
  const article = /^[aeiou]/.test(category) ? 'an' : 'a';
  return {
    stem: `Which is ${article} ${category}?`,
    right,
    wrong,
    why: (letter) => `${right} is ${article} ${category}: ${letter}.`,
  };
}

/** Three distinct wrong numbers near the right one, never negative. */
function nearMisses(rng: Rng, right: number): string[] {
  const candidates = [-3, -2, -1, 1, 2, 3, 10, -10]
    .map((offset) => right + offset)
    .filter((value) => value >= 0);
  return pickDistinct(rng, candidates, 3).map(String);
}

function sumQuestion(rng: Rng): Question {
  const [a, b] = [between(rng, 2, 20), between(rng, 2, 20)];
  const right = a + b;
  return {
    stem: `What is ${a}+${b}?`,
    right: String(right),
    wrong: nearMisses(rng, right),
    why: (letter) => `${a}+${b}=${right}: ${letter}.`,
  };
}

function twoStepQuestion(rng: Rng): Question {
  const [a, b] = [between(rng, 2, 20), between(rng, 2, 9)];
  const c = between(rng, 1, a + b);
  const right = a + b - c;
  return {
    stem: `What is ${a}+${b}-${c}?`,
    right: String(right),
    wrong: nearMisses(rng, right),
    why: (letter) => `${a}+${b}=${a + b}. ${a + b}-${c}=${right}: ${letter}.`,
  };
}

const QUESTIONS: Record<Difficulty, (rng: Rng) => Question> = {
  easy: categoryQuestion,
  medium: sumQuestion,
  hard: twoStepQuestion,
};

function drawMcq(rng: Rng, difficulty: Difficulty): Draft<McqRow> {
  const question = QUESTIONS[difficulty](rng);
  const options = rng.shuffle([question.right, ...question.wrong]);
  const letter = LETTERS[options.indexOf(question.right)];
  const lines = options.map((option, index) => `${LETTERS[index]}) ${option}`);
  return {
    messages: userPrompt(`${question.stem}\n${lines.join('\n')}`),
    task: { answer: letter, num_choices: LETTERS.length },
    reference: { reasoning: question.why(letter), answer: `The answer is ${letter}.` },
  };
}

export function generateMcq(options: GenerateOptions): McqItem[] {
  return generateItems('mcq', options, drawMcq);
}
