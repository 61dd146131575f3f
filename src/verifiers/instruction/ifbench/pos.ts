/**
 * Whether a token would be tagged as a verb (VB, VBD, VBG, VBN, VBP, VBZ) by NLTK's averaged
 * perceptron tagger at the start of a response. Approximation: the tagger is replaced by a lexicon
 * of common English verbs with their regular and irregular inflections; modals (MD) are not verbs.
 */

/** Base forms of common verbs, imperatives included (the usual way a response starts with a verb). */
const BASE_VERBS = (
  'accept add admit agree allow analyze analyse answer apply argue arrange ask assume avoid be become begin ' +
  'believe break bring build buy calculate call carry catch change check choose clean close collect combine ' +
  'come compare complete consider contain continue convert count create cut deal decide define delete ' +
  'describe design determine develop die discover discuss divide do draw dream drink drive eat embrace ' +
  'enable encourage end enjoy ensure enter estimate evaluate examine exist expect explain explore express ' +
  'fall feel fight fill find finish fix fly focus follow forget form gather generate get give go grab grow ' +
  'handle happen hate have hear help hold hope identify imagine implement improve include increase ' +
  'indicate install introduce invite join jump keep kill know learn leave let lie like list listen live ' +
  'look lose love make manage mark matter mean measure meet mention mix move need note notice observe ' +
  'obtain offer open order organize organise own paint pass pay perform pick place plan play point ' +
  'prepare present press prevent print produce protect prove provide pull purchase push put raise reach ' +
  'read realize receive recognize recommend reduce refer reflect relax remain remember remove repeat ' +
  'replace reply report represent require respond rest return review ride ring rise run save say search ' +
  'see seek sell send serve set share shift show sing sit sleep solve speak spend stand start stay step ' +
  'stop study suggest summarize summarise support suppose take talk teach tell thank think throw try ' +
  'turn understand use visit wait wake walk want watch wear win wish wonder work worry write'
).split(' ');

/** Irregular inflections of the verbs above (past, participle, third person). */
const IRREGULAR_FORMS = (
  'am is are was were been being has had does did done became began begun broke broken brought built ' +
  'bought caught chose chosen came drew drawn dreamt drank drunk drove driven ate eaten fell fallen felt ' +
  'fought found flew flown forgot forgotten got gotten gave given went gone grew grown heard held kept ' +
  'knew known led left lay lain lost made meant met paid ran rang rose risen rode ridden said saw seen ' +
  'sought sold sent set shown sang sung sat slept spoke spoken spent stood taught told thought threw ' +
  'thrown took taken understood woke woken wore worn won wrote written'
).split(' ');

const VERBS: ReadonlySet<string> = new Set([...BASE_VERBS, ...IRREGULAR_FORMS]);

/** Stems a regular inflection may come from: "tries" → "try", "making" → "make", "stopped" → "stop". */
function candidateStems(word: string): string[] {
  const stems: string[] = [];
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
    const stem = word.slice(0, -suffix.length);
    stems.push(stem, `${stem}e`);
    if (/(.)\1$/u.test(stem)) stems.push(stem.slice(0, -1));
    if (stem.endsWith('i')) stems.push(`${stem.slice(0, -1)}y`);
  }
  return stems;
}

export function isVerbToken(token: string): boolean {
  const word = token.toLowerCase();
  return VERBS.has(word) || candidateStems(word).some((stem) => BASE_VERBS.includes(stem));
}
