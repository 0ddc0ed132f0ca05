/**
 * Who may see the dashboard (the service's DASHBOARD_* settings, service-env-schema.ts):
 * - `off`, the default: every /dashboard route answers 404 saying how to turn it on;
 * - `token`: `Authorization: Bearer <DASHBOARD_TOKEN>`, or the session cookie the login page sets;
 * - `proxy`: anyone who reaches it — only safe behind a proxy of the deployment's that authenticates
 *   every request to /dashboard (an OAuth proxy, an ingress with SSO).
 */
export type DashboardAccess =
  | { mode: 'off' }
  | {
      mode: 'token';
      token: string;
      /** DASHBOARD_SECURE_COOKIE: mark the cookie Secure even when the request did not say https. */
      secureCookie: boolean;
    }
  | { mode: 'proxy' };

export const DASHBOARD_MODES = ['off', 'token', 'proxy'] as const;

/** DASHBOARD_TOKEN's least length: it is the one secret between the dashboard and anyone on the network. */
export const MIN_TOKEN_LENGTH = 16;

/** What the 404 says while the dashboard is off. */
export const DASHBOARD_OFF =
  'the dashboard is off: set DASHBOARD_TOKEN (at least 16 characters) to sign in with it, or DASHBOARD_AUTH=proxy when a proxy in front of the service authenticates every request to /dashboard';
