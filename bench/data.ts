import { existsSync, readFileSync } from 'node:fs';
import type { EntityKind } from '../src/db/tables.js';
import { splitSentences } from '../src/text/sentences.js';
import { bodyHash, countWords, slugify } from '../src/text/text.js';

/**
 * Pure, deterministic builders of benchmark content: the generator streams their output into
 * PostgreSQL, and a test checks their shape on a tiny N. Same seed, same data.
 */

/** mulberry32: small, fast and good enough to shuffle text. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Samples ranks 0..n-1 with P(k) proportional to 1/(k+1)^s: a few entities are in most stories. */
export function createZipf(n: number, s = 1.05): (random: () => number) => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k += 1) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  for (let k = 0; k < n; k += 1) cdf[k]! /= total;
  return (random) => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Sentence {
  text: string;
  words: number;
}

const FALLBACK_WORDS = (
  'the government said on tuesday that officials would review council plans for new housing near the river ' +
  'police confirmed a man was arrested after protests in the city centre while ministers met union leaders ' +
  'scientists reported that the study found higher temperatures across the region during the summer months ' +
  'the company announced record profits and promised investment in schools hospitals roads and clean energy'
).split(' ');

/**
 * Sentences to recombine into bodies: from the Wikinews corpus when it is there, otherwise
 * generated from a small vocabulary (so the bench also runs in a clone without shared/).
 */
