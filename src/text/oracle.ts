// Extractive reference summaries built from human abstracts: the greedy ROUGE oracle.
//
// Extractive summarisers are commonly trained and scored against "oracle" labels: the article's own
// sentences that best cover a human-written abstract, chosen greedily (Nallapati et al. 2017,
// SummaRuNNer; Kedzie et al. 2018 for a fixed number of sentences). With a fixed budget of k
// sentences the question is which k sentences cover the most of what the humans wrote, so each step
// adds the sentence with the largest gain in ROUGE-1 + ROUGE-2 recall against all the human summaries
// together (clipped counts, so a word the humans wrote once is covered once), the shorter sentence on a
// tie; the oracle stops early when no sentence adds anything. The result is a multi-sentence extractive
// reference in article order, like the BBC News Summary set's, built from openly licensed text.
//
// Recall favours long sentences, which cover more; the `f1` objective (ROUGE-1 + ROUGE-2 F1 of the chosen
// set, as SummaRuNNer's labels use) favours concise ones. The evaluation reports against both, so a ranking
// that only wins because it picks long sentences shows it.
import { rougeTokens } from './rouge.js';

function counts(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function total(m: Map<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

export type OracleObjective = 'recall' | 'f1';

/**
 * Indices (ascending) of at most k sentences that greedily maximise ROUGE-1 + ROUGE-2 recall (or F1) of their
 * union against the references joined.
 */
export function oracleIndices(
  sentences: string[],
  references: string[],
  k: number,
  objective: OracleObjective = 'recall',
): number[] {
  const refTokens = references.flatMap((r) => rougeTokens(r));
  const ref = [counts(refTokens, 1), counts(refTokens, 2)] as const;
  const refTotal = [Math.max(1, total(ref[0])), Math.max(1, total(ref[1]))] as const;
  const grams = sentences.map((s) => {
    const t = rougeTokens(s);
    return { len: t.length, g: [counts(t, 1), counts(t, 2)] as const };
  });
  const covered = [new Map<string, number>(), new Map<string, number>()] as const;
  const hits = [0, 0];
  const lengths = [0, 0];
  const chosen: number[] = [];
  while (chosen.length < Math.min(k, sentences.length)) {
    let best = -1;
    let bestGain = 0;
    for (let i = 0; i < sentences.length; i++) {
      if (chosen.includes(i)) continue;
      let gain = 0;
      for (const n of [0, 1] as const) {
        let hit = 0;
        for (const [g, c] of grams[i]!.g[n]) {
          const room = (ref[n].get(g) ?? 0) - (covered[n].get(g) ?? 0);
          if (room > 0) hit += Math.min(c, room);
        }
        if (objective === 'recall') gain += hit / refTotal[n];
        else {
          // the F1 of the set with sentence i minus the F1 without it (F1 = 2 * hits / (candidate + reference))
          const length = lengths[n]! + Math.max(0, grams[i]!.len - n);
          gain += (2 * (hits[n]! + hit)) / (length + refTotal[n]) - (2 * hits[n]!) / (lengths[n]! + refTotal[n]);
        }
      }
      if (gain <= 1e-12) continue;
      const better =
        best === -1 ||
        gain > bestGain + 1e-12 ||
        (Math.abs(gain - bestGain) <= 1e-12 && grams[i]!.len < grams[best]!.len);
      if (better) {
        best = i;
        bestGain = gain;
      }
    }
    if (best === -1) break;
    chosen.push(best);
    for (const n of [0, 1] as const) {
      for (const [g, c] of grams[best]!.g[n]) {
        hits[n]! += Math.max(0, Math.min(c, (ref[n].get(g) ?? 0) - (covered[n].get(g) ?? 0)));
        covered[n].set(g, (covered[n].get(g) ?? 0) + c);
      }
      lengths[n]! += Math.max(0, grams[best]!.len - n);
    }
  }
  return chosen.sort((a, b) => a - b);
}
