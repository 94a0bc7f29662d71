import { readFileSync } from 'node:fs';

/**
 * The scaling target from two `npm run bench` results: from the smaller archive to the
 * larger, the article page, list and entity page keep their p50 latency within 20%, and search
 * stays under 50 ms p50 at the larger size. Runs made apart meet the machine in different moods;
 * `npm run bench -- --articles 10k,1m` measures both sizes in the same rounds and prints the
 * throughput ratio itself.
 *
 *   npx tsx bench/scaling.ts bench/results/<10k run>.json bench/results/<1m run>.json
 */

interface Result {
  /** `articles` in results written before the bench measured several sizes in one run. */
  options: { articles?: number; sizes?: { articles: number }[]; broadsheetEnv?: string[] };
  measurements: {
    server: string;
    scenario: string;
    articles?: number;
    p50: number;
    p99: number;
    requestsPerSecond: number;
  }[];
}

/** A one-size result as the comparison reads it (a run of several sizes gives its first). */
function oneSize(result: Result): { articles: number; measurements: Result['measurements'] } {
  const articles = result.options.articles ?? result.options.sizes![0]!.articles;
  return {
    articles,
    measurements: result.measurements.filter((m) => m.articles === undefined || m.articles === articles),
  };
}

const KEEPS_LATENCY = new Set(['article', 'list', 'entity']);

function main(): void {
  const [smallFile, largeFile] = process.argv.slice(2);
  if (!smallFile || !largeFile) {
    console.error('usage: npx tsx bench/scaling.ts SMALL.json LARGE.json');
    process.exit(2);
  }
  const smallRun = JSON.parse(readFileSync(smallFile, 'utf8')) as Result;
  const largeRun = JSON.parse(readFileSync(largeFile, 'utf8')) as Result;
  const settings = (r: Result) => (r.options.broadsheetEnv ?? []).join(' ');
  if (settings(smallRun) !== settings(largeRun))
    console.warn(
      `[scaling] the runs differ in Broadsheet's settings: "${settings(smallRun)}" and "${settings(largeRun)}"`,
    );
  const [small, large] = [oneSize(smallRun), oneSize(largeRun)];
  console.log(
    `| scenario | server | p50 ms at ${small.articles} | p50 ms at ${large.articles} | change | p99 ms | req/s |`,
  );
  console.log('|---|---|---:|---:|---:|---|---|');
  const verdicts: string[] = [];
  for (const m of large.measurements) {
    const before = small.measurements.find((s) => s.server === m.server && s.scenario === m.scenario);
    if (!before) continue;
    const change = m.p50 / before.p50 - 1;
    console.log(
      `| ${m.scenario} | ${m.server} | ${before.p50.toFixed(2)} | ${m.p50.toFixed(2)} | ${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)}% | ` +
        `${before.p99.toFixed(1)} → ${m.p99.toFixed(1)} | ${before.requestsPerSecond.toFixed(0)} → ${m.requestsPerSecond.toFixed(0)} |`,
    );
    if (m.server !== 'broadsheet') continue;
    if (KEEPS_LATENCY.has(m.scenario))
      verdicts.push(
        `- ${change <= 0.2 ? 'met' : 'NOT met'}: ${m.scenario} p50 within 20% (${(change * 100).toFixed(0)}%)`,
      );
    if (m.scenario === 'search')
      verdicts.push(
        `- ${m.p50 < 50 ? 'met' : 'NOT met'}: search p50 < 50 ms at ${large.articles} (${m.p50.toFixed(1)} ms)`,
      );
  }
  console.log(['', 'Targets:', '', ...verdicts].join('\n'));
}

main();
