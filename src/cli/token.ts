import { parseArgs } from 'node:util';
import { isScope, SCOPES } from '../auth/scopes.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/bootstrap.js';
import { insertApiToken, listApiTokens, revokeApiToken } from '../db/queries/tokens.js';

const USAGE = `usage:
  npm run token -- create --name NAME --scopes ${SCOPES.join(',')}
  npm run token -- list
  npm run token -- revoke ID`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
let work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<number>;

if (command === 'create') {
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, scopes: { type: 'string' } },
    strict: true,
  });
  const name = values.name?.trim();
  if (!name || name.length > 100) fail('--name is required (1 to 100 characters)');
  const scopes = [
    ...new Set(
      (values.scopes ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) fail('--scopes is required');
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length) fail(`unknown scope(s): ${unknown.join(', ')} (known: ${SCOPES.join(', ')})`);
  work = async (db) => {
    const token = generateToken();
    const row = await insertApiToken(db, { name, scopes, secretHash: hashToken(token) });
    console.log(`created token ${row.id} "${row.name}" with scopes ${row.scopes.join(',')}`);
    console.log('it is shown only this once; send it as "Authorization: Bearer <token>":');
    console.log(token);
    return 0;
  };
} else if (command === 'list') {
  work = async (db) => {
    const rows = await listApiTokens(db);
    if (rows.length === 0) console.log('no tokens');
    for (const r of rows) {
      const state = r.revokedAt ? `revoked ${r.revokedAt.toISOString()}` : 'active';
      const used = r.lastUsedAt ? r.lastUsedAt.toISOString() : 'never';
      console.log(
        `${r.id}\t${r.name}\t${r.scopes.join(',')}\tcreated ${r.createdAt.toISOString()}\tlast used ${used}\t${state}`,
      );
    }
    return 0;
  };
} else if (command === 'revoke') {
  const id = Number(rest[0]);
  if (!Number.isSafeInteger(id) || id <= 0) fail('revoke needs the numeric ID shown by `list`');
  work = async (db) => {
    if (await revokeApiToken(db, id)) {
      console.log(`revoked token ${id}`);
      return 0;
    }
    console.error(`no active token ${id}`);
    return 1;
  };
} else {
  fail(command ? `unknown command "${command}"` : 'a command is required');
}

const database = await openDatabase(loadConfig(), () => {}, { mode: 'share' });
let exitCode = 1;
try {
  exitCode = await work(database.db);
} finally {
  await database.shutdown();
}
process.exit(exitCode);
