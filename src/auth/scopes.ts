/**
 * The scopes an API token can carry. `admin` implies every other one. `publish:backdate`:
 * publishing with a time in the past (createArticle, publishArticle), what a wire or an archive
 * needs, and what would let anyone else rewrite when a story broke. The database's
 * api_tokens_scopes_check lists the same (tests/domain.test.ts).
 */
export const SCOPES = [
  'read:drafts',
  'write:articles',
  'write:entities',
  'write:taxonomy',
  'manage:webhooks',
  'publish:backdate',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The Pothos scope-auth map: one boolean per scope, for the viewer of this request. */
export type AuthScopes = { [S in Scope]: boolean };

export function authScopesFor(scopes: ReadonlySet<string>): AuthScopes {
  const admin = scopes.has('admin');
  return Object.fromEntries(SCOPES.map((scope) => [scope, admin || scopes.has(scope)])) as AuthScopes;
}
