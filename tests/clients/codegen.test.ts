import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchFolder } from '../helpers/scratch.js';
import { type LiveBroadsheet, startBroadsheet } from './server.js';
import config from './snippets/codegen.js';

const repository = path.resolve(import.meta.dirname, '../..');

// A front-end project of its own in a scratch folder: the README's codegen.ts with its sources
// and output there, the schema read from this repository's schema/schema.graphql.
const project = scratchFolder('broadsheet-codegen-');
const CONSUMER = `import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from './gql';

export const ArticlePageDocument = graphql(\`
  query ArticlePage($slug: String!) {
    article(slug: $slug) { title publishedAt updatedAt section { name } }
  }
\`);

type Article = NonNullable<ResultOf<typeof ArticlePageDocument>['article']>;

export function published(article: Article): string | null | undefined {
  return article.publishedAt;
}

export function updated(article: Article): string {
  return article.updatedAt;
}

// @ts-expect-error DateTime is a string: were it \`any\`, this line would compile and the directive fail.
export const notANumber: number = null as unknown as Article['updatedAt'];
`;

let broadsheet: LiveBroadsheet;
let files: { filename: string }[];

beforeAll(async () => {
  broadsheet = await startBroadsheet();
  mkdirSync(path.join(project, 'src'));
  symlinkSync(path.join(repository, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  writeFileSync(path.join(project, 'src/article-page.ts'), CONSUMER);
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'preserve',
        moduleResolution: 'bundler',
        target: 'es2022',
        types: [],
      },
      include: ['src'],
    }),
  );
  const output = config.generates['src/gql/'];
  files = await generate(
    {
      ...config,
      schema: path.join(repository, config.schema as string),
      documents: path.join(project, 'src/**/*.ts'),
      generates: { [path.join(project, 'src/gql/')]: output },
      silent: true,
    },
    true,
  );
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

function tsc(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repository, 'node_modules/typescript/bin/tsc'), '-p', project],
      { cwd: project },
      (error, stdout) => {
        resolve({ code: error ? Number(error.code) : 0, stdout });
      },
    );
  });
}

describe('GraphQL Code Generator with the README set-up (tests/clients/snippets/codegen.ts)', () => {
  it('writes the client preset from schema/schema.graphql, DateTime mapped to string', () => {
    expect(files.map((f) => path.relative(project, f.filename)).sort()).toEqual([
      'src/gql/fragment-masking.ts',
      'src/gql/gql.ts',
      'src/gql/graphql.ts',
      'src/gql/index.ts',
    ]);
    const types = readFileSync(path.join(project, 'src/gql/graphql.ts'), 'utf8');
    expect(types).toContain(
      'export type ArticlePageQuery = { article: { title: string, publishedAt: string | null, updatedAt: string, section: { name: string } | null } | null };',
    );
  });

  it('types a consumer that the TypeScript compiler accepts, and refuses a wrong use of a DateTime', async () => {
    expect(await tsc()).toEqual({ code: 0, stdout: '' });
    writeFileSync(
      path.join(project, 'src/wrong.ts'),
      `import type { ArticlePageQuery } from './gql/graphql';\nexport const n: number = (null as unknown as ArticlePageQuery).article!.updatedAt;\n`,
    );
    try {
      const wrong = await tsc();
      expect(wrong.code).not.toBe(0);
      expect(wrong.stdout).toBe(
        "src/wrong.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.\n",
      );
    } finally {
      rmSync(path.join(project, 'src/wrong.ts'));
    }
  }, 120_000);

  it('runs the generated document against the server: DateTime arrives as the string it is typed as', async () => {
    const generated = await import(pathToFileURL(path.join(project, 'src/gql/graphql.ts')).href);
    const response = await fetch(broadsheet.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: print(generated.ArticlePageDocument), variables: { slug: 'harbour-reopens' } }),
    });
    const { data } = (await response.json()) as { data: { article: { publishedAt: unknown; updatedAt: unknown } } };
    expect(data.article).toMatchObject({
      title: 'Harbour reopens after storm',
      publishedAt: '2026-03-03T08:00:00.000Z',
      section: { name: 'World' },
    });
    expect(typeof data.article.updatedAt).toBe('string');
  });
});
