// Evaluate entity extraction and summaries on the shared corpus.
//
//   tsx src/cli/eval.ts [corpusDir]      (default: ../shared/corpus from the working directory)
//
// Splits: documents sorted by id; every third one (index % 3 === 2) is HELD-OUT, the rest TUNE.
// All rules and weights were chosen looking at TUNE only. NER scoring ignores gold spans marked
// `nested` (our extractor emits flat, non-overlapping spans); "exact" needs identical boundaries and
// type, "lenient" needs overlapping spans and treats ORG and PLACE as one class. Summaries are scored
// against the human summaries and against oracle-k, the k sentences that best cover them (text/oracle.ts).
// Exits 1 when a target is missed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EntityKind, SUMMARY_LENGTHS } from '../domain.js';
import { extractEntities } from '../text/entities.js';
import {
  addCounts,
  type Counts,
  type MatchMode,
  mentionsOf,
  prf,
  type ScoredSpan,
  scoreDocument,
} from '../text/ner-score.js';
import { oracleIndices } from '../text/oracle.js';
import { type RougeScores, rouge } from '../text/rouge.js';
import { splitSentences } from '../text/sentences.js';
import { type SummaryLength, summarize, textRankSummary } from '../text/summarize.js';

interface GoldDoc {
  id: string;
  text: string;
  /** The headline at the start of `text` ('' for none); absent: the text up to its first blank line. */
  title?: string;
  entities: { start: number; end: number; type: 'PERSON' | 'ORG' | 'PLACE'; nested?: boolean }[];
}
interface NewsDoc {
  id: string;
  title: string;
  body: string;
  summary: string;
  summaries: string[];
}

const SPLITS = ['ALL', 'TUNE', 'HELD-OUT'] as const;
type Split = (typeof SPLITS)[number];

const TARGETS = { lenientF1: 0.8, exactF1: 0.62, shortR1: 0.4, shortR2: 0.21, articlesPerSecond: 20, msPerSummary: 5 };

function readNdjson<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function bySplit<T extends { id: string }>(docs: T[]): Record<Split, T[]> {
  const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    ALL: sorted,
    TUNE: sorted.filter((_, i) => i % 3 !== 2),
    'HELD-OUT': sorted.filter((_, i) => i % 3 === 2),
  };
}

function splitTitle(text: string): [string, string] {
  const sep = text.indexOf('\n\n');
  return sep < 0 ? ['', text] : [text.slice(0, sep), text.slice(sep + 2)];
}

/** A gold document's headline and body: a document without a headline gives none (its first paragraph is body). */
function titleAndBody(d: GoldDoc): [string, string] {
  if (d.title === undefined) return splitTitle(d.text);
  return d.title ? [d.title, d.text.slice(d.title.length + 2)] : ['', d.text];
}

const f3 = (x: number) => x.toFixed(3);
function table(header: string[], rows: (string | number)[][]): string {
  const cells = [
    header,
    ...rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : f3(c)) : c))),
  ];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  '))
    .join('\n');
}

function evaluateNer(docs: GoldDoc[]): Record<MatchMode, Record<string, Counts>> {
  const totals: Record<MatchMode, Record<string, Counts>> = { exact: {}, lenient: {} };
  for (const d of docs) {
    const [title, body] = titleAndBody(d);
    const pred = mentionsOf(extractEntities(title, body));
    const gold: ScoredSpan[] = d.entities
      .filter((e) => !e.nested)
      .map((e) => ({ start: e.start, end: e.end, type: e.type }));
    for (const mode of ['exact', 'lenient'] as const) addCounts(totals[mode], scoreDocument(pred, gold, mode));
  }
  return totals;
}

/**
 * Throughput measured on CPU time (user + system) as well as wall time: CPU time is what "one core"
 * means and does not depend on how busy the machine is with other work.
 */
interface Speed {
  wallPerSec: number;
  cpuPerSec: number;
}

function measure(run: () => number, minMs: number): Speed {
  run(); // warm-up: module data and JIT
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || n === 0) n += run();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  return { wallPerSec: n / wall, cpuPerSec: n / cpu };
}

