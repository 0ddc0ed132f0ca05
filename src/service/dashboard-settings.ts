import { z } from 'zod';
import { DASHBOARD_MODES, MIN_TOKEN_LENGTH, type DashboardAccess } from '../dashboard/index.js';
import { settings } from './env-schema.js';

const given = z.string().optional();

/**
 * Who may see /dashboard (dashboard/access.ts): DASHBOARD_AUTH (`off`, `token`, `proxy`; without it,
 * `token` when DASHBOARD_TOKEN is set, else `off`), DASHBOARD_TOKEN and DASHBOARD_SECURE_COOKIE, checked
 * together. The token is never shown in a problem, not even its length.
 */
export function dashboardSettings(quote: (value: string) => string) {
  return settings({
    DASHBOARD_AUTH: given,
    DASHBOARD_TOKEN: given,
    DASHBOARD_SECURE_COOKIE: given,
  }).transform((s, ctx): DashboardAccess => {
    const asked = s.DASHBOARD_AUTH?.trim().toLowerCase();
    const token = s.DASHBOARD_TOKEN?.trim();
    const mode = DASHBOARD_MODES.find((m) => m === (asked || (token ? 'token' : 'off')));
    const secureCookie = yesOrNo(s.DASHBOARD_SECURE_COOKIE);
    // Every problem at once, as the rest of the service's settings.
    const problems = [
      mode === undefined &&
        `DASHBOARD_AUTH must be off, token (DASHBOARD_TOKEN) or proxy (a proxy in front authenticates every request to /dashboard) (got ${quote(String(s.DASHBOARD_AUTH))})`,
      secureCookie === undefined &&
        `DASHBOARD_SECURE_COOKIE must be true or false (got ${quote(String(s.DASHBOARD_SECURE_COOKIE))})`,
      mode === 'proxy' &&
        token &&
        'DASHBOARD_AUTH=proxy leaves signing in to the proxy in front, and DASHBOARD_TOKEN is set too: unset one of them',
      mode === 'token' &&
        !token &&
        `DASHBOARD_AUTH=token needs DASHBOARD_TOKEN, a secret of at least ${MIN_TOKEN_LENGTH} characters`,
      mode === 'token' &&
        token &&
        token.length < MIN_TOKEN_LENGTH &&
        `DASHBOARD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (e.g. openssl rand -hex 24)`,
    ].filter((p): p is string => typeof p === 'string');
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    if (problems.length || mode === undefined || secureCookie === undefined) return z.NEVER;
    return mode === 'token' ? { mode, token: token!, secureCookie } : { mode };
  });
}

/** true, false, or undefined for anything else; unset is false (Secure then follows the request). */
function yesOrNo(value: string | undefined): boolean | undefined {
  const v = (value ?? 'false').trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return undefined;
}
