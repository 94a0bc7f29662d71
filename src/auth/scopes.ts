/** The scopes an API token can carry. `admin` implies every other one. */
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
  return {
    'read:drafts': admin || scopes.has('read:drafts'),
    'write:articles': admin || scopes.has('write:articles'),
    'write:entities': admin || scopes.has('write:entities'),
    'write:taxonomy': admin || scopes.has('write:taxonomy'),
    'manage:webhooks': admin || scopes.has('manage:webhooks'),
    // Publishing with a time in the past (createArticle, publishArticle): what a wire or an archive
    // needs, and what would let anyone else rewrite when a story broke.
    'publish:backdate': admin || scopes.has('publish:backdate'),
    admin,
  };
}