function nerSpeed(docs: GoldDoc[]): Speed {
  return measure(() => {
    for (const d of docs) {
      const [title, body] = titleAndBody(d);
      extractEntities(title, body);
    }
    return docs.length;
  }, 3000);
}

function paragraphsOf(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

type SysName =
  | 'LEAD-1'
  | 'TEXTRANK-1'
  | 'SHORT'
  | 'LEAD-3'
  | 'TEXTRANK-3'
  | 'MEDIUM'
  | 'LEAD-5'
  | 'TEXTRANK-5'
  | 'LONG';
// TEXTRANK-k is the plain centrality baseline (PageRank over sentence similarity, no prior), the k best in article order.
const SYSTEMS: { name: SysName; k: number; lead?: boolean; textRank?: boolean; length?: SummaryLength }[] = [
  { name: 'LEAD-1', k: 1, lead: true },
  { name: 'TEXTRANK-1', k: 1, textRank: true },
  { name: 'SHORT', k: 1, length: 'SHORT' },
  { name: 'LEAD-3', k: 3, lead: true },
  { name: 'TEXTRANK-3', k: 3, textRank: true },
  { name: 'MEDIUM', k: 3, length: 'MEDIUM' },
  { name: 'LEAD-5', k: 5, lead: true },
  { name: 'TEXTRANK-5', k: 5, textRank: true },
  { name: 'LONG', k: 5, length: 'LONG' },
];

/**
 * Two references per system. HUMAN: for one sentence the one-sentence human `summary`, for more all of the
 * article's human summaries joined (mostly one short sentence, so they reward concise, lead-like picks). ORACLE-k:
 * the k article sentences that best cover all the human summaries (greedy ROUGE oracle, see text/oracle.ts), a
 * multi-sentence extractive reference like the BBC News Summary set's, which rewards picking what matters.
 * ORACLE-F1: the same with F1 as the greedy objective (it stops when no sentence raises F1, so up to k), which
 * favours concise sentences: a check that a system does not win only by picking long ones.
 */
type Reference = 'human' | 'oracle' | 'oracleF1';
const REFERENCES: Reference[] = ['human', 'oracle', 'oracleF1'];
interface SummaryFigures {
  rouge: Record<Reference, RougeScores>;
  firstThree: number;
  sameAsLead: number;
}

function evaluateSummaries(docs: NewsDoc[]): Record<SysName, SummaryFigures> {
  type Acc = { r1: number; r2: number; rl: number };
  const sums = {} as Record<SysName, Record<Reference, Acc> & { picks: number; early: number; lead: number }>;
  for (const d of docs) {
    const paras = paragraphsOf(d.body);
    const sentences = paras.flatMap((p) => splitSentences(p).map((s) => s.text));
    const oracle = new Map<number, string>();
    const oracleF1 = new Map<number, string>();
    for (const k of new Set(SYSTEMS.map((s) => s.k))) {
      oracle.set(
        k,
        oracleIndices(sentences, d.summaries, k)
          .map((i) => sentences[i]!)
          .join(' '),
      );
      oracleF1.set(
        k,
        oracleIndices(sentences, d.summaries, k, 'f1')
          .map((i) => sentences[i]!)
          .join(' '),
      );
    }
    for (const s of SYSTEMS) {
      const picked = s.lead
        ? sentences.slice(0, s.k)
        : s.textRank
          ? textRankSummary(paras, s.k)
          : summarize(paras, s.length!, { title: d.title });
      const cand = picked.join(' ');
      const zero = () => ({ r1: 0, r2: 0, rl: 0 });
      sums[s.name] ??= { human: zero(), oracle: zero(), oracleF1: zero(), picks: 0, early: 0, lead: 0 };
      const acc = sums[s.name];
      const refs: Record<Reference, string> = {
        human: s.k > 1 ? d.summaries.join(' ') : d.summary,
        oracle: oracle.get(s.k)!,
        oracleF1: oracleF1.get(s.k)!,
      };
      for (const ref of REFERENCES) {
        const r = rouge(cand, refs[ref]);
        acc[ref].r1 += r.rouge1.f1;
        acc[ref].r2 += r.rouge2.f1;
        acc[ref].rl += r.rougeL.f1;
      }
      // how lead-like the picks are: the issue's measure (share of picks among the first three sentences) and
      // the share of articles whose summary is exactly the lead (a multi-sentence quotation can add sentences)
      acc.picks += picked.length;
      acc.early += picked.filter((x) => sentences.indexOf(x) < 3).length;
      if (cand === sentences.slice(0, s.k).join(' ')) acc.lead++;
    }
  }
  const out = {} as Record<SysName, SummaryFigures>;
  const n = Math.max(1, docs.length);
  const scores = (a: Acc): RougeScores => {
    const one = (f1: number) => ({ precision: NaN, recall: NaN, f1: f1 / n });
    return { rouge1: one(a.r1), rouge2: one(a.r2), rougeL: one(a.rl) };
  };
  for (const s of SYSTEMS) {
    const a = sums[s.name];
    const rouge = Object.fromEntries(
      REFERENCES.map((ref) => [ref, scores(a?.[ref] ?? { r1: 0, r2: 0, rl: 0 })]),
    ) as Record<Reference, RougeScores>;
    out[s.name] = { rouge, firstThree: a?.picks ? a.early / a.picks : 0, sameAsLead: (a?.lead ?? 0) / n };
  }
  return out;
}

const SUMMARY_HEADER = ['split', 'system', 'reference', 'R1', 'R2', 'RL', 'first 3', '= lead'];
const F1_CHECK_HEADER = ['split', ...SYSTEMS.map((s) => s.name)];
/** One row of ROUGE-1 against ORACLE-F1 per split: the check with concise extractive references. */
function f1CheckRow(split: string, r: Record<SysName, SummaryFigures>): (string | number)[] {
  return [split, ...SYSTEMS.map((s) => r[s.name].rouge.oracleF1.rouge1.f1)];
}

/** Table rows of one split: every system against its human reference, then against the oracle. */
function summaryRows(split: string, r: Record<SysName, SummaryFigures>): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const ref of ['human', 'oracle'] as const) {
    for (const s of SYSTEMS) {
      const x = r[s.name].rouge[ref];
      const label = ref === 'oracle' ? `oracle-${s.k}` : s.k > 1 ? 'all summaries' : 'summary';
      const pct = (v: number) => `${Math.round(v * 100)}%`;
      rows.push([
        split,
        s.name,
        label,
        x.rouge1.f1,
        x.rouge2.f1,
        x.rougeL.f1,
        pct(r[s.name].firstThree),
        pct(r[s.name].sameAsLead),
      ]);
    }
  }
  return rows;
}

