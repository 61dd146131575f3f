/**
 * The facts general chat talks about, as families of (subject, value) entries with prompt phrasings
 * and answer templates. A family's other values give plausible wrong answers for preference pairs;
 * another family's answers give off-topic ones.
 */

export interface FactEntry {
  subject: string;
  value: string;
  /** The word a correct answer must contain (default: the value). */
  key?: string;
}

export interface FactFamily {
  name: string;
  entries: readonly FactEntry[];
  prompts: readonly ((subject: string) => string)[];
  answer(entry: FactEntry): string;
  reasoning(entry: FactEntry): string;
  /** Whether another entry's value, put in this answer, reads as a wrong answer to the same question. */
  swappable: boolean;
}

const pairs = (list: readonly [string, string][]): FactEntry[] =>
  list.map(([subject, value]) => ({ subject, value }));

const capitalize = (text: string) => text[0].toUpperCase() + text.slice(1);
const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const YEAR = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const LETTER_WORDS = [
  'cat',
  'dog',
  'sun',
  'tree',
  'book',
  'fish',
  'apple',
  'house',
  'river',
  'bird',
  'moon',
  'cake',
  'lamp',
  'door',
  'chair',
  'water',
  'green',
  'horse',
  'music',
  'star',
  'milk',
  'road',
  'cloud',
  'pencil',
  'garden',
  'window',
  'tiger',
  'bread',
  'shoe',
  'ball',
];

