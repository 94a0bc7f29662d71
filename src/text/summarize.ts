// Extractive summaries. MEDIUM and LONG rank sentences by TextRank centrality whose random surfer restarts
// early in the article more often (a position-biased PageRank); SHORT blends a lead prior with the headline,
// recurring words and length. Then a redundancy check; whole sentences (a quotation with its speaker) in
// article order.
import type { SummaryLength } from '../domain.js';
import { splitSentences } from './sentences.js';

export type { SummaryLength };
export const SUMMARY_SENTENCES: Record<SummaryLength, number> = { SHORT: 1, MEDIUM: 3, LONG: 5 };
/** The longest summary stored: an editor's, an import's or a model's. */
export const SUMMARY_MAX_CHARS = 5000;

export interface SummaryWeights {
  textRank: number;
  position: number;
  title: number;
  /** decay of the position prior: sentence i gets 1 / (1 + i / positionScale) */
  positionScale: number;
  /** reward for covering the article's recurring content words (centroid-style) */
  coverage: number;
  /** reward for length, up to `fullLength` words: summary references are long, information-dense sentences */
  length: number;
  fullLength: number;
  /** multiplier for sentences that cannot stand alone: quotes, questions, pronoun openers */
  dependent: number;
  /** reward for concrete facts: numbers and capitalised names */
  facts: number;
  /** sentences shorter than this many words are unlikely to be summary-worthy */
  minWords: number;
  /** always keep the opening sentence (news copy puts the gist first) */
  anchorLead: boolean;
  /** a candidate sharing more than this share of content words with a chosen sentence is skipped */
  redundancy: number;
  /** cosine similarity of the sentence to the rest of the article (centroid of content-word counts) */
  centroid: number;
  /** coverage of the article's recurring proper names (a cheap stand-in for its salient entities) */
  names: number;
  /** multiplier for datelines, attribution-led openers ("According to ...") and self-references ("Wikinews has learned") */
  attribution: number;
  /**
   * multiplier for report ledes, whose main clause is only that something was learned or reported
   * ("Recent reports have revealed that ...", "Wikinews has learned that ..."): the news is a clause down
   */
  reportLede: number;
  /**
   * weight of position-biased TextRank centrality: PageRank over TextRank's sentence-similarity graph (Mihalcea &
   * Tarau 2004) whose random surfer restarts at sentence i with probability proportional to the position prior
   * 1 / (1 + i / positionScale) plus `centralityTitle` times its headline overlap (the teleport vector of
   * PositionRank, Florescu & Caragea 2017, and of topic-sensitive PageRank)
   */
  centrality: number;
  /** probability of following a similarity edge rather than restarting (0 = the prior alone, 1 = pure centrality) */
  centralityDamping: number;
  centralityTitle: number;
}

// SHORT's weights were chosen by grid search on the shared corpus's tuning split (sorted ids, every third article
// held out; see src/cli/eval.ts), against its one-sentence human summaries. MEDIUM and LONG are not fitted to a
// corpus: see the comment on them.
const BASE: SummaryWeights = {
  textRank: 0,
  position: 1,
  title: 0.5,
  positionScale: 1,
  coverage: 0,
  length: 0,
  fullLength: 40,
  dependent: 1,
  facts: 0,
  minWords: 6,
  anchorLead: false,
  redundancy: 0.6,
  centroid: 0,
  names: 0,
  attribution: 1,
  reportLede: 1,
  centrality: 0,
  centralityDamping: 0.85,
  centralityTitle: 0,
};
/**
 * Several sentences summarise an article when together they carry what it keeps returning to. Centrality over
 * TextRank's graph measures that: its similarity grows with shared content words faster than its log-length
 * normalisation, so long, content-dense sentences that echo many others rank high, which is what people pick
 * when they mark an article's key sentences (on the BBC News Summary set a plain TextRank beats LEAD-3 by 14
 * ROUGE-1 points, issue #18). News still states the gist early, so the surfer restarts early more often (prior
 * 1 / (1 + i / 4): the first few sentences count about alike, the 17th a fifth as much as the first); with 15% of
 * its steps being restarts, the prior decides between sentences of similar centrality, and a central late
 * sentence still outranks a peripheral opener. Damping is PageRank's
 * usual 0.85. No length term: the earlier blend's short-sentence bonus and direct position term suited
 * one-sentence human references and made MEDIUM the lead with small changes (issue #18). The same ranking serves
 * both lengths; only the number of sentences differs.
 */
