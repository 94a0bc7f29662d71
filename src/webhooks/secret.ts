import { randomBytes } from 'node:crypto';

/** Standard Webhooks' secret form: `whsec_` then the base64 of the key. */
const PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A new signing secret: 32 random bytes (the spec asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Why a supplied secret is refused, or undefined when it is a `whsec_` secret of 24 to 64 bytes. */
export function webhookSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(PREFIX))
    return 'A secret starts with "whsec_" followed by base64 (Standard Webhooks); leave it out to have one generated';
  const encoded = secret.slice(PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return 'After "whsec_" a secret is standard base64';
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < 24 || bytes > 64) return `A secret's key is 24 to 64 bytes; this one is ${bytes}`;
  return undefined;
}
