// Deterministic news-like articles of any length, written for these tests (no corpus text): ordinary
// sentences from templates over a small vocabulary, with a few recurring names, quotes and numbers.

const PEOPLE = ['Helena Marsh', 'Tomas Varga', 'Amara Okafor', 'Lena Holm', 'Rui Saldanha', 'Petra Novak'];
const PLACES = ['Portmere', 'Kilbride', 'Ostrava', 'Lagos', 'Valparaíso', 'Tromsø'];
const BODIES = [
  'the Portmere Harbour Board',
  'the Northern Ferry Company',
  'the Coastal Research Institute',
  'the city council',
];
const NOUNS = [
  'harbour',
  'bridge',
  'budget',
  'storm',
  'ferry',
  'quay',
  'school',
  'hospital',
  'railway',
  'festival',
  'market',
  'union',
  'contract',
  'flood',
  'election',
  'museum',
  'tunnel',
  'park',
  'library',
  'factory',
];
const VERBS = [
  'approved',
  'delayed',
  'rejected',
  'funded',
  'reopened',
  'inspected',
  'expanded',
  'closed',
  'reviewed',
  'defended',
];
const ADJECTIVES = [
  'new',
  'old',
  'northern',
  'disputed',
  'costly',
  'temporary',
  'public',
  'regional',
  'historic',
  'smaller',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** A small linear congruential generator: the same seed gives the same article everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function sentence(next: () => number, i: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const n = Math.floor(next() * 900) + 10;
  switch (i % 6) {
    case 0:
      return `${pick(PEOPLE)} said ${pick(BODIES)} had ${pick(VERBS)} the ${pick(ADJECTIVES)} ${pick(NOUNS)} in ${pick(PLACES)} on ${pick(DAYS)}.`;
    case 1:
      return `The ${pick(NOUNS)} will cost ${n} million and take ${Math.floor(n / 100) + 2} years, according to ${pick(BODIES)}.`;
    case 2:
      return `“We ${pick(VERBS)} the ${pick(NOUNS)} because the ${pick(NOUNS)} needed it,” ${pick(PEOPLE)} told reporters.`;
    case 3:
      return `Residents of ${pick(PLACES)} asked whether the ${pick(ADJECTIVES)} ${pick(NOUNS)} and the ${pick(NOUNS)} would be ${pick(VERBS)} before winter.`;
    case 4:
      return `About ${n} people attended a meeting about the ${pick(NOUNS)} at the ${pick(ADJECTIVES)} ${pick(NOUNS)}.`;
    default:
      return `Critics said the ${pick(NOUNS)} was ${pick(ADJECTIVES)} and that ${pick(BODIES)} had ${pick(VERBS)} the wrong ${pick(NOUNS)}.`;
  }
}

/** An article of `count` sentences in paragraphs of three to five, with a headline. */
export function syntheticArticle(seed: number, count: number): { title: string; paragraphs: string[] } {
  const next = random(seed);
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < count; i++) {
    current.push(sentence(next, Math.floor(next() * 6)));
    if (current.length >= 3 + Math.floor(next() * 3)) {
      paragraphs.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) paragraphs.push(current.join(' '));
  return {
    title: `${PLACES[seed % PLACES.length]} council ${VERBS[seed % VERBS.length]} the ${NOUNS[seed % NOUNS.length]}`,
    paragraphs,
  };
}

/** An article body of exactly `chars` characters (the longest body an editor can publish is 500,000). */
export function longBody(chars: number, seed = 1): string {
  const { paragraphs } = syntheticArticle(seed, Math.ceil(chars / 60));
  let body = paragraphs.join('\n\n');
  while (body.length < chars) body += `\n\n${body}`;
  body = body.slice(0, chars);
  // end on a whole sentence
  return body.slice(0, body.lastIndexOf('.') + 1).padEnd(chars, ' ');
}
