// ROUGE-1, ROUGE-2 and ROUGE-L (F1) for evaluating summaries.
// Tokens are lower-case runs of letters and digits; n-gram counts are clipped (each reference
// n-gram can be matched once); ROUGE-L uses the longest common subsequence of the token lists.

export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}
export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function prf(overlap: number, candTotal: number, refTotal: number): RougeScore {
  const precision = candTotal ? overlap / candTotal : 0;
  const recall = refTotal ? overlap / refTotal : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function rougeN(candidate: string, reference: string, n: number): RougeScore {
  const c = ngrams(rougeTokens(candidate), n);
  const r = ngrams(rougeTokens(reference), n);
  let overlap = 0;
  let ct = 0;
  let rt = 0;
  for (const v of c.values()) ct += v;
  for (const v of r.values()) rt += v;
  for (const [g, v] of c) overlap += Math.min(v, r.get(g) ?? 0);
  return prf(overlap, ct, rt);
}

function lcsLength(a: string[], b: string[]): number {
  // one rolling row keeps memory linear in the shorter text
  const prev = new Array<number>(b.length + 1).fill(0);
  const cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j]!;
  }
  return prev[b.length]!;
}

export function rougeL(candidate: string, reference: string): RougeScore {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return prf(lcsLength(c, r), c.length, r.length);
}

export function rouge(candidate: string, reference: string): RougeScores {
  return {
    rouge1: rougeN(candidate, reference, 1),
    rouge2: rougeN(candidate, reference, 2),
    rougeL: rougeL(candidate, reference),
  };
}