const CENTRAL: SummaryWeights = {
  ...BASE,
  position: 0,
  title: 0,
  positionScale: 4,
  centrality: 1,
  centralityDamping: 0.85,
};
export const SUMMARY_WEIGHTS: Record<SummaryLength, SummaryWeights> = {
  // one sentence: the references are long, information-dense sentences, so length and coverage help
  // A report lede is a weak one-sentence summary: its words go on the source and the reporting verb, and
  // its topic often comes only in later sentences. On TUNE 0.4 and 0.2 tie (1 article moves, +0.005/+0.006
  // ROUGE-1/2); 0.6 moves none. Datelines and "According to ..." openers keep full weight: the news follows
  // in the same clause, and penalising them lost on TUNE.
  SHORT: { ...BASE, position: 0.5, coverage: 0.25, length: 0.5, reportLede: 0.4 },
  MEDIUM: CENTRAL,
  LONG: CENTRAL,
};
export const DEFAULT_WEIGHTS: SummaryWeights = SUMMARY_WEIGHTS.MEDIUM;

const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as into about over after before ' +
    'is are was were be been being has have had do does did will would can could should may might must shall ' +
    'this that these those it its he she they them his her their we our you your i me my not no so than then ' +
    'there here which who whom whose what when where why how also said says say more most other some such only ' +
    'just very up out all any each both few many much one two three new s t'
  ).split(' '),
);

function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // crude plural folding so "talks"/"talk" count as the same word
  return words
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/**
 * How many sentences, from the top of the article, compete for a summary. News states its gist early (the
 * inverted pyramid: on the shared corpus every human summary is covered by the first 75 sentences, and no article
 * there runs past 75), so an article's first 400 sentences (about 40,000 words, several times the longest feature
 * a newsroom runs) hold whatever a three- or five-sentence summary should say. The cap bounds the work of one
 * summary whatever the body holds: at most 400 sentences are scored, and the similarity graph has at most
 * 400 × 399 / 2 edges, so a 500,000-character body costs what a long feature does. Articles within the cap are
 * ranked exactly as without it (tests/content/summarize-ranking.test.ts).
 */
export const MAX_RANKED_SENTENCES = 400;

/**
 * TextRank's sentence-similarity graph (Mihalcea & Tarau 2004), sparse: an edge joins two sentences that share a
 * content word, weighted by the shared words over log |a| + log |b|. The log normalisation grows slower than the
 * overlap does, so a long sentence full of the article's recurring words links strongly to many others. Sentences
 * of fewer than two content words have no edges. Built from an inverted index (word -> sentences), so only pairs
 * that share a word are ever visited; each row lists its neighbours in ascending order, which keeps PageRank's
 * sums in the same order as over the dense table this replaced, and so its scores bit for bit.
 */
export interface SimilarityGraph {
  size: number;
  /** row i's neighbours are `neighbour[rowStart[i] .. rowStart[i + 1])`, with weights at the same offsets */
  rowStart: Int32Array;
  neighbour: Int32Array;
  weight: Float64Array;
  /** sum of each row's weights */
  rowSum: Float64Array;
}

export function similarityGraph(sets: Set<string>[]): SimilarityGraph {
  const n = sets.length;
  const postings = new Map<string, number[]>();
  const shared = new Int32Array(n);
  const degree = new Int32Array(n);
  // edges (a < b) in the order found: by b ascending, then a ascending
  const lowSide: number[] = [];
  const highSide: number[] = [];
  const weights: number[] = [];
  for (let b = 0; b < n; b++) {
    const set = sets[b]!;
    if (set.size < 2) continue;
    const touched: number[] = [];
    for (const word of set) {
      const list = postings.get(word);
      if (!list) {
        postings.set(word, [b]);
        continue;
      }
      for (const a of list) if (shared[a]++ === 0) touched.push(a);
      list.push(b);
    }
    touched.sort((x, y) => x - y);
    for (const a of touched) {
      lowSide.push(a);
      highSide.push(b);
      weights.push(shared[a]! / (Math.log(sets[a]!.size) + Math.log(set.size)));
      degree[a]!++;
      degree[b]!++;
      shared[a] = 0;
    }
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + degree[i]!;
  const neighbour = new Int32Array(rowStart[n]!);
  const weight = new Float64Array(rowStart[n]!);
  const fill = rowStart.slice(0, n);
  // row r receives its lower neighbours while b = r is processed, then its higher ones in ascending b: ascending
  for (let e = 0; e < lowSide.length; e++) {
    const a = lowSide[e]!;
    const b = highSide[e]!;
    neighbour[fill[b]!] = a;
    weight[fill[b]!++] = weights[e]!;
    neighbour[fill[a]!] = b;
    weight[fill[a]!++] = weights[e]!;
  }
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) sum += weight[e]!;
    rowSum[i] = sum;
  }
  return { size: n, rowStart, neighbour, weight, rowSum };
}