/** Milliseconds per summarize() call (CPU time and wall time). */
function summarySpeed(docs: NewsDoc[]): { cpuMs: number; wallMs: number } {
  const inputs = docs.map((d) => ({ paras: paragraphsOf(d.body), title: d.title }));
  const lengths = SUMMARY_LENGTHS;
  const s = measure(() => {
    for (const x of inputs) for (const l of lengths) summarize(x.paras, l, { title: x.title });
    return inputs.length * lengths.length;
  }, 1500);
  return { cpuMs: 1000 / s.cpuPerSec, wallMs: 1000 / s.wallPerSec };
}

/**
 * Openly licensed text that is not the shared corpus: GUM's biographies, Wikivoyage guides, academic
 * papers and court texts (see eval/gum/README.md), converted the same way as the shared corpus. TUNE was
 * looked at while writing rules; HELD-OUT was only ever scored, never read, so it is the unseen-text figure.
 */
interface OpenDoc extends NewsDoc {
  entities: GoldDoc['entities'];
}

/**
 * Where the open data is: `--open DIR`, else `gum/` inside the corpus folder, else `eval/gum/` in this checkout
 * (git-ignored: the data is built locally by eval/gum/convert.py from a GUM snapshot and not committed here).
 * Undefined when none holds it: the open figures are then not reported, and their floors not checked.
 */
