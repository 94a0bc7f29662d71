import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs `npm run import` (src/cli/import.ts) as its own process, as an editor would. */
export function runImportCli(
  databaseUrl: string,
  lines: object[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-import-'));
  const file = path.join(dir, 'articles.ndjson');
  writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    ...env,
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', file], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output });
    }),
  );
}

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** `npm start` (src/server.ts) as its own process on a free port, with `env` over the test's. */
export function startServerProcess(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    SEED_DEMO: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...env,
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server did not start:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/GraphQL API(?: and GraphiQL)? at (http:\/\/[^\s"]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