/** PageRank stops once an iteration moves the scores by less than this in total (L1), or after its usual passes. */
const PAGERANK_TOLERANCE = 1e-12;

/** PageRank over a sentence-similarity graph (Mihalcea & Tarau 2004). */
function textRank(graph: SimilarityGraph, damping = 0.85, iterations = 30): Float64Array {
  const n = graph.size;
  const { rowStart, neighbour, weight, rowSum } = graph;
  let score = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n).fill((1 - damping) / n);
    for (let j = 0; j < n; j++) {
      if (!rowSum[j]) continue;
      for (let e = rowStart[j]!; e < rowStart[j + 1]!; e++)
        next[neighbour[e]!]! += (damping * score[j]! * weight[e]!) / rowSum[j]!;
    }
    const moved = l1Distance(score, next);
    score = next;
    if (moved < PAGERANK_TOLERANCE) break;
  }
  return score;
}

function l1Distance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d;
}

/** The largest value, at least `floor` (no spread: an argument list has a size limit). */
function maxOf(values: ArrayLike<number>, floor: number): number {
  let max = floor;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

// Sentences that lean on context (a pronoun or connective opener, or a quotation) read badly alone.
const DEPENDENT =
  /^(?:["“‘']|(?:He|She|It|They|This|That|These|Those|His|Her|Their|Its|But|And|However|Also|Meanwhile|Instead)\b)/u;

// Openers that spend the sentence on where the news came from rather than on the news: datelines
// ("Evansville, Indiana, United States - This past week ..."), attribution ("According to the ministry, ...")
// and the outlet talking about itself ("Wikinews has learned that ...").
const ATTRIBUTION =
  /^(?:According to\b|(?:\p{Lu}[\p{L}.]*,? ){1,5}[-–—] |\p{Lu}\p{L}+ (?:has|have) (?:learned|been told|reported) that\b)/u;

// A subject of up to four words, then a perfect-tense reporting verb and "that": the sentence reports a
// report. Findings ("researchers have found that ...") are news in themselves and are not matched.
const REPORT_LEDE =
  /^(?:[\p{L}\p{N}'’.-]+ ){1,4}(?:has|have|had) (?:learned|revealed|reported|confirmed|been told) that\b/iu;

/**
 * Cosine similarity between each sentence's content words and the rest of the article (all other sentences'
 * content-word counts): sentences close to the article's centroid state its main topic (Radev et al. 2004).
 */
function centroidSimilarity(sentences: string[]): number[] {
  const bags = sentences.map((s) => {
    const m = new Map<string, number>();
    for (const w of contentWords(s)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const total = new Map<string, number>();
  for (const b of bags) for (const [w, c] of b) total.set(w, (total.get(w) ?? 0) + c);
  let totalSquares = 0;
  for (const c of total.values()) totalSquares += c * c;
  return bags.map((b) => {
    let dot = 0;
    let nb = 0;
    // |rest|² = Σ total² minus, for the sentence's own words, total² − (total − own)²: integer sums, exact, and
    // linear in the sentence rather than in the article's vocabulary
    let nr = totalSquares;
    for (const [w, c] of b) {
      const t = total.get(w) ?? 0;
      const r = t - c;
      dot += c * r;
      nb += c * c;
      nr -= t * t - r * r;
    }
    return nb && nr ? dot / Math.sqrt(nb * nr) : 0;
  });
}

/**
 * How much of the article's recurring proper names a sentence mentions. A name token is a capitalised word
 * that is not a stopword and is capitalised somewhere other than at a sentence start; each distinct one in
 * the sentence counts by the number of other sentences that mention it (capped at 3).
 */
function nameCoverage(sentences: string[]): number[] {
  const tokens = sentences.map((s) => s.match(/\p{L}[\p{L}\p{N}]*/gu) ?? []);
  const names = new Set<string>();
  for (const toks of tokens) {
    toks.forEach((t, i) => {
      if (i > 0 && /^\p{Lu}/u.test(t) && !STOPWORDS.has(t.toLowerCase())) names.add(t.toLowerCase());
    });
  }
  const perSentence = tokens.map(
    (toks) => new Set(toks.filter((t) => /^\p{Lu}/u.test(t) && names.has(t.toLowerCase())).map((t) => t.toLowerCase())),
  );
  const df = new Map<string, number>();
  for (const set of perSentence) for (const n of set) df.set(n, (df.get(n) ?? 0) + 1);
  return perSentence.map((set) => {
    let c = 0;
    for (const n of set) c += Math.min(3, (df.get(n) ?? 1) - 1);
    return c;
  });
}

export interface ScoredSentence {
  text: string;
  index: number;
  score: number;
  words: Set<string>;
}

/** Weight-independent features of one sentence (all in [0, 1] except `words`). */
export interface SentenceFeatures {
  text: string;
  index: number;
  words: Set<string>;
  nWords: number;
  textRank: number;
  title: number;
  coverage: number;
  facts: number;
  centroid: number;
  names: number;
  dependent: boolean;
  attribution: boolean;
  reportLede: boolean;
  /** TextRank centrality personalised by position (scaled to max 1); depends on weights, see `centralityScores` */
  centrality: number;
}

/**
 * Personalised PageRank over the similarity graph: a sentence is central when sentences that are themselves
 * central resemble it; the restart distribution `prior` carries what news writing knows about position and the
 * headline. Returns scores scaled to max 1.
 */
function personalisedPageRank(graph: SimilarityGraph, prior: number[], damping: number, iterations = 40): number[] {
  const n = prior.length;
  if (!n) return [];
  const total = prior.reduce((a, b) => a + b, 0) || 1;
  const p = prior.map((x) => x / total);
  const { rowStart, neighbour, weight, rowSum } = graph;
  let r = Float64Array.from(p);
  for (let it = 0; it < iterations; it++) {
    const next = Float64Array.from(p, (x) => (1 - damping) * x);
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      if (!rowSum[j]) {
        dangling += r[j]!;
        continue;
      }
      const share = (damping * r[j]!) / rowSum[j]!;
      for (let e = rowStart[j]!; e < rowStart[j + 1]!; e++) next[neighbour[e]!]! += share * weight[e]!;
    }
    for (let i = 0; i < n; i++) next[i]! += damping * dangling * p[i]!;
    const moved = l1Distance(r, next);
    r = next;
    if (moved < PAGERANK_TOLERANCE) break;
  }
  const max = maxOf(r, 1e-12);
  return Array.from(r, (x) => x / max);
}

/** Position-biased TextRank centrality of every sentence under the given weights' prior. */
function centralityScores(features: SentenceFeatures[], graph: SimilarityGraph, weights: SummaryWeights): number[] {
  const prior = features.map((f) => 1 / (1 + f.index / weights.positionScale) + weights.centralityTitle * f.title);
  return personalisedPageRank(graph, prior, weights.centralityDamping);
}

/** The article's sentences that compete for a summary: the first `MAX_RANKED_SENTENCES`. */
function rankedSentences(paragraphs: string[]): string[] {
  const sentences: string[] = [];
  for (const p of paragraphs) {
    for (const s of splitSentences(p)) {
      if (sentences.length === MAX_RANKED_SENTENCES) return sentences;
      sentences.push(s.text);
    }
  }
  return sentences;
}

/** The similarity graph each feature list was computed over, so centrality reuses TextRank's graph. */
const graphOf = new WeakMap<SentenceFeatures[], SimilarityGraph>();

/** Split the article into sentences and compute their features; exported for evaluation and weight search. */
export function sentenceFeatures(paragraphs: string[], title = '', needTextRank = true): SentenceFeatures[] {
  const sentences = rankedSentences(paragraphs);
  const sets = sentences.map((s) => new Set(contentWords(s)));
  const graph = similarityGraph(sets);
  const tr = needTextRank ? textRank(graph) : new Float64Array(sets.length);
  const maxTr = maxOf(tr, 1e-9);
  const titleWords = new Set(contentWords(title));
  // in how many sentences each content word occurs: words the article keeps returning to are its topic
  const df = new Map<string, number>();
  for (const set of sets) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const cov = sets.map((set) => {
    let c = 0;
    for (const w of set) c += Math.min(4, (df.get(w) ?? 1) - 1) + (titleWords.has(w) ? 2 : 0);
    return c;
  });
  const maxCov = maxOf(cov, 1e-9);
  const cen = centroidSimilarity(sentences);
  const names = nameCoverage(sentences);
  const maxNames = maxOf(names, 1e-9);
  const features = sentences.map((text, index) => {
    const words = sets[index]!;
    return {
      text,
      index,
      words,
      nWords: (text.match(/[\p{L}\p{N}]+/gu) ?? []).length,
      textRank: tr[index]! / maxTr,
      title: titleWords.size ? overlap(words, titleWords) / titleWords.size : 0,
      coverage: cov[index]! / maxCov,
      facts: Math.min(
        1,
        ((text.match(/\b\p{N}+\b/gu) ?? []).length + (text.slice(1).match(/\s\p{Lu}\p{Ll}/gu) ?? []).length) / 8,
      ),
      centroid: cen[index]!,
      names: names[index]! / maxNames,
      dependent: DEPENDENT.test(text) || text.endsWith('?'),
      attribution: ATTRIBUTION.test(text),
      reportLede: REPORT_LEDE.test(text),
      centrality: 0,
    };
  });
  graphOf.set(features, graph);
  return features;
}

/** Combine features with weights into one score per sentence. */
export function scoreFeatures(features: SentenceFeatures[], weights: SummaryWeights): ScoredSentence[] {
  return features.map((f) => {
    let score =
      weights.textRank * f.textRank +
      weights.position / (1 + f.index / weights.positionScale) +
      weights.title * f.title +
      weights.coverage * f.coverage +
      weights.length * Math.min(1, f.nWords / weights.fullLength) +
      weights.facts * f.facts +
      weights.centroid * f.centroid +
      weights.names * f.names +
      weights.centrality * f.centrality;
    if (f.nWords < weights.minWords) score *= 0.3;
    if (f.dependent) score *= weights.dependent;
    if (f.attribution) score *= weights.attribution;
    if (f.reportLede) score *= weights.reportLede;
    return { text: f.text, index: f.index, score, words: f.words };
  });
}

/** Score every sentence of the article; exported so evaluation and tests can inspect the ranking. */
export function scoreSentences(
  paragraphs: string[],
  title = '',
  weights: SummaryWeights = DEFAULT_WEIGHTS,
): ScoredSentence[] {
  const features = sentenceFeatures(paragraphs, title, weights.textRank !== 0);
  if (weights.centrality) {
    const c = centralityScores(features, graphOf.get(features)!, weights);
    for (const [i, f] of features.entries()) f.centrality = c[i]!;
  }
  return scoreFeatures(features, weights);
}

/** Choose k sentences by score, skipping near-duplicates, and return them in article order. */
export function selectSentences(scored: ScoredSentence[], k: number, weights: SummaryWeights): ScoredSentence[] {
  k = Math.min(k, scored.length);
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: ScoredSentence[] = weights.anchorLead && k > 1 && scored.length ? [scored[0]!] : [];
  for (const s of ranked) {
    if (chosen.length >= k) break;
    if (chosen.includes(s)) continue;
    const redundant = chosen.some(
      (c) => overlap(c.words, s.words) / Math.max(1, Math.min(c.words.size, s.words.size)) > weights.redundancy,
    );
    if (!redundant) chosen.push(s);
  }
  // if redundancy filtering left us short, top up with the best remaining sentences
  for (const s of ranked) {
    if (chosen.length >= k) break;
    if (!chosen.includes(s)) chosen.push(s);
  }
  return chosen.sort((a, b) => a.index - b.index);
}

// A speech verb: the sentence names who is speaking ("Ruiz said on Monday", "according to the mayor").
const SPEECH =
  /\b(?:said|says|say|told|tells|added|adds|asked|asks|explained|explains|stated|states|wrote|writes|announced|announces|warned|warns|insisted|insists|continued|continues|argued|argues|noted|notes|according to)\b/iu;
/**
 * A sentence that is nothing but a quotation: it opens with a quote mark and nothing but punctuation follows the
 * last closing one ("“We will not appeal.”"), so it has no speaker of its own. Read from the end, so a sentence of
 * a million quote marks costs a million steps (the regular expression /^["“‘][^]*["”’][\p{P}\s]*$/u backtracked
 * quadratically on it).
 */
function isBareQuote(text: string): boolean {
  if (!/^["“‘]/u.test(text)) return false;
  for (let i = text.length - 1; i >= 1; i--) {
    const ch = text[i]!;
    if (ch === '"' || ch === '”' || ch === '’') return true;
    if (!/[\p{P}\s]/u.test(ch)) return false;
  }
  return false;
}

/**
 * Sentences that must travel together, so a summary never keeps a quote without its speaker or cuts it in half:
 * a quotation that runs over several sentences ("“We will rebuild. It will take years,” she said.") is one unit,
 * and so is a bare quotation with the sentence before it in the paragraph when that one names the speaker
 * ("The decision is final, Ruiz said. “We will not appeal.”"). Returns, per sentence, the index of the first
 * sentence of its unit.
 */
export function quoteUnits(paragraphs: string[], limit = Infinity): number[] {
  const unitOf: number[] = [];
  let index = 0;
  for (const p of paragraphs) {
    let open = false;
    let start = index;
    let previous = '';
    for (const sent of splitSentences(p)) {
      if (index >= limit) return unitOf;
      const text = sent.text;
      const bareQuote =
        !open &&
        previous !== '' &&
        /^["“‘]/u.test(text) &&
        SPEECH.test(previous) &&
        (isBareQuote(text) || opensQuote(text));
      if (!open && !bareQuote) start = index;
      unitOf.push(start);
      const curly = (text.match(/“/g) ?? []).length - (text.match(/”/g) ?? []).length;
      const straight = (text.match(/"/g) ?? []).length % 2;
      if (curly > 0) open = true;
      else if (curly < 0) open = false;
      else if (straight) open = !open;
      previous = text;
      index++;
    }
  }
  return unitOf;
}

/** The sentence opens a quotation that it does not close (it continues in the next sentence). */
function opensQuote(text: string): boolean {
  const curly = (text.match(/“/g) ?? []).length - (text.match(/”/g) ?? []).length;
  return curly > 0 || (text.match(/"/g) ?? []).length % 2 === 1;
}

/** Pick about 1, 3 or 5 whole sentences (never more than the article has), in article order. */
export function summarize(
  paragraphs: string[],
  length: SummaryLength,
  opts: { title?: string; weights?: SummaryWeights } = {},
): string[] {
  const weights = opts.weights ?? SUMMARY_WEIGHTS[length];
  const scored = scoreSentences(paragraphs, opts.title ?? '', weights);
  const unitOf = quoteUnits(paragraphs, scored.length);
  // a unit competes as one candidate, with its members' mean score; a chosen unit brings all its sentences
  const units = new Map<number, ScoredSentence[]>();
  for (const s of scored) {
    const unit = unitOf[s.index] ?? s.index;
    const members = units.get(unit);
    if (members) members.push(s);
    else units.set(unit, [s]);
  }
  const candidates: ScoredSentence[] = [...units.values()].map((members) => ({
    text: members.map((m) => m.text).join(' '),
    index: members[0]!.index,
    score: members.reduce((a, m) => a + m.score, 0) / members.length,
    words: new Set(members.flatMap((m) => [...m.words])),
  }));
  const picked = new Set(selectSentences(candidates, SUMMARY_SENTENCES[length], weights).map((c) => c.index));
  return scored.filter((s) => picked.has(unitOf[s.index] ?? s.index)).map((s) => s.text);
}

/**
 * The plain centrality baseline: TextRank over sentence similarity with no position prior or other
 * features, the k best sentences in article order. The evaluation compares the summaries against it.
 */
export function textRankSummary(paragraphs: string[], k: number): string[] {
  const sentences = rankedSentences(paragraphs);
  const tr = textRank(similarityGraph(sentences.map((s) => new Set(contentWords(s)))));
  return sentences
    .map((text, index) => ({ text, index, score: tr[index]! }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text);
}