function findOpenData(corpusDir: string, name = 'gum', flag = '--open'): string | undefined {
  const at = process.argv.indexOf(flag);
  const candidates =
    at !== -1
      ? [resolve(process.cwd(), process.argv[at + 1] ?? '')]
      : [resolve(corpusDir, name), resolve(dirname(fileURLToPath(import.meta.url)), `../../eval/${name}`)];
  return candidates.find(
    (dir) => existsSync(resolve(dir, 'held-out', 'docs.ndjson')) && existsSync(resolve(dir, 'tune', 'docs.ndjson')),
  );
}

/** Scores open documents' names, adding a row per match mode and type to `rows`. */
function scoreOpenNer(
  docs: OpenDoc[],
  name: string,
  rows: (string | number)[][],
): Record<MatchMode, Record<string, Counts>> {
  const gold: GoldDoc[] = docs.map((d) => ({
    id: d.id,
    text: d.title ? `${d.title}\n\n${d.body}` : d.body,
    title: d.title,
    entities: d.entities,
  }));
  const res = evaluateNer(gold);
  for (const mode of ['exact', 'lenient'] as const) {
    for (const type of ['PERSON', 'ORG', 'PLACE', 'ALL']) {
      const s = prf(res[mode][type] ?? { tp: 0, fp: 0, fn: 0 });
      rows.push([name, mode, type === 'ALL' ? 'micro' : type, s.precision, s.recall, s.f1, s.tp, s.fp, s.fn]);
    }
  }
  return res;
}

/** F1 from the counts, 2TP / (2TP + FP + FN): the same figure as from P and R, without their rounding (0.8, not 0.79999…). */
function countF1(c: Counts = { tp: 0, fp: 0, fn: 0 }): number {
  return c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0;
}

/** The held-out figures the baseline's floors name: `<prefix>NerExactF1`, `…NerPrecision`, `…NerLenientF1`. */
function heldOutNerFigures(res: Record<MatchMode, Record<string, Counts>>, prefix: string): Record<string, number> {
  return {
    [`${prefix}NerExactF1`]: countF1(res.exact.ALL),
    [`${prefix}NerPrecision`]: prf(res.exact.ALL ?? { tp: 0, fp: 0, fn: 0 }).precision,
    [`${prefix}NerLenientF1`]: countF1(res.lenient.ALL),
  };
}

// issue #18's targets on text the extractor was not tuned on, for every held-out part present
const UNSEEN_TARGETS = { exactF1: 0.7, lenientF1: 0.8, precision: 0.7 };
const UNSEEN_SPLITS = [
  ['shared', 'HELD-OUT'],
  ['open', 'GUM-HELD-OUT'],
  ['uner', 'UNER-HELD-OUT'],
] as const;

/**
 * Universal NER's English PUD (news and Wikipedia excerpts, see eval/uner/convert.py), built locally into
 * `eval/uner/{tune,held-out}` (or `uner/` beside the corpus, or `--uner DIR`). Names only: it has no summaries.
 * Its first figure, before any rule looked at it, is in src/text/README.md.
 */
function evaluateUnerData(dir: string, name = 'UNER', prefix = 'uner', about = UNER_PUD): Record<string, number> {
  const rows: (string | number)[][] = [];
  let figures: Record<string, number> = {};
  for (const split of ['tune', 'held-out'] as const) {
    const res = scoreOpenNer(
      readNdjson<OpenDoc>(resolve(dir, split, 'docs.ndjson')),
      `${name}-${split.toUpperCase()}`,
      rows,
    );
    if (split === 'held-out') figures = heldOutNerFigures(res, prefix);
  }
  console.log(`\nOpen data (${about})`);
  console.log(table(['split', 'match', 'type', 'P', 'R', 'F1', 'TP', 'FP', 'FN'], rows));
  return figures;
}
const UNER_PUD = 'Universal NER English PUD, news and Wikipedia excerpts; held-out never read while tuning';
const UNER_EWT =
  "Universal NER English Web Treebank, web text outside the product's domain: TUNE is its dev file, whose errors pass 20 read; HELD-OUT its test file, only ever scored";