export const FACT_FAMILIES: readonly FactFamily[] = [
  {
    name: 'opposite',
    entries: pairs([
      ['hot', 'cold'],
      ['big', 'small'],
      ['up', 'down'],
      ['day', 'night'],
      ['fast', 'slow'],
      ['happy', 'sad'],
      ['old', 'young'],
      ['light', 'dark'],
      ['wet', 'dry'],
      ['open', 'closed'],
      ['early', 'late'],
      ['full', 'empty'],
      ['hard', 'soft'],
      ['high', 'low'],
      ['left', 'right'],
      ['loud', 'quiet'],
    ]),
    prompts: [
      (s) => `What is the opposite of ${s}?`,
      (s) => `Opposite of ${s}?`,
      (s) => `Tell me the opposite of ${s}.`,
    ],
    answer: (e) => `The opposite of ${e.subject} is ${e.value}.`,
    reasoning: (e) => `${capitalize(e.subject)} and ${e.value} are opposites.`,
    swappable: true,
  },
  {
    name: 'sound',
    entries: pairs([
      ['cow', 'moo'],
      ['dog', 'woof'],
      ['cat', 'meow'],
      ['duck', 'quack'],
      ['sheep', 'baa'],
      ['pig', 'oink'],
      ['owl', 'hoot'],
      ['horse', 'neigh'],
      ['lion', 'roar'],
      ['bee', 'buzz'],
      ['frog', 'croak'],
      ['snake', 'hiss'],
    ]),
    prompts: [(s) => `What sound does ${article(s)} make?`, (s) => `What does ${article(s)} say?`],
    answer: (e) => `${capitalize(article(e.subject))} says ${e.value}.`,
    reasoning: (e) => `The sound ${article(e.subject)} makes is ${e.value}.`,
    swappable: true,
  },
  {
    name: 'color',
    entries: pairs([
      ['the sky', 'blue'],
      ['grass', 'green'],
      ['snow', 'white'],
      ['a banana', 'yellow'],
      ['coal', 'black'],
      ['a tomato', 'red'],
      ['a carrot', 'orange'],
      ['a plum', 'purple'],
    ]),
    prompts: [(s) => `What color is ${s}?`, (s) => `Which color is ${s}?`],
    answer: (e) => `${capitalize(e.subject)} is ${e.value}.`,
    reasoning: (e) => `${capitalize(e.subject)} looks ${e.value}.`,
    swappable: true,
  },
  {
    name: 'capital',
    entries: pairs([
      ['France', 'Paris'],
      ['Japan', 'Tokyo'],
      ['Italy', 'Rome'],
      ['Spain', 'Madrid'],
      ['Egypt', 'Cairo'],
      ['Peru', 'Lima'],
      ['Germany', 'Berlin'],
      ['Kenya', 'Nairobi'],
      ['Canada', 'Ottawa'],
      ['China', 'Beijing'],
      ['Greece', 'Athens'],
      ['Norway', 'Oslo'],
      ['Cuba', 'Havana'],
      ['Russia', 'Moscow'],
      ['Chile', 'Santiago'],
    ]),
    prompts: [(s) => `What is the capital of ${s}?`, (s) => `Name the capital of ${s}.`],
    answer: (e) => `The capital of ${e.subject} is ${e.value}.`,
    reasoning: (e) => `${e.value} is the capital city of ${e.subject}.`,
    swappable: true,
  },
  {
    name: 'next-day',
    entries: WEEK.map((day, index) => ({ subject: day, value: WEEK[(index + 1) % 7] })),
    prompts: [(s) => `What day comes after ${s}?`, (s) => `Which day follows ${s}?`],
    answer: (e) => `${e.value} comes after ${e.subject}.`,
    reasoning: (e) => `The week goes ${e.subject}, then ${e.value}.`,
    swappable: true,
  },
  {
    name: 'next-month',
    entries: YEAR.map((month, index) => ({ subject: month, value: YEAR[(index + 1) % 12] })),
    prompts: [(s) => `What month comes after ${s}?`, (s) => `Which month follows ${s}?`],
    answer: (e) => `${e.value} comes after ${e.subject}.`,
    reasoning: (e) => `The year goes ${e.subject}, then ${e.value}.`,
    swappable: true,
  },
  {
    name: 'number-word',
    entries: NUMBER_WORDS.map((word, number) => ({ subject: String(number), value: word })),
    prompts: [(s) => `How do you write ${s} in words?`, (s) => `Spell the number ${s}.`],
    answer: (e) => `${e.subject} is written ${e.value}.`,
    reasoning: (e) => `The number ${e.subject} is the word ${e.value}.`,
    swappable: true,
  },
  {
    name: 'plural',
    entries: pairs([
      ['mouse', 'mice'],
      ['child', 'children'],
      ['foot', 'feet'],
      ['tooth', 'teeth'],
      ['man', 'men'],
      ['goose', 'geese'],
      ['box', 'boxes'],
      ['baby', 'babies'],
      ['leaf', 'leaves'],
      ['knife', 'knives'],
      ['person', 'people'],
      ['city', 'cities'],
      ['wolf', 'wolves'],
      ['bus', 'buses'],
    ]),
    prompts: [(s) => `What is the plural of ${s}?`, (s) => `Plural of ${s}?`],
    answer: (e) => `The plural of ${e.subject} is ${e.value}.`,
    reasoning: (e) => `One ${e.subject}, two ${e.value}.`,
    swappable: true,
  },
  {
    name: 'letters',
    entries: LETTER_WORDS.map((word) => ({ subject: word, value: String(word.length) })),
    prompts: [(s) => `How many letters are in ${s}?`, (s) => `Count the letters in ${s}.`],
    answer: (e) => `${capitalize(e.subject)} has ${e.value} letters.`,
    reasoning: (e) => `${[...e.subject].join('-')} is ${e.value} letters.`,
    swappable: true,
  },
  {
    name: 'greeting',
    entries: [
      { subject: 'Hi!', value: 'Hello! How can I help you?', key: 'help' },
      { subject: 'Hello!', value: 'Hi there! How can I help?', key: 'help' },
      { subject: 'Good morning!', value: 'Good morning! How can I help?', key: 'morning' },
      { subject: 'Good night!', value: 'Good night! Sleep well.', key: 'night' },
      { subject: 'How are you?', value: 'I am well, thank you! And you?', key: 'well' },
      { subject: 'Thank you!', value: 'You are welcome!', key: 'welcome' },
      { subject: 'Bye!', value: 'Goodbye! Have a nice day.', key: 'goodbye' },
    ],
    prompts: [(s) => s],
    answer: (e) => e.value,
    reasoning: () => 'A greeting. I answer kindly and briefly.',
    swappable: false,
  },
  {
    name: 'why',
    entries: [
      { subject: 'Why do we sleep?', value: 'Sleep lets the body and mind rest.', key: 'rest' },
      { subject: 'What is rain?', value: 'Rain is water that falls from clouds.', key: 'clouds' },
      { subject: 'Why do we eat?', value: 'Food gives the body energy.', key: 'energy' },
      { subject: 'What is a map?', value: 'A map is a drawing of a place.', key: 'place' },
      { subject: 'Why is ice cold?', value: 'Ice is frozen water, so it is cold.', key: 'frozen' },
      { subject: 'What do plants need?', value: 'Plants need light, water and air.', key: 'light' },
      { subject: 'What is a clock for?', value: 'A clock tells the time.', key: 'time' },
      { subject: 'Why do birds fly?', value: 'Birds fly to find food and stay safe.', key: 'food' },
      { subject: 'What is a library?', value: 'A library is a place to borrow books.', key: 'books' },
      { subject: 'Why do we wash hands?', value: 'Washing hands removes germs.', key: 'germs' },
    ],
    prompts: [(s) => s],
    answer: (e) => e.value,
    reasoning: () => 'A short question. One clear sentence answers it.',
    swappable: false,
  },
];

/** Chatty padding a concise answer leaves out; preference pairs reject it. */
export const FILLER_OPENINGS = [
  'Well, that is a great question, so let me think about it for you. ',
  'Sure! I would be very happy to help you with that question today. ',
  'Okay, so, as you may already know, there are many things to say here. ',
];
export const FILLER_CLOSINGS = [
  ' I hope this helps, and let me know if you have more questions!',
  ' Please feel free to ask me anything else at any time.',
  ' That is basically everything there is to say about it.',
];