export function loadSentences(corpusPath: string | undefined, random: () => number): Sentence[] {
  const sentences: Sentence[] = [];
  if (corpusPath && existsSync(corpusPath)) {
    for (const line of readFileSync(corpusPath, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as { body?: string };
      for (const { text } of splitSentences((record.body ?? '').replace(/\s+/g, ' '))) {
        const words = countWords(text);
        if (words >= 5 && words <= 60) sentences.push({ text, words });
      }
    }
  }
  if (sentences.length < 50) {
    for (let i = 0; i < 2000; i += 1) {
      const length = randomInt(random, 8, 28);
      const words = Array.from({ length }, () => FALLBACK_WORDS[Math.floor(random() * FALLBACK_WORDS.length)]!);
      const text = `${words[0]!.charAt(0).toUpperCase()}${words.join(' ').slice(1)}.`;
      sentences.push({ text, words: length });
    }
  }
  return sentences;
}

export interface SectionSeed {
  id: number;
  slug: string;
  name: string;
}

export const SECTION_NAMES = [
  'World',
  'Politics',
  'Business',
  'Science',
  'Technology',
  'Sport',
  'Culture',
  'Health',
  'Environment',
  'Opinion',
];

export function buildSections(count: number): SectionSeed[] {
  return SECTION_NAMES.slice(0, Math.max(1, Math.min(count, SECTION_NAMES.length))).map((name, i) => ({
    id: i + 1,
    slug: slugify(name),
    name,
  }));
}

const FIRST_NAMES =
  'Ada Amir Ana Anton Aisha Ben Bianca Carlos Chen Chloe Dana David Elena Emeka Farah Felix Grace Hana Hugo Ines Ivan Jamal Jana Jonas Kai Kofi Lara Leo Lina Luca Maya Mei Mohamed Nadia Nils Noor Omar Olga Pablo Priya Quinn Rosa Ravi Sara Sean Sofia Tariq Tessa Umar Vera Victor Wei Yara Yusuf Zara Zoe'.split(
    ' ',
  );
const LAST_NAMES =
  'Abara Adams Baker Banerjee Castro Costa Dubois Duarte Evans Fischer Garcia Haddad Hansen Ito Ivanova Jensen Kaur Kim Kowalski Larsen Lopez Mensah Moreau Muller Nakamura Novak Okafor Olsen Patel Petrov Quinn Rossi Santos Schmidt Silva Singh Smith Sato Tanaka Torres Usman Varga Wagner Walsh Weber Xu Yilmaz Young Zhang Zimmer'.split(
    ' ',
  );
const ORG_WORDS =
  'Northbridge Eastgate Harbour Summit Crescent Meridian Pioneer Granite Atlas Beacon Cobalt Delta Ember Falcon Horizon Keystone Lumen Orion Sterling Vertex'.split(
    ' ',
  );
const ORG_SUFFIX =
  'Council,Group,Holdings,Foundation,Party,Union,Institute,Bank,Airlines,University,Agency,Trust'.split(',');
const PLACE_START = 'Bel,Cor,Dun,Ell,Fair,Glen,Hol,Kings,Lake,Mar,New,Oak,Port,Red,Sand,Stone,West,Wil'.split(',');
const PLACE_END = 'ford,bury,mouth,ton,field,haven,wick,stead,vale,more,ridge,port,dale,brook,cliff,wood'.split(',');

export interface EntitySeed {
  id: number;
  slug: string;
  name: string;
  kind: EntityKind;
  aliases: string[];
}

/** `count` entities with unique names and slugs: about half people, a third organisations, the rest places. */
export function buildEntities(count: number, random: () => number): EntitySeed[] {
  const entities: EntitySeed[] = [];
  const names = new Set<string>();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  while (entities.length < count) {
    const roll = random();
    const kind: EntityKind = roll < 0.5 ? 'PERSON' : roll < 0.8 ? 'ORGANIZATION' : 'PLACE';
    let name: string;
    let aliases: string[] = [];
    if (kind === 'PERSON') {
      const last = pick(LAST_NAMES);
      name = `${pick(FIRST_NAMES)} ${random() < 0.3 ? `${pick(FIRST_NAMES).charAt(0)}. ` : ''}${last}`;
      aliases = [last];
    } else if (kind === 'ORGANIZATION') {
      name = `${pick(ORG_WORDS)} ${pick(ORG_SUFFIX)}`;
    } else {
      name = `${pick(PLACE_START)}${pick(PLACE_END)}`;
    }
    // Name space is finite: disambiguate the way newsrooms do, with a qualifier.
    if (names.has(name)) name = `${name} (${entities.length + 1})`;
    names.add(name);
    const id = entities.length + 1;
    entities.push({ id, slug: `${slugify(name, 60)}-${id.toString(36)}`, name, kind, aliases });
  }
  return entities;
}

export interface ArticleSeed {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  status: 'PUBLISHED';
  publishedAt: Date;
  sectionId: number;
  wordCount: number;
  mentions: { entityId: number; mentionCount: number; firstOffset: number; salience: number }[];
  summaries: { length: 'SHORT' | 'MEDIUM'; text: string; bodyHash: string }[];
}

export interface ArticleFactoryOptions {
  sentences: Sentence[];
  sectionCount: number;
  entityCount: number;
  /** Newest article's publication time; articles are spread back from it, oldest first by id. */
  newest: Date;
  /** Minutes between consecutive articles on average. */
  spacingMinutes: number;
  /** Share of articles with summaries (SHORT; half of those also MEDIUM). */
  summaryShare: number;
  total: number;
}

/**
 * Builds article `id` (1-based): a body of 300-900 words in paragraphs of 2-5 recombined
 * sentences, a title from a sentence's opening words, 3-7 mentions drawn from a Zipf law over the
 * entities (about 5 on average), and extractive summaries for most.
 */
export function createArticleFactory(options: ArticleFactoryOptions, random: () => number) {
  const { sentences } = options;
  const zipf = createZipf(options.entityCount);
  const sentence = () => sentences[Math.floor(random() * sentences.length)]!;
  const oldest = options.newest.getTime() - options.total * options.spacingMinutes * 60_000;
  return (id: number): ArticleSeed => {
    const target = randomInt(random, 300, 900);
    const paragraphs: string[] = [];
    const summaryParts: string[] = [];
    let words = 0;
    while (words < target) {
      const size = randomInt(random, 2, 5);
      const parts: string[] = [];
      for (let i = 0; i < size && words < target; i += 1) {
        const s = sentence();
        parts.push(s.text);
        words += s.words;
        if (summaryParts.length < 3) summaryParts.push(s.text);
      }
      paragraphs.push(parts.join(' '));
    }
    const body = paragraphs.join('\n\n');
    const opening = sentence()
      .text.split(' ')
      .slice(0, randomInt(random, 6, 12))
      .join(' ')
      .replace(/[,;:.!?"'”’]+$/u, '');
    const title = opening.length > 0 ? opening : `Article ${id}`;
    const slug = `${slugify(title, 60) || 'article'}-${id.toString(36)}`;
    const mentionCount = randomInt(random, 3, 7);
    const chosen = new Set<number>();
    // Bounded: a handful of draws beyond the wanted count; a short list is fine.
    for (let tries = 0; chosen.size < mentionCount && tries < mentionCount * 4; tries += 1)
      chosen.add(zipf(random) + 1);
    const saliences = [...chosen].map(() => Math.round(random() * 1000) / 1000).sort((a, b) => b - a);
    const mentions = [...chosen].map((entityId, i) => ({
      entityId,
      mentionCount: randomInt(random, 1, 6),
      firstOffset: Math.floor(random() * body.length),
      salience: saliences[i]!,
    }));
    const summaries: ArticleSeed['summaries'] = [];
    if (random() < options.summaryShare) {
      // Stored as the server's current generator would have stored them (generate.ts writes
      // EXTRACTIVE_GENERATOR), so that they answer; the text is the opening sentences rather than
      // the ranking's choice, which would cost the generator milliseconds an article.
      const hash = bodyHash(body);
      summaries.push({ length: 'SHORT', text: summaryParts[0]!, bodyHash: hash });
      if (random() < 0.5) summaries.push({ length: 'MEDIUM', text: summaryParts.join(' '), bodyHash: hash });
    }
    const jitter = Math.floor(random() * options.spacingMinutes * 60_000 * 0.5);
    return {
      id,
      slug,
      title,
      standfirst: sentence().text,
      body,
      status: 'PUBLISHED',
      publishedAt: new Date(oldest + (id - 1) * options.spacingMinutes * 60_000 + jitter),
      sectionId: randomInt(random, 1, options.sectionCount),
      wordCount: words,
      mentions,
      summaries,
    };
  };
}
