import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh folder under the system's temporary one, open to other users: run as root, the embedded
 * PostgreSQL runs as the `postgres` user, which must be able to enter it (mkdtemp makes it 0700).
 */
export function scratchFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(folder, 0o755);
  return folder;
}
