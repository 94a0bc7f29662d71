import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's Clients section shows each file of tests/clients/snippets/ whole, in a fenced
// block whose info string names it (```ts title="tests/clients/snippets/apollo.ts"); the other
// tests of this folder run those files. So the documentation cannot drift from what is tested.

const repository = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', repository), 'utf8');
const quoted = [...readme.matchAll(/^```\w+ title="([^"]+)"\n([\s\S]*?)^```$/gm)].map(([, file, text]) => ({
  file: file!,
  text: text!,
}));

describe('README Clients section', () => {
  it('quotes every snippet file, and nothing else, once', () => {
    const snippets = readdirSync(new URL('tests/clients/snippets/', repository)).map(
      (name) => `tests/clients/snippets/${name}`,
    );
    expect(quoted.map((q) => q.file).sort()).toEqual(snippets.sort());
  });

  it('quotes each one verbatim', () => {
    for (const { file, text } of quoted) {
      expect(text, `README.md's block for ${file} differs from the file`).toBe(
        readFileSync(new URL(file, repository), 'utf8'),
      );
    }
  });
});
