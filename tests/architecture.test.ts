import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The import rules of docs/ARCHITECTURE.md, checked on every file under src/. A file's layer is
// its folder under src/ (src/db/queries/ is part of db), or its own name for a file directly in
// src/ (config.ts, app.ts). Type-only imports count: they tie the layers together as much as any.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface SourceFile {
  /** From the repository root, with forward slashes: src/content/editorial.ts. */
  path: string;
  source: string;
}

interface Rule {
  layer: string;
  /** The only layers it may import (besides its own); outside src/, the top folder (migrations). */
  allow?: readonly string[];
  /** Layers it must not import. */
  deny?: readonly string[];
  /** Packages it must not import. */
  denyPackages?: RegExp;
  why: string;
}

interface Violation {
  from: string;
  to: string;
  why: string;
}

const KERNEL = ['config.ts', 'domain.ts', 'errors.ts', 'field-cost.ts', 'languages.ts'];
const ENTRY_POINTS = ['server.ts', 'cli'];
const ABOVE_SCHEMA = ['schema', 'builder.ts', 'context.ts', 'compiled', 'app.ts', 'server.ts', 'http-server.ts'];

const RULES: readonly Rule[] = [
  {
    layer: 'text',
    allow: ['domain.ts'],
    denyPackages: /^(pg|pg-.+|kysely|graphql|graphql-.+|@graphql-.+|@pothos\/.+|@envelop\/.+|ioredis|dataloader)$/,
    why: 'src/text is pure text processing: from src/ only the value lists (domain.ts), no database or GraphQL package',
  },
  { layer: 'db', allow: [...KERNEL, 'migrations'], why: 'src/db imports only the kernel (and the migrations)' },
  ...KERNEL.map((layer) => ({ layer, allow: KERNEL, why: 'the kernel imports only the kernel' })),
  {
    layer: 'content',
    deny: [...ABOVE_SCHEMA, 'http', 'runtime', 'transports', 'feeds', 'cli'],
    why: 'the write services know no GraphQL schema, request context or HTTP layer',
  },
  {
    layer: 'http',
    deny: [...ABOVE_SCHEMA, 'runtime', 'transports', 'feeds', 'media', 'webhooks', 'cli'],
    why: 'the HTTP plugins work on any schema: they read what fields declare (field-cost.ts), not src/schema',
  },
  {
    layer: 'runtime',
    deny: [...ABOVE_SCHEMA, 'transports', 'feeds', 'cli'],
    why: 'the runtime wires clients and options; the app assembles the server',
  },
];

/** Known breaks of the rules, each with its reason; the test fails when one is gone, so that it is removed here too. */
const KNOWN: readonly (Violation & { reason: string })[] = [];

/**
 * The module specifiers a TypeScript file imports: static imports and re-exports (`… from 'x'`),
 * side-effect imports (`import 'x'`) and `import('x')` with a literal string. Comments, strings,
 * template literals and regular expressions are skipped, so text that merely looks like an import
 * is not one.
 */
function importSpecifiers(source: string): string[] {
  type Token = { kind: 'word' | 'string' | 'punct' | 'other'; text: string };
  const tokens: Token[] = [];
  const templateDepths: number[] = [];
  let braceDepth = 0;
  let i = 0;
  const n = source.length;
  const regexMayFollow = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'punct') return !/^[)\]}]$/.test(last.text);
    if (last.kind === 'word')
      return /^(return|typeof|case|in|of|new|delete|void|throw|else|do|yield|await|instanceof)$/.test(last.text);
    return false;
  };
  // Reads a template literal's text from i (just past ` or }) to its end or its next `${`.
  const readTemplate = () => {
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i += 1;
        tokens.push({ kind: 'other', text: 'template' });
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        templateDepths.push(braceDepth);
        braceDepth += 1;
        tokens.push({ kind: 'punct', text: '${' });
        return;
      } else i += 1;
    }
  };
  while (i < n) {
    const c = source[i];
    if (/\s/.test(c)) i += 1;
    else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? n : end;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== c) {
        if (source[j] === '\\') {
          text += source[j + 1];
          j += 2;
        } else text += source[j++];
      }
      tokens.push({ kind: 'string', text });
      i = j + 1;
    } else if (c === '`') {
      i += 1;
      readTemplate();
    } else if (c === '/' && regexMayFollow()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && (inClass || source[j] !== '/') && source[j] !== '\n') {
        if (source[j] === '\\') j += 1;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j += 1;
      }
      j += 1;
      while (j < n && /[a-z]/i.test(source[j])) j += 1;
      tokens.push({ kind: 'other', text: 'regex' });
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(source[j])) j += 1;
      tokens.push({ kind: 'word', text: source.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(source[j])) j += 1;
      tokens.push({ kind: 'other', text: 'number' });
      i = j;
    } else {
      if (c === '{') braceDepth += 1;
      if (c === '}') {
        braceDepth -= 1;
        if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === braceDepth) {
          templateDepths.pop();
          i += 1;
          readTemplate();
          continue;
        }
      }
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    }
  }
  const specifiers: string[] = [];
  tokens.forEach((token, k) => {
    const next = tokens[k + 1];
    if (token.kind !== 'word' || next === undefined) return;
    // `from 'x'` is only ever the end of an import or export declaration.
    if (token.text === 'from' && next.kind === 'string') specifiers.push(next.text);
    if (token.text !== 'import') return;
    const before = tokens[k - 1];
    if (before?.kind === 'punct' && before.text === '.') return;
    if (next.kind === 'string') specifiers.push(next.text);
    const literal = tokens[k + 2];
    const close = tokens[k + 3];
    if (next.text === '(' && literal?.kind === 'string' && close?.text === ')') specifiers.push(literal.text);
  });
  return specifiers;
}

