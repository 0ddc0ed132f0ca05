import { verify } from 'node:crypto';
import { error, type Reply } from './rest.js';
import type { AppState, GitHubState } from './state.js';

/**
 * Authenticating as a GitHub App: `Authorization: Bearer <JWT>`, the JWT RS256-signed with the App's
 * private key, `iss` the App's id (a number or a string of digits; its client id also works), `iat`
 * and `exp` whole seconds with `exp` at most 10 minutes after `iat`. GitHub tolerates 60 s of clock
 * skew. The refusals use GitHub's own messages (all 401), which @octokit/auth-app recognises for its
 * clock-skew retry.
 */

export const JWT_UNDECODABLE = 'A JSON web token could not be decoded';
export const JWT_EXPIRED =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
export const JWT_TOO_LONG = "'Expiration time' claim ('exp') is too far in the future";
export const JWT_IAT =
  "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
export const JWT_ISS = "'Issuer' claim ('iss') must be an Integer";
/** What a JWT gets on an endpoint that wants an installation or user token. */
export const JWT_NOT_HERE = 'A JSON web token cannot be used for this request';

const SKEW_S = 60;
const MAX_LIFETIME_S = 10 * 60;

/** The spec templates that take an App's JWT (and nothing else): `/app...` and `.../installation`. */
export function isAppOperation(template: string): boolean {
  return (
    /^\/app(\/|$)/.test(template) ||
    /^\/(repos\/\{owner\}\/\{repo\}|orgs\/\{org\}|users\/\{username\}|enterprises\/\{enterprise\})\/installation$/.test(
      template,
    )
  );
}

/** A bearer credential shaped like a JWT (three base64url parts), as opposed to a `ghs_`/`ghp_` token. */
export function looksLikeJwt(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(credential);
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The App a JWT authenticates, or GitHub's 401 for it. */
export function verifyAppJwt(
  state: GitHubState,
  jwt: string,
  nowMs = Date.now(),
): { app: AppState } | { reply: Reply } {
  const refuse = (message: string) => ({ reply: error(401, message) });
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = decodePart(h);
  const payload = decodePart(p);
  if (!header || !payload || header.alg !== 'RS256' || !s) return refuse(JWT_UNDECODABLE);
  const iss = payload.iss;
  const app = state.apps.find(
    (a) =>
      (typeof iss === 'number' && iss === a.id) ||
      (typeof iss === 'string' && (iss === String(a.id) || iss === a.clientId)),
  );
  if (!app) {
    if (typeof iss === 'number' ? !Number.isInteger(iss) : !/^\d+$/.test(String(iss))) return refuse(JWT_ISS);
    // An App id that is not this key's (or no App at all) reads to GitHub as a bad signature.
    return refuse(JWT_UNDECODABLE);
  }
  const signed = verify('sha256', Buffer.from(`${h}.${p}`), app.publicKey, Buffer.from(s, 'base64url'));
  if (!signed) return refuse(JWT_UNDECODABLE);
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now + SKEW_S) return refuse(JWT_IAT);
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp < now - SKEW_S) return refuse(JWT_EXPIRED);
  if (exp - iat > MAX_LIFETIME_S || exp > now + MAX_LIFETIME_S + SKEW_S) return refuse(JWT_TOO_LONG);
  return { app };
}
