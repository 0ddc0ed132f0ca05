/**
 * The environment a sandboxed command gets: a short allow-list copied from the parent (locale, PATH,
 * terminal, CI markers, tool switches that only change output), plus the request's own variables. Nothing
 * else crosses: tokens, API keys and cloud credentials stay in the parent, whatever their name.
 */
const PASS_THROUGH = [
  'PATH',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TERM',
  'CI',
  'NO_COLOR',
  'FORCE_COLOR',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONUNBUFFERED',
  'PIP_DISABLE_PIP_VERSION_CHECK',
] as const;

// A variable whose name says it holds a secret is refused even when a request asks for it.
const SECRET_NAME =
  /(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH|SESSION|COOKIE)|^(AWS|AZURE|GCP|GOOGLE|GH|GITHUB|NPM|ANTHROPIC|OPENAI|SLACK|DOCKER)_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The shape of a token the model proxy mints: it opens that proxy, for one run, and nothing else. */
export const SCOPED_TOKEN = /^cia-scoped-[0-9a-f]{48}$/;
const LOOPBACK_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}(\/[\w./-]*)?$/;

export function sandboxEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
  home: string,
  brokered: Record<string, string> = {},
  pathPrefix: string[] = [],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  env.HOME = home;
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  if (pathPrefix.length) env.PATH = [...pathPrefix, env.PATH].join(':');
  for (const [name, value] of Object.entries(extra)) {
    if (isSecretName(name))
      throw new Error(`refusing to pass ${name} into the sandbox: its name marks it as a secret`);
    env[name] = value;
  }
  for (const [name, value] of Object.entries(brokered)) {
    if (!SCOPED_TOKEN.test(value) && !LOOPBACK_URL.test(value))
      throw new Error(
        `refusing to pass ${name} into the sandbox: a brokered value must be a scoped proxy token or a loopback URL`,
      );
    env[name] = value;
  }
  return env;
}
