// Scoring of entity mentions against gold spans (used by the evaluation CLI and tests).
import type { EntityKind, ExtractedEntity } from './entities.js';

export type GoldType = 'PERSON' | 'ORG' | 'PLACE';
export interface ScoredSpan {
  start: number;
  end: number;
  type: GoldType;
}
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}
export type MatchMode = 'exact' | 'lenient';

const TO_GOLD: Record<EntityKind, GoldType> = { PERSON: 'PERSON', ORGANIZATION: 'ORG', PLACE: 'PLACE' };

export function mentionsOf(entities: ExtractedEntity[]): ScoredSpan[] {
  return entities
    .flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, type: TO_GOLD[e.kind] })))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function typesMatch(a: GoldType, b: GoldType, mode: MatchMode): boolean {
  if (a === b) return true;
  // lenient: countries acting politically are ORG in the gold, so ORG and PLACE are one class
  return mode === 'lenient' && a !== 'PERSON' && b !== 'PERSON';
}

function spansMatch(p: ScoredSpan, g: ScoredSpan, mode: MatchMode): boolean {
  if (!typesMatch(p.type, g.type, mode)) return false;
  if (mode === 'exact') return p.start === g.start && p.end === g.end;
  return p.start < g.end && g.start < p.end;
}

/**
 * One-to-one matching; returns counts per type (TP and FN under the gold type, FP under the
 * predicted type) plus the micro total under key "ALL".
 */
export function scoreDocument(pred: ScoredSpan[], gold: ScoredSpan[], mode: MatchMode): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  const bump = (k: string, f: keyof Counts) => {
    out[k] ??= { tp: 0, fp: 0, fn: 0 };
    out[k][f]++;
    out.ALL ??= { tp: 0, fp: 0, fn: 0 };
    out.ALL[f]++;
  };
  const used = new Array<boolean>(gold.length).fill(false);
  for (const p of pred) {
    // prefer an exact-boundary partner, then any overlapping one
    let idx = gold.findIndex((g, i) => !used[i] && g.start === p.start && g.end === p.end && spansMatch(p, g, mode));
    if (idx < 0) idx = gold.findIndex((g, i) => !used[i] && spansMatch(p, g, mode));
    if (idx >= 0) {
      used[idx] = true;
      bump(gold[idx]!.type, 'tp');
    } else bump(p.type, 'fp');
  }
  gold.forEach((g, i) => {
    if (!used[i]) bump(g.type, 'fn');
  });
  return out;
}

export function addCounts(into: Record<string, Counts>, more: Record<string, Counts>): void {
  for (const [k, c] of Object.entries(more)) {
    into[k] ??= { tp: 0, fp: 0, fn: 0 };
    into[k].tp += c.tp;
    into[k].fp += c.fp;
    into[k].fn += c.fn;
  }
}

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, ...c };
}
