// Placeholder splitter, replaced by the full splitter of the intelligence work.
export function splitSentences(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /[^.!?]+(?:[.!?]+["'”’)]*|$)/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t) out.push({ text: t, start: m.index! + lead, end: m.index! + lead + t.length });
  }
  return out;
}
