import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from './helpers/ports.js';

// `npm start` end to end on the embedded PostgreSQL: demo content, GraphiQL, clean shutdown
// on SIGTERM, and recovery after the server was killed outright.
// Under the project's .data/: PostgreSQL runs as its own user and must be able to reach the folder.
const dataDir = path.resolve(`.data/test-server-${process.pid}`);
// a port that was free at the start, kept for both tests (the second restarts on the first one's data); a port derived
// from the pid collided with another program's socket in a CI run
const embeddedPort = String(await freePort());
const children: ChildProcess[] = [];

function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    EMBEDDED_PG_DIR: dataDir,
    EMBEDDED_PG_PORT: embeddedPort,
    NODE_ENV: 'development',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/GraphiQL at (http:\/\/[^\s"]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  return existsSync(file) ? Number.parseInt(readFileSync(file, 'utf8'), 10) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve),
  );

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded PostgreSQL', () => {
  it('serves demo content and GraphiQL, and stops PostgreSQL on SIGTERM', async () => {
    const { child, url } = await startServer();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ articles(first: 1) { totalCount edges { node { title summary { method } entities { entity { name } } } } } }',
      }),
    });
    const body = await response.json();
    expect(body.data.articles.totalCount).toBe(12);
    expect(body.data.articles.edges[0].node.summary.method).toBe('EDITORIAL');
    expect(body.data.articles.edges[0].node.entities.length).toBeGreaterThan(0);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Broadsheet GraphiQL');
    expect(html).toContain('query ArticlePage');
    // A subscriber over WebSocket is told the server is going away, and does not hold the shutdown up.
    let closed!: Promise<unknown>;
    const connected = new Promise((resolveConnected) => {
      closed = new Promise((resolveClosed) => {
        const ws = createWsClient({
          url: url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          on: { connected: resolveConnected, closed: resolveClosed },
        });
        ws.subscribe({ query: 'subscription { articlePublished { slug } }' }, { next() {}, error() {}, complete() {} });
      });
    });
    await connected;
    const pid = postmasterPid()!;
    expect(alive(pid)).toBe(true);
    child.kill('SIGTERM');
    expect(await closed).toMatchObject({ code: 1001 });
    expect(await exited(child)).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(postmasterPid()).toBeUndefined();
  }, 180_000);

  it('recovers the stale lock and orphaned PostgreSQL of a server killed with SIGKILL', async () => {
    const first = await startServer();
    const orphan = postmasterPid()!;
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(alive(orphan)).toBe(true);
    const second = await startServer();
    expect(second.output()).toContain('recovered a stale lock');
    expect(alive(orphan)).toBe(false);
    const response = await fetch(second.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sections { slug } }' }),
    });
    expect((await response.json()).data.sections.map((s: { slug: string }) => s.slug)).toEqual([
      'business',
      'politics',
      'science',
      'world',
    ]);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  }, 180_000);
});
