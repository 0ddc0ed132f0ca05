import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The token mode's credentials. A session cookie holds no secret: `v1.<expiry>.<nonce>.<signature>`,
 * signed with a key derived from DASHBOARD_TOKEN (HMAC-SHA256), so every replica accepts it, it cannot be
 * made without the token, it ends at its expiry, and changing the token ends every session. Every
 * comparison with a secret takes the same time whatever the guess.
 */

export const SESSION_COOKIE = 'ci_autofix_dashboard';
export const SESSION_SECONDS = 12 * 3600;

/** The key that signs sessions: derived, so the token itself never signs anything a browser holds. */
export function sessionKey(token: string): Buffer {
  return createHmac('sha256', token).update('ci-autofix dashboard session v1').digest();
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** Equal, in a time that does not depend on where two strings first differ (nor on their lengths). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A new session's cookie value, valid for SESSION_SECONDS from `nowMs`. */
export function newSession(key: Buffer, nowMs: number): string {
  const payload = `v1.${Math.floor(nowMs / 1000) + SESSION_SECONDS}.${randomBytes(16).toString('base64url')}`;
  return `${payload}.${sign(key, payload)}`;
}

/** Whether a cookie value is a session this key signed, not yet expired. */
export function validSession(key: Buffer, value: string | undefined, nowMs: number): boolean {
  const parts = value?.split('.');
  if (parts?.length !== 4 || parts[0] !== 'v1' || !/^\d{1,12}$/.test(parts[1]!)) return false;
  const payload = parts.slice(0, 3).join('.');
  if (!sameSecret(sign(key, payload), parts[3]!)) return false;
  const expiry = Number(parts[1]) * 1000;
  // An expiry further than a session lasts was not made here (or the clock went back a long way).
  return expiry > nowMs && expiry <= nowMs + SESSION_SECONDS * 1000 + 60_000;
}

/** `Authorization: Bearer <token>` with the dashboard's token. */
export function bearerMatches(token: string, authorization: string | undefined): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  return match !== null && sameSecret(match[1]!, token);
}

/** One cookie's value from a Cookie header. */
export function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie of a session (or, with no value, the one that ends it). */
export function sessionCookie(value: string | undefined, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value ?? ''}`,
    'Path=/dashboard',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${value === undefined ? 0 : SESSION_SECONDS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request came over https: to this process, or to the proxy in front (X-Forwarded-Proto). */
export function overHttps(req: IncomingMessage): boolean {
  const forwarded = header(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return (req.socket as Partial<TLSSocket>).encrypted === true || forwarded === 'https';
}

/**
 * A form post from the dashboard's own pages. With SameSite=Strict a cross-site post carries no session,
 * and this refuses one anyway: a browser says where a post comes from (Origin, Sec-Fetch-Site), and it
 * must be this host. A client that is not a browser sends neither and cannot be tricked into posting.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  const host = header(req, 'x-forwarded-host')?.split(',')[0]?.trim() ?? header(req, 'host');
  return origin !== 'null' && URL.parse(origin)?.host === host;
}
