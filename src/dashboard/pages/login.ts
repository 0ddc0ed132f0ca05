import { html } from '../html.js';
import type { Page } from '../layout.js';

/**
 * Where to go after signing in: a dashboard page, never another site — printable ASCII but the
 * backslash (which some browsers read as a slash), under /dashboard.
 */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/dashboard(?:[/?][!-[\]-~]*)?$/.test(next) ? next : '/dashboard';
}

/** The login form: the body of every 401 a browser gets, so it can sign in where it was refused. */
export function loginPage(next: string, problem?: string): Page {
  const body = html`<h1>Sign in to the dashboard</h1>
    ${problem ? html`<p class="error" role="alert" data-problem="login">${problem}</p>` : ''}
    <form class="login" method="post" action="/dashboard/login">
      <label
        >Dashboard token <input type="password" name="token" autocomplete="current-password" required
      /></label>
      <input type="hidden" name="next" value="${safeNext(next)}" />
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">
      The token is the service’s DASHBOARD_TOKEN. Scripts may send it as
      <code>Authorization: Bearer …</code> instead.
    </p>`;
  return { title: 'Sign in', body, navigation: false };
}