function evaluateOpenData(OPEN_DIR: string): Record<string, number> {
  const figures: Record<string, number> = {};
  const nerRows: (string | number)[][] = [];
  const sumRows: (string | number)[][] = [];
  const checkRows: (string | number)[][] = [];
  for (const split of ['tune', 'held-out'] as const) {
    const docs = readNdjson<OpenDoc>(resolve(OPEN_DIR, split, 'docs.ndjson'));
    const name = `GUM-${split.toUpperCase()}`;
    const res = scoreOpenNer(docs, name, nerRows);
    // only documents with human summaries count for ROUGE
    const r = evaluateSummaries(docs.filter((d) => d.summaries.length));
    sumRows.push(...summaryRows(name, r));
    checkRows.push(f1CheckRow(name, r));
    if (split === 'held-out') {
      Object.assign(figures, heldOutNerFigures(res, 'open'));
      figures.openMediumRouge1 = r.MEDIUM.rouge.human.rouge1.f1;
      figures.openLongRouge1 = r.LONG.rouge.human.rouge1.f1;
      figures.openMediumOracleRouge1 = r.MEDIUM.rouge.oracle.rouge1.f1;
      figures.openLongOracleRouge1 = r.LONG.rouge.oracle.rouge1.f1;
    }
  }
  console.log('\nOpen data (GUM bio/voyage/academic/court; held-out never read while tuning)');
  console.log(table(['split', 'match', 'type', 'P', 'R', 'F1', 'TP', 'FP', 'FN'], nerRows));
  console.log('');
  console.log(table(SUMMARY_HEADER, sumRows));
  console.log('\nROUGE-1 against ORACLE-F1 (concise extractive references)');
  console.log(table(F1_CHECK_HEADER, checkRows));
  console.log('');
  return figures;
}

/**
 * The article the product was designed from: every name in it must come out with the right type (a country or
 * capital may be a place or, acting politically, an organisation) and nothing else may be typed a person or an
 * organisation.
 */
const SEED_NAMES: Record<string, EntityKind[]> = {
  'Anthony Blinken': ['PERSON'],
  'Nikol Pashinyan': ['PERSON'],
  'Sergei Lavrov': ['PERSON'],
  'Ararat Mirzoyan': ['PERSON'],
  'United States Department of State': ['ORGANIZATION'],
  'Nagorno-Karabakh': ['PLACE'],
  'South Caucasus': ['PLACE'],
  Azerbaijan: ['PLACE', 'ORGANIZATION'],
  US: ['PLACE', 'ORGANIZATION'],
  Washington: ['PLACE', 'ORGANIZATION'],
  Russia: ['PLACE', 'ORGANIZATION'],
  Moscow: ['PLACE', 'ORGANIZATION'],
  Yerevan: ['PLACE', 'ORGANIZATION'],
  Armenia: ['PLACE', 'ORGANIZATION'],
};

function checkSeedArticle(dir: string): string[] {
  let seed: { title: string; paragraphs: string[]; pageFurniture?: string[] };
  try {
    seed = JSON.parse(readFileSync(resolve(dir, 'seed-article.json'), 'utf8'));
  } catch {
    return ['seed-article.json is missing'];
  }
  const found = extractEntities(seed.title, [...seed.paragraphs, ...(seed.pageFurniture ?? [])].join('\n\n'));
  const problems: string[] = [];
  for (const [name, kinds] of Object.entries(SEED_NAMES)) {
    const e = found.find((x) => x.name === name);
    if (!e) problems.push(`${name} not found`);
    else if (!kinds.includes(e.kind)) problems.push(`${name} typed ${e.kind}`);
  }
  for (const e of found) if (!(e.name in SEED_NAMES)) problems.push(`unexpected ${e.kind} ${e.name}`);
  return problems;
}

