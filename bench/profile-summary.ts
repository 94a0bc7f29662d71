import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the server's time goes, from a V8 CPU profile (`npm run bench -- --profile` writes one for
 * each server): self time by package, and self and inclusive time of the heaviest functions.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profile-<stamp>[/file.cpuprofile] [--top 30] [--after SECONDS]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function packageOf(url: string): string {
  if (!url) return '(V8 / native)';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0)
    return `broadsheet ${url
      .slice(src + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  return url.replace(/^file:\/\//, '');
}

export interface Summary {
  totalMs: number;
  byPackage: [string, number][];
  selfByFunction: [string, number][];
  inclusiveByFunction: [string, number][];
}

export function summarise(profile: Profile, top = 30, afterMs = 0): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (n: ProfileNode) => {
    const name = n.callFrame.functionName || '(anonymous)';
    return n.callFrame.url ? `${name} ${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : name;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsed += ms;
    const node = byId.get(id)!;
    if (elapsed < afterMs || node.callFrame.functionName === '(idle)') return;
    total += ms;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const pkg = node.callFrame.url ? packageOf(node.callFrame.url) : node.callFrame.functionName || '(V8 / native)';
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = label(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total,
    byPackage: sorted(packages),
    selfByFunction: sorted(self),
    inclusiveByFunction: sorted(inclusive),
  };
}

function main(): void {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: npx tsx bench/profile-summary.ts PROFILE_DIR_OR_FILE [--top N] [--after SECONDS]');
    process.exit(2);
  }
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
  // Samples from the first SECONDS of the profile (start-up, warm-up) left out.
  const afterIndex = process.argv.indexOf('--after');
  const afterMs = afterIndex > 0 ? Number(process.argv[afterIndex + 1]) * 1000 : 0;
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => path.join(target, f))
    : [target];
  for (const file of files) {
    const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, top, afterMs);
    const pct = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1)}% (${ms.toFixed(0)} ms)`;
    console.log(`## ${path.basename(file)}: ${(summary.totalMs / 1000).toFixed(1)} s on CPU (idle excluded)\n`);
    console.log('### Self time by package\n');
    for (const [name, ms] of summary.byPackage) console.log(`- ${pct(ms)} ${name}`);
    console.log('\n### Self time by function\n');
    for (const [name, ms] of summary.selfByFunction) console.log(`- ${pct(ms)} ${name}`);
    console.log('\n### Inclusive time by function\n');
    for (const [name, ms] of summary.inclusiveByFunction) console.log(`- ${pct(ms)} ${name}`);
    console.log('');
  }
}

if (process.argv[1]?.endsWith('profile-summary.ts')) main();