/** The layer of a path from the repository root: src/db/queries/x.ts → db, src/config.ts → config.ts. */
function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0];
  return parts[1];
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function checkArchitecture(files: readonly SourceFile[], rules: readonly Rule[] = RULES): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    const applying = rules.filter((rule) => rule.layer === from);
    for (const specifier of importSpecifiers(file.source)) {
      if (!specifier.startsWith('.')) {
        if (specifier.startsWith('node:')) continue;
        for (const rule of applying)
          if (rule.denyPackages?.test(packageOf(specifier)))
            violations.push({ from: file.path, to: specifier, why: rule.why });
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
      const to = target.replace(/\.js$/, '.ts');
      const layer = layerOf(to);
      if (layer === from) continue;
      for (const rule of applying) {
        const broken = rule.allow ? !rule.allow.includes(layer) : (rule.deny ?? []).includes(layer);
        if (broken) violations.push({ from: file.path, to, why: rule.why });
      }
      if (ENTRY_POINTS.includes(layer) || (['app.ts', 'http-server.ts'].includes(layer) && from !== 'server.ts'))
        violations.push({ from: file.path, to, why: 'entry points are imported by nothing; app.ts by server.ts only' });
    }
  }
  return violations;
}

function sourceFiles(folder: string): SourceFile[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => {
      const file = `${folder}/${name.split(path.sep).join('/')}`;
      return { path: file, source: readFileSync(path.join(ROOT, file), 'utf8') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

const key = (violation: Violation) => `${violation.from} -> ${violation.to}`;

describe('architecture: which layer may import which (docs/ARCHITECTURE.md)', () => {
  const files = sourceFiles('src');
  const found = checkArchitecture(files);
  const known = new Set(KNOWN.map(key));

  it('reads the imports of every file under src/', () => {
    const app = files.find((file) => file.path === 'src/app.ts')!;
    expect(importSpecifiers(app.source)).toEqual(
      expect.arrayContaining(['./http/plugins.js', './schema/index.js', '@graphql-yoga/render-graphiql']),
    );
    const layers = new Set(files.map((file) => layerOf(file.path)));
    for (const rule of RULES) expect(layers, `no files in layer ${rule.layer}`).toContain(rule.layer);
    const relative = files.flatMap((file) => importSpecifiers(file.source)).filter((s) => s.startsWith('.'));
    expect(relative.length).toBeGreaterThan(500);
  });

  it('finds no import that breaks the rules, besides the known ones', () => {
    expect(found.filter((violation) => !known.has(key(violation)))).toEqual([]);
  });

  it('lists no known break that is gone (remove it from KNOWN)', () => {
    const seen = new Set(found.map(key));
    expect(KNOWN.filter((violation) => !seen.has(key(violation))).map(key)).toEqual([]);
  });

  it('catches a break of each rule (the checker itself)', () => {
    const synthetic: SourceFile[] = [
      {
        path: 'src/text/bad.ts',
        source: [
          "import type { Db } from '../db/database.js';",
          "import { sql } from 'kysely';",
          "import { readFile } from 'node:fs/promises';",
          "import { splitSentences } from './sentences.js';",
          "const quote = /['\"]/; // import x from '../schema/a.js'",
          "const later = () => import('graphql');",
          // A template literal with a placeholder, put together here so that this file's string is not read as one.
          ['const notAnImport = `import y from', "'../db/b.js'", "{'../schema/c.js'}`;"].join(' ').replace('{', '${'),
        ].join('\n'),
      },
      { path: 'src/db/queries/bad.ts', source: "export { articleType } from '../../schema/article.js';" },
      { path: 'src/db/ok.ts', source: "import * as m from '../../migrations/x.js';\nimport '../config.js';" },
      {
        path: 'src/content/bad.ts',
        source: "import type { Limits } from '../http/limits.js';\nimport { x } from '../text/text.js';",
      },
      {
        path: 'src/http/bad.ts',
        source: "/* import '../schema/x.js' */ const p = await import('../schema/pagination.js');",
      },
      { path: 'src/runtime/bad.ts', source: "export * from '../compiled/reads.js';" },
      { path: 'src/errors.ts', source: "import { schema } from './schema/index.js';" },
      { path: 'src/schema/bad.ts', source: "import { createApp } from '../app.js';\nimport '../config.js';" },
    ];
    expect(checkArchitecture(synthetic).map(key)).toEqual([
      'src/text/bad.ts -> src/db/database.ts',
      'src/text/bad.ts -> kysely',
      'src/text/bad.ts -> graphql',
      'src/db/queries/bad.ts -> src/schema/article.ts',
      'src/content/bad.ts -> src/http/limits.ts',
      'src/http/bad.ts -> src/schema/pagination.ts',
      'src/runtime/bad.ts -> src/compiled/reads.ts',
      'src/errors.ts -> src/schema/index.ts',
      'src/schema/bad.ts -> src/app.ts',
    ]);
  });
});