function main(): void {
  const positional = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !['--baseline', '--open', '--uner'].includes(all[i - 1] ?? ''));
  const dir = resolve(process.cwd(), positional[0] ?? '../shared/corpus');
  let goldDocs: GoldDoc[];
  let newsDocs: NewsDoc[];
  try {
    goldDocs = readNdjson<GoldDoc>(resolve(dir, 'wikinews-entities.ndjson'));
    newsDocs = readNdjson<NewsDoc>(resolve(dir, 'wikinews.ndjson'));
  } catch (err) {
    console.error(`eval: cannot read the corpus in ${dir}: ${(err as Error).message}`);
    process.exit(2);
  }
  const failures: string[] = [];
  const goldSplits = bySplit(goldDocs);
  const newsSplits = bySplit(newsDocs);

  console.log(`Corpus: ${dir}`);
  console.log(
    `Splits: sorted by id, every third document held out (TUNE ${goldSplits.TUNE.length}, HELD-OUT ${goldSplits['HELD-OUT'].length}).`,
  );
  console.log(
    'NER: nested gold spans are not scored; exact = same span and type; lenient = overlapping span, ORG~PLACE.\n',
  );

  const nerRows: (string | number)[][] = [];
  const micro: Record<Split, Record<MatchMode, number>> = {} as never;
  let sharedHeldOut: Record<string, number> = {};
  for (const split of SPLITS) {
    const res = evaluateNer(goldSplits[split]);
    if (split === 'HELD-OUT') sharedHeldOut = heldOutNerFigures(res, 'shared');
    micro[split] = { exact: 0, lenient: 0 };
    for (const mode of ['exact', 'lenient'] as const) {
      for (const type of ['PERSON', 'ORG', 'PLACE', 'ALL']) {
        const s = prf(res[mode][type] ?? { tp: 0, fp: 0, fn: 0 });
        nerRows.push([split, mode, type === 'ALL' ? 'micro' : type, s.precision, s.recall, s.f1, s.tp, s.fp, s.fn]);
        if (type === 'ALL') micro[split][mode] = s.f1;
      }
    }
  }
  console.log('Named entities');
  console.log(table(['split', 'match', 'type', 'P', 'R', 'F1', 'TP', 'FP', 'FN'], nerRows));
  const speed = nerSpeed(goldDocs);
  const aps = speed.cpuPerSec;
  console.log(
    `\nNER speed: ${aps.toFixed(1)} articles/s per core (CPU time; ${speed.wallPerSec.toFixed(1)}/s wall clock on this machine)\n`,
  );

  const sumRows: (string | number)[][] = [];
  const rougeAll = {} as Record<Split, Record<SysName, SummaryFigures>>;
  for (const split of SPLITS) {
    rougeAll[split] = evaluateSummaries(newsSplits[split]);
    sumRows.push(...summaryRows(split, rougeAll[split]));
  }
  console.log(
    'Summaries (ROUGE F1, mean over articles; oracle-k = the k sentences that best cover the human summaries;',
  );
  console.log(
    '"first 3" = share of picked sentences among the first three, "= lead" = share of articles where it is LEAD-k)',
  );
  console.log(table(SUMMARY_HEADER, sumRows));
  console.log(
    '\nROUGE-1 against ORACLE-F1 (the oracle with F1 as its objective: concise extractive references, up to k sentences)',
  );
  console.log(
    table(
      F1_CHECK_HEADER,
      SPLITS.map((split) => f1CheckRow(split, rougeAll[split])),
    ),
  );
  const openDir = findOpenData(dir);
  const open = openDir ? evaluateOpenData(openDir) : {};
  if (!openDir)
    console.log(
      '\nOpen data (GUM): not present (--open DIR, or see eval/gum/README.md to build it); its figures are not reported.',
    );
  const unerDir = findOpenData(dir, 'uner', '--uner');
  const uner = unerDir ? evaluateUnerData(unerDir) : {};
  if (!unerDir)
    console.log(
      '\nOpen data (UNER): not present (--uner DIR, or see eval/uner/README.md to build it); its figures are not reported.',
    );
  // web text: reported as a check of generalisation, not held to the issue's targets for news (see UNSEEN_SPLITS)
  const ewtDir = findOpenData(dir, 'ewt', '--ewt');
  if (ewtDir) Object.assign(uner, evaluateUnerData(ewtDir, 'EWT', 'ewt', UNER_EWT));
  const sumSpeed = summarySpeed(newsDocs);
  const ms = sumSpeed.cpuMs;
  console.log(`\nSummary speed: ${ms.toFixed(3)} ms CPU per summary (${sumSpeed.wallMs.toFixed(3)} ms wall clock)\n`);

  const seedProblems = checkSeedArticle(dir);
  console.log(
    `Seed article: ${seedProblems.length ? seedProblems.join('; ') : `all ${Object.keys(SEED_NAMES).length} names typed right`}\n`,
  );
  const all = Object.fromEntries(SYSTEMS.map((s) => [s.name, rougeAll.ALL[s.name].rouge.human])) as Record<
    SysName,
    RougeScores
  >;
  const allOracle = Object.fromEntries(SYSTEMS.map((s) => [s.name, rougeAll.ALL[s.name].rouge.oracle])) as Record<
    SysName,
    RougeScores
  >;
  const figures: Record<string, number> = {
    ...sharedHeldOut,
    ...open,
    ...uner,
    nerLenientF1: micro.ALL.lenient,
    nerExactF1: micro.ALL.exact,
    shortRouge1: all.SHORT.rouge1.f1,
    shortRouge2: all.SHORT.rouge2.f1,
    mediumRouge1: all.MEDIUM.rouge1.f1,
    longRouge1: all.LONG.rouge1.f1,
    mediumOracleRouge1: allOracle.MEDIUM.rouge1.f1,
    longOracleRouge1: allOracle.LONG.rouge1.f1,
    mediumOracleF1Rouge1: rougeAll.ALL.MEDIUM.rouge.oracleF1.rouge1.f1,
    longOracleF1Rouge1: rougeAll.ALL.LONG.rouge.oracleF1.rouge1.f1,
  };
  const targets: { id: string; ok: boolean; message: string }[] = [
    {
      id: 'nerLenientF1',
      ok: micro.ALL.lenient >= TARGETS.lenientF1,
      message: `NER lenient micro F1 ${f3(micro.ALL.lenient)} < ${TARGETS.lenientF1}`,
    },
    {
      id: 'nerExactF1',
      ok: micro.ALL.exact >= TARGETS.exactF1,
      message: `NER exact micro F1 ${f3(micro.ALL.exact)} < ${TARGETS.exactF1}`,
    },
    {
      id: 'shortRouge1',
      ok: all.SHORT.rouge1.f1 >= TARGETS.shortR1,
      message: `SHORT ROUGE-1 ${f3(all.SHORT.rouge1.f1)} < ${TARGETS.shortR1}`,
    },
    {
      id: 'shortRouge2',
      ok: all.SHORT.rouge2.f1 >= TARGETS.shortR2,
      message: `SHORT ROUGE-2 ${f3(all.SHORT.rouge2.f1)} < ${TARGETS.shortR2}`,
    },
    {
      id: 'shortVsLead',
      ok: all.SHORT.rouge1.f1 > all['LEAD-1'].rouge1.f1,
      message: `SHORT ROUGE-1 ${f3(all.SHORT.rouge1.f1)} <= LEAD-1 ${f3(all['LEAD-1'].rouge1.f1)}`,
    },
    // issue #18: several sentences should be what matters, at least as well as a plain centrality ranking does
    {
      id: 'mediumVsTextRank',
      ok: allOracle.MEDIUM.rouge1.f1 >= allOracle['TEXTRANK-3'].rouge1.f1,
      message: `MEDIUM oracle-3 ROUGE-1 ${f3(allOracle.MEDIUM.rouge1.f1)} < TEXTRANK-3 ${f3(allOracle['TEXTRANK-3'].rouge1.f1)}`,
    },
    {
      id: 'longVsTextRank',
      ok: allOracle.LONG.rouge1.f1 >= allOracle['TEXTRANK-5'].rouge1.f1,
      message: `LONG oracle-5 ROUGE-1 ${f3(allOracle.LONG.rouge1.f1)} < TEXTRANK-5 ${f3(allOracle['TEXTRANK-5'].rouge1.f1)}`,
    },
    { id: 'seedArticle', ok: seedProblems.length === 0, message: `seed article: ${seedProblems.join('; ')}` },
    {
      id: 'nerSpeed',
      ok: aps >= TARGETS.articlesPerSecond,
      message: `NER speed ${aps.toFixed(1)} articles/s < ${TARGETS.articlesPerSecond}`,
    },
    {
      id: 'summarySpeed',
      ok: ms < TARGETS.msPerSummary,
      message: `summary time ${ms.toFixed(3)} ms >= ${TARGETS.msPerSummary} ms`,
    },
  ];
  const unseen: string[] = [];
  for (const [prefix, name] of UNSEEN_SPLITS) {
    const exact = figures[`${prefix}NerExactF1`];
    const lenient = figures[`${prefix}NerLenientF1`];
    const precision = figures[`${prefix}NerPrecision`];
    if (exact === undefined || lenient === undefined || precision === undefined) continue;
    const missed = [
      exact < UNSEEN_TARGETS.exactF1 ? `exact F1 ${f3(exact)} < ${UNSEEN_TARGETS.exactF1}` : '',
      lenient < UNSEEN_TARGETS.lenientF1 ? `lenient F1 ${f3(lenient)} < ${UNSEEN_TARGETS.lenientF1}` : '',
      precision < UNSEEN_TARGETS.precision ? `precision ${f3(precision)} < ${UNSEEN_TARGETS.precision}` : '',
    ].filter(Boolean);
    unseen.push(`${name} ${missed.length ? 'missed' : 'met'} (${f3(exact)} / ${f3(lenient)} / ${f3(precision)})`);
    targets.push({ id: `unseen:${name}`, ok: !missed.length, message: `${name}: ${missed.join(', ')}` });
  }
  console.log(
    `Issue #18 targets on unseen text (exact F1 >= ${UNSEEN_TARGETS.exactF1}, lenient F1 >= ${UNSEEN_TARGETS.lenientF1}, precision >= ${UNSEEN_TARGETS.precision}):\n  ${unseen.join('\n  ')}\n`,
  );
  for (const t of targets) if (!t.ok) failures.push(t.message);
  if (failures.length) console.error(`TARGETS MISSED (${failures.length}):\n  - ${failures.join('\n  - ')}`);
  else console.log('All targets met.');

  // CI gate: with --baseline FILE, every target must be met except the misses that file records,
  // and no quality figure may fall below the floor the file records for it.
  const baselineAt = process.argv.indexOf('--baseline');
  if (baselineAt === -1) {
    if (failures.length) process.exit(1);
    return;
  }
  const baseline = JSON.parse(readFileSync(resolve(process.cwd(), process.argv[baselineAt + 1] ?? ''), 'utf8')) as {
    knownMisses: string[];
    floors: Record<string, number>;
  };
  const gate: string[] = targets.filter((t) => !t.ok && !baseline.knownMisses.includes(t.id)).map((t) => t.message);
  for (const [id, floor] of Object.entries(baseline.floors)) {
    const value = figures[id];
    if (value === undefined && id.startsWith('open') && !openDir) continue;
    if (value === undefined && id.startsWith('uner') && !unerDir) continue;
    if (value === undefined && id.startsWith('ewt') && !ewtDir) continue;
    if (value === undefined) gate.push(`baseline names an unknown figure "${id}"`);
    else if (value < floor) gate.push(`${id} ${f3(value)} fell below its recorded floor ${floor}`);
  }
  if (gate.length) {
    console.error(`EVAL GATE FAILED (${gate.length}):\n  - ${gate.join('\n  - ')}`);
    process.exit(1);
  }
  console.log(
    `Eval gate passed (${baseline.knownMisses.length} known misses: ${baseline.knownMisses.join(', ') || 'none'}).`,
  );
}

main();
