/**
 * The small world the instruction-following prompts write about: each topic has three attributes,
 * the first of which has a synonym (so "avoid the word big" has an answer). Sentences are built
 * from these, so every constraint has a correct answer and the plain answer breaks it.
 */

export interface Topic {
  /** As it reads mid-sentence ("the sea"). */
  name: string;
  title: string;
  attributes: [string, string, string];
}

/** The first attribute of each topic and the word that replaces it when it is forbidden. */
export const SYNONYMS: Readonly<Record<string, string>> = {
  big: 'large',
  small: 'tiny',
  hot: 'warm',
  cold: 'cool',
  fast: 'quick',
  loud: 'noisy',
  soft: 'gentle',
  bright: 'shiny',
  calm: 'still',
  tall: 'high',
};

export const TOPICS: readonly Topic[] = [
  { name: 'the sea', title: 'Sea', attributes: ['big', 'blue', 'deep'] },
  { name: 'the sun', title: 'Sun', attributes: ['hot', 'bright', 'round'] },
  { name: 'the cat', title: 'Cat', attributes: ['soft', 'small', 'quick'] },
  { name: 'the moon', title: 'Moon', attributes: ['bright', 'round', 'far'] },
  { name: 'the train', title: 'Train', attributes: ['fast', 'long', 'loud'] },
  { name: 'snow', title: 'Snow', attributes: ['cold', 'white', 'soft'] },
  { name: 'the hill', title: 'Hill', attributes: ['tall', 'green', 'steep'] },
  { name: 'the lake', title: 'Lake', attributes: ['calm', 'wide', 'clear'] },
  { name: 'the dog', title: 'Dog', attributes: ['loud', 'happy', 'loyal'] },
  { name: 'rain', title: 'Rain', attributes: ['cold', 'wet', 'grey'] },
  { name: 'the forest', title: 'Forest', attributes: ['big', 'green', 'dark'] },
  { name: 'fire', title: 'Fire', attributes: ['hot', 'red', 'bright'] },
  { name: 'the mouse', title: 'Mouse', attributes: ['small', 'grey', 'fast'] },
  { name: 'the sky', title: 'Sky', attributes: ['big', 'blue', 'clear'] },
  { name: 'the lion', title: 'Lion', attributes: ['big', 'strong', 'brave'] },
  { name: 'ice', title: 'Ice', attributes: ['cold', 'hard', 'clear'] },
  { name: 'the bee', title: 'Bee', attributes: ['small', 'busy', 'yellow'] },
  { name: 'the drum', title: 'Drum', attributes: ['loud', 'round', 'deep'] },
  { name: 'wind', title: 'Wind', attributes: ['fast', 'cool', 'strong'] },
  { name: 'the tree', title: 'Tree', attributes: ['tall', 'green', 'old'] },
  { name: 'the kitten', title: 'Kitten', attributes: ['soft', 'tiny', 'sweet'] },
  { name: 'the river', title: 'River', attributes: ['calm', 'long', 'cool'] },
];

/** Words a prompt may ask to include; none occurs inside any topic sentence. */
export const KEYWORDS = ['home', 'music', 'summer', 'friends', 'peace', 'dreams', 'magic', 'joy'];

export const END_PHRASES = ['Any other questions?', 'That is all.', 'The end.', 'Thank you.'];

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** "The sea is big, blue and deep." */
export function baseSentence(topic: Topic): string {
  const [first, second, third] = topic.attributes;
  return `${capitalize(topic.name)} is ${first}, ${second} and ${third}.`;
}

/** "The sea is big." */
export function shortSentence(topic: Topic): string {
  return `${capitalize(topic.name)} is ${topic.attributes[0]}.`;
}

/** The base sentence and a second one: "… I like the sea very much." */
export function longSentence(topic: Topic): string {
  return `${baseSentence(topic)} I like ${topic.name} very much.`;
}

/** Words as IFEval counts them (runs of word characters); enough for our ASCII sentences. */
export function wordCount(text: string): number {
  return text.match(/\w+/g)?.length ?? 0;
}
