import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers/cli.js';
import {
  buildHelmRender,
  hasCommand,
  helmRender,
  type K8sObject,
  type Rendered,
  requireTool,
  validateObject,
} from './helpers/helm-render.js';

/**
 * The deployment files of `ci-autofix serve` (deploy/), checked for real without a cluster or a Docker
 * engine: the Helm chart rendered as `helm template` would render it, by deploy/helm-render (Go
 * text/template, sprig and helm's own functions), each object validated against its Kubernetes schema
 * and what a user would notice asserted (replicas, Secret keys, probes, the values' environment, the
 * refusals); the compose file resolved by docker-compose; the Dockerfile linted and read.
 * A missing tool fails the test, naming the .ci/run step that installs it.
 */
const CHART = join(repoRoot, 'deploy/helm/ci-autofix');
const PROD = join(CHART, 'values-prod.yaml');

/**
 * The renderer, built once per run (in a hook, outside the tests' time limit). A failed build fails
 * every test that renders, with its message, rather than skipping them; the others need no Go.
 */
let built: { binary: string } | { error: unknown } | undefined;
const buildOnce = () =>
  beforeAll(() => {
    try {
      built ??= { binary: buildHelmRender() };
    } catch (error) {
      built = { error };
    }
  }, 300_000);
function renderer(): string {
  if (built && 'error' in built) throw built.error;
  return built!.binary;
}

function render(args: string[] = []): Rendered {
  const r = helmRender(renderer(), CHART, args);
  expect(r.stderr, 'helm-render printed warnings or errors').toBe('');
  expect(r.code).toBe(0);
  for (const o of r.objects) validateObject(o);
  return r;
}

const one = <T>(r: Rendered, kind: string): T => {
  const found = r.objects.filter((o) => o.kind === kind);
  expect(found.map((o) => o.kind)).toEqual([kind]);
  return found[0] as unknown as T;
};

const containerOf = (d: IDeployment) => d.spec!.template.spec!.containers[0]!;
const envOf = (d: IDeployment) => containerOf(d).env ?? [];
const envValue = (d: IDeployment, name: string) => envOf(d).find((e) => e.name === name)?.value;
const secretRefs = (d: IDeployment) =>
  envOf(d).flatMap((e) => (e.valueFrom?.secretKeyRef ? [{ env: e.name, ...e.valueFrom.secretKeyRef }] : []));

describe('the Helm chart, rendered like helm template and validated against the Kubernetes schemas', () => {
  buildOnce();

  it('default values: one replica on PGlite in an emptyDir, probes on the container port, nothing secret', () => {
    const r = render();
    expect(r.objects.map((o) => o.kind)).toEqual(['Service', 'Deployment']);
    const d = one<IDeployment>(r, 'Deployment');
    expect(d.spec!.replicas).toBe(1);
    const c = containerOf(d);
    expect(c.image).toBe('ci-autofix:0.1.0');
    expect(c.args).toEqual(['serve']);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(envValue(d, 'PORT')).toBe('8080');
    // The probes name the port: it must be the container's, which the service listens on.
    expect(c.livenessProbe!.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe!.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const portNamed = (name: unknown) => c.ports!.find((p) => p.name === name)?.containerPort;
    expect(portNamed(c.livenessProbe!.httpGet!.port)).toBe(Number(envValue(d, 'PORT')));
    expect(portNamed(c.readinessProbe!.httpGet!.port)).toBe(Number(envValue(d, 'PORT')));
    expect(envValue(d, 'MONITOR_INTERVAL')).toBe('300');
    expect(envValue(d, 'AUTO_APPROVE')).toBe('false');
    expect(envValue(d, 'CI_AUTOFIX_DATA_DIR')).toBe('/data');
    expect(envOf(d).map((e) => e.name)).not.toContain('DATABASE_URL');
    expect(secretRefs(d)).toEqual([]);
    expect(d.spec!.template.spec!.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(d.spec!.template.spec!.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(c.resources!.limits).toEqual({ memory: '2Gi' });

    const s = one<IService>(r, 'Service');
    expect(s.spec!.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(s.spec!.selector).toEqual(d.spec!.selector.matchLabels);
    expect(s.metadata!.name).toBe('release-name-ci-autofix');
  });

  it('values-prod.yaml: 3 replicas on the existing Secrets, TLS ingress, ServiceMonitor, real limits', () => {
    const r = render(['-f', PROD]);
    expect(r.objects.map((o) => o.kind).sort()).toEqual(
      ['Deployment', 'Ingress', 'PodDisruptionBudget', 'Service', 'ServiceMonitor'].sort(),
    );
    const d = one<IDeployment>(r, 'Deployment');
    expect(d.spec!.replicas).toBe(3);
    expect(containerOf(d).image).toBe('registry.example.com/ci-autofix:0.1.0');
    expect(envValue(d, 'AUTO_APPROVE')).toBe('false');
    expect(envValue(d, 'MONITOR_INTERVAL')).toBe('300');
    const refs = secretRefs(d);
    // The reference setup's Secret and keys; nothing refers to a Secret the chart did not render.
    expect(refs.find((x) => x.env === 'GITHUB_TOKEN')).toEqual({
      env: 'GITHUB_TOKEN',
      name: 'ci-monitor-secrets',
      key: 'github-token',
    });
    expect(refs.find((x) => x.env === 'ANTHROPIC_API_KEY')).toMatchObject({ key: 'anthropic-api-key' });
    expect(refs.find((x) => x.env === 'GITHUB_WEBHOOK_SECRET')).not.toHaveProperty('optional');
    expect(refs.find((x) => x.env === 'OPENAI_API_KEY')).toMatchObject({ optional: true });
    expect(refs.find((x) => x.env === 'DATABASE_URL')).toEqual({
      env: 'DATABASE_URL',
      name: 'ci-autofix-database',
      key: 'database-url',
    });
    expect(new Set(refs.map((x) => x.name))).toEqual(new Set(['ci-monitor-secrets', 'ci-autofix-database']));
    expect(containerOf(d).resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });

    const s = one<IService>(r, 'Service');
    const ing = one<IIngress>(r, 'Ingress');
    expect(ing.spec!.tls).toEqual([{ secretName: 'ci-autofix-tls', hosts: ['ci-autofix.example.com'] }]);
    const path = ing.spec!.rules![0]!.http!.paths[0]!;
    expect(path.path).toBe('/webhook');
    expect(path.backend.service).toEqual({ name: s.metadata!.name, port: { name: 'http' } });

    const sm = one<IServiceMonitor>(r, 'ServiceMonitor');
    expect(sm.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    // It selects the Service by labels the Service has.
    expect(s.metadata!.labels).toMatchObject(sm.spec.selector.matchLabels!);
    expect(sm.metadata!.labels).toMatchObject({ release: 'prometheus' });
  });

  it("the chart's own Secret holds every key the Deployment reads from it", () => {
    const r = render([
      '--set',
      'secrets.githubToken=ghp_test,secrets.anthropicApiKey=sk-test,webhook.secret=hook',
      '--set',
      'database.url=postgres://u:p@db:5432/ci,replicaCount=2',
    ]);
    const d = one<IDeployment>(r, 'Deployment');
    const secret = one<ISecret>(r, 'Secret');
    expect(d.spec!.replicas).toBe(2);
    const refs = secretRefs(d);
    expect(refs.map((x) => x.env).sort()).toEqual(
      ['ANTHROPIC_API_KEY', 'DATABASE_URL', 'GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET'].sort(),
    );
    const decoded = (key: string) => Buffer.from(secret.data![key]!, 'base64').toString();
    for (const ref of refs) {
      expect(ref.name).toBe(secret.metadata!.name);
      expect(secret.data, `${ref.env} reads key ${ref.key}`).toHaveProperty([ref.key]);
    }
    expect(decoded('github-token')).toBe('ghp_test');
    expect(decoded('database-url')).toBe('postgres://u:p@db:5432/ci');
    // A changed Secret rolls the pods.
    expect(d.spec!.template.metadata!.annotations!['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes MONITOR_INTERVAL, AUTO_APPROVE and IDs from a values file as helm reads it (numbers as floats)', () => {
    const values = join(mkdtempSync(join(tmpdir(), 'ci-autofix-values-')), 'values.yaml');
    writeFileSync(
      values,
      [
        'ciMonitor: {monitorInterval: 0, autoApprove: true, repositories: [a/b, c/d]}',
        'github: {installationId: 12345678, appId: 1234567}',
        '',
      ].join('\n'),
    );
    const d = one<IDeployment>(render(['-f', values]), 'Deployment');
    expect(envValue(d, 'MONITOR_INTERVAL')).toBe('0');
    expect(envValue(d, 'AUTO_APPROVE')).toBe('true');
    expect(envValue(d, 'REPOSITORIES')).toBe('a/b,c/d');
    // helm's float64 would print 1.2345678e+07 here without the chart's care.
    expect(envValue(d, 'GITHUB_INSTALLATION_ID')).toBe('12345678');
    expect(envValue(d, 'GITHUB_APP_ID')).toBe('1234567');
  });

  it('renders nothing with ciMonitor.enabled=false, even with the production values', () => {
    for (const args of [
      ['--set', 'ciMonitor.enabled=false'],
      ['-f', PROD, '--set', 'ciMonitor.enabled=false'],
    ]) {
      const r = helmRender(renderer(), CHART, args);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('');
    }
  });

  it('refuses several replicas without PostgreSQL, and says what to set', () => {
    for (const args of [
      ['--set', 'replicaCount=3'],
      ['-f', PROD, '--set', 'database.existingSecret='],
    ]) {
      const r = helmRender(renderer(), CHART, args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('replicaCount is 3, but several replicas need PostgreSQL');
      expect(r.stderr).toContain('set database.url or database.existingSecret');
    }
  });

  it('refuses database.url with existingSecret (the URL would have no Secret to live in)', () => {
    const r = helmRender(renderer(), CHART, ['-f', PROD, '--set', 'database.url=postgres://x/y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/set database.url or database.existingSecret, not both/);
  });

  it('persistence: a claim, and the Recreate strategy PGlite needs on it', () => {
    const r = render(['--set', 'persistence.enabled=true']);
    expect(r.objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim', 'Service', 'Deployment']);
    const d = one<IDeployment>(r, 'Deployment');
    expect(d.spec!.strategy).toEqual({ type: 'Recreate' });
    const pvc = r.objects.find((o): o is K8sObject => o.kind === 'PersistentVolumeClaim')!;
    expect(d.spec!.template.spec!.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: pvc.metadata.name } },
    ]);
  });
});

describe('the dashboard in the chart: off by default, its token from a Secret, proxy mode behind its proxy', () => {
  buildOnce();
  const dashboardEnv = (d: IDeployment) => envOf(d).filter((e) => e.name.startsWith('DASHBOARD_'));
  const refused = (args: string[]) => {
    const r = helmRender(renderer(), CHART, args);
    expect(r.code).toBe(1);
    return r.stderr;
  };

  it('renders no DASHBOARD_* variable and no dashboard Ingress by default', () => {
    for (const args of [[], ['-f', PROD]]) {
      const r = render(args);
      expect(dashboardEnv(one<IDeployment>(r, 'Deployment'))).toEqual([]);
      expect(r.objects.filter((o) => o.metadata.name.endsWith('-dashboard'))).toEqual([]);
    }
  });

  it('token mode reads DASHBOARD_TOKEN from the Secret named, never from a value, and refuses to go without', () => {
    const on = ['--set', 'dashboard.enabled=true,dashboard.existingSecret=ci-autofix-dashboard'];
    const d = one<IDeployment>(render(on), 'Deployment');
    expect(dashboardEnv(d)).toEqual([
      { name: 'DASHBOARD_AUTH', value: 'token' },
      {
        name: 'DASHBOARD_TOKEN',
        valueFrom: { secretKeyRef: { name: 'ci-autofix-dashboard', key: 'dashboard-token' } },
      },
    ]);
    // With the production values it is read from the credentials' Secret, which the chart does not render.
    const prod = render(['-f', PROD, '--set', 'dashboard.enabled=true,dashboard.secureCookie=true']);
    expect(dashboardEnv(one<IDeployment>(prod, 'Deployment'))).toEqual([
      { name: 'DASHBOARD_AUTH', value: 'token' },
      {
        name: 'DASHBOARD_TOKEN',
        valueFrom: { secretKeyRef: { name: 'ci-monitor-secrets', key: 'dashboard-token' } },
      },
      { name: 'DASHBOARD_SECURE_COOKIE', value: 'true' },
    ]);
    expect(prod.objects.map((o) => o.kind)).not.toContain('Secret');
    expect(refused(['--set', 'dashboard.enabled=true'])).toContain(
      'kubectl create secret generic ci-autofix-dashboard',
    );
    expect(refused([...on, '--set', 'dashboard.token=0123456789abcdef0123'])).toContain(
      'the token belongs in a Secret',
    );
  });

  it("proxy mode: /dashboard in an Ingress of its own with the auth proxy's annotations, /webhook without", () => {
    const values = join(mkdtempSync(join(tmpdir(), 'ci-autofix-values-')), 'values.yaml');
    const annotations = {
      'nginx.ingress.kubernetes.io/auth-url': 'https://$host/oauth2/auth',
      'nginx.ingress.kubernetes.io/auth-signin': 'https://$host/oauth2/start?rd=$escaped_request_uri',
    };
    writeFileSync(
      values,
      JSON.stringify({
        dashboard: { enabled: true, auth: 'proxy', ingress: { enabled: true, annotations } },
      }),
    );
    const r = render(['-f', PROD, '-f', values]);
    const d = one<IDeployment>(r, 'Deployment');
    expect(dashboardEnv(d)).toEqual([{ name: 'DASHBOARD_AUTH', value: 'proxy' }]);
    const ingresses = r.objects.filter((o) => o.kind === 'Ingress') as unknown as IIngress[];
    const dash = ingresses.find((i) => i.metadata!.name!.endsWith('-dashboard'))!;
    const webhook = ingresses.find((i) => i !== dash)!;
    expect(ingresses).toHaveLength(2);
    expect(dash.metadata!.annotations).toEqual(annotations);
    expect(webhook.metadata!.annotations).toBeUndefined();
    expect(
      dash.spec!.rules!.map((rule) => [rule.host, rule.http!.paths.map((p) => [p.path, p.pathType])]),
    ).toEqual([['ci-autofix.example.com', [['/dashboard', 'Prefix']]]]);
    expect(dash.spec!.rules![0]!.http!.paths[0]!.backend).toEqual(
      webhook.spec!.rules![0]!.http!.paths[0]!.backend,
    );
    expect(dash.spec!.tls).toEqual(webhook.spec!.tls);
    expect(
      refused(['--set', 'dashboard.enabled=true,dashboard.auth=proxy,dashboard.ingress.enabled=true']),
    ).toContain('set dashboard.ingress.annotations to the proxy that authenticates them');
  });
});

/** A chart of its own, whose `helm template` output is known, to hold the renderer to helm's ways. */
function fixtureChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-chart-'));
  const files: Record<string, string> = {
    'Chart.yaml': 'apiVersion: v2\nname: t\nversion: 1.0.0\nappVersion: "2"\n',
    'values.yaml': 'name: web\nbig: 1000000\nports: [80, 443]\na: {w: 2, x: 1}\ngone: here\n',
    'override.yaml': 'a: {w: 3}\n',
    'templates/_helpers.tpl': '{{- define "t.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n',
    'templates/z-secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "t.name" . }}\n',
    'templates/empty.yaml': '{{- if false }}\nkind: Nothing\n{{- end }}\n',
    'templates/NOTES.txt': 'Installed {{ .Release.Name }}.\n',
    'templates/a-config.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ include "t.name" . }}',
      'data:',
      '  name: {{ required "name is needed" .Values.name | quote }}',
      '  big: {{ .Values.big | quote }}',
      '  missing: "{{ .Values.missing }}"',
      '  tpl: {{ tpl "{{ .Values.name }}-{{ .Chart.AppVersion }}" . | quote }}',
      '  template: {{ .Template.Name | quote }}',
      '  merged: {{ toJson .Values.a | quote }}',
      '  gone: {{ hasKey .Values "gone" | quote }}',
      '  caps: {{ printf "%t/%t" (.Capabilities.APIVersions.Has "apps/v1") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") | quote }}',
      '  lookup: {{ lookup "v1" "Secret" "default" "x" | len | quote }}',
      '  ports: |',
      '    {{- toYaml .Values.ports | nindent 4 }}',
      '---',
      '# a second document in the same file',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: svc',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('deploy/helm-render renders as helm does', () => {
  buildOnce();

  it('defines, include, tpl, values merged and coalesced, numbers as floats, kinds in install order', () => {
    const chart = fixtureChart();
    const args = ['--name', 'rel', '-f', join(chart, 'override.yaml'), '--set', 'gone=null', chart];
    const r = spawnSync(renderer(), args, { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '---',
        '# Source: t/templates/z-secret.yaml',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: rel-t',
        '---',
        '# Source: t/templates/a-config.yaml',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: rel-t',
        'data:',
        '  name: "web"',
        // helm reads numbers through JSON: 1000000 is a float64, printed so.
        '  big: "1e+06"',
        '  missing: ""',
        '  tpl: "web-2"',
        '  template: "t/templates/a-config.yaml"',
        '  merged: "{\\"w\\":3,\\"x\\":1}"',
        '  gone: "false"',
        '  caps: "true/false"',
        '  lookup: "0"',
        '  ports: |',
        '    - 80',
        '    - 443',
        '---',
        '# Source: t/templates/a-config.yaml',
        '# a second document in the same file',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: svc',
        '',
      ].join('\n'),
    );
  });

  it("fails as helm does on required: the message and the template's position", () => {
    const chart = fixtureChart();
    const r = spawnSync(renderer(), ['--set', 'name=', chart], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: execution error at \(t\/templates\/a-config\.yaml:6:\d+\): name is needed\n$/,
    );
  });
});

describe('deploy/docker-compose.yml, resolved by docker-compose config', () => {
  it('runs the service on PostgreSQL 16 with the .env of deploy/.env.example', () => {
    requireTool(hasCommand('docker-compose'), 'docker-compose (Debian package docker-compose)');
    const envFile = join(mkdtempSync(join(tmpdir(), 'ci-autofix-compose-')), '.env');
    copyFileSync(join(repoRoot, 'deploy/.env.example'), envFile);
    const compose = join(repoRoot, 'deploy/docker-compose.yml');
    // Only the .env file configures it: none of this machine's variables (a GITHUB_TOKEN...) leak in.
    const r = spawnSync('docker-compose', ['--env-file', envFile, '-f', compose, 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirname(envFile) },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const config = parse(r.stdout) as {
      services: Record<string, Record<string, unknown> & { environment: Record<string, string> }>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(config.services).sort()).toEqual(['ci-autofix', 'postgres']);
    const app = config.services['ci-autofix']!;
    const pg = config.services.postgres!;
    expect(app.build).toEqual({ context: repoRoot, dockerfile: 'deploy/Dockerfile' });
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app.ports).toEqual([{ published: 8080, target: 8080 }]);
    expect(app.environment).toMatchObject({
      MONITOR_INTERVAL: '300',
      AUTO_APPROVE: 'false',
      REPO_OWNER: 'your-org',
      REPO_NAME: 'your-repo',
      GITHUB_TOKEN: '',
      ANTHROPIC_API_KEY: '',
      DATABASE_URL: 'postgres://ci_autofix:change-me@postgres:5432/ci_autofix',
      // The dashboard is off until .env gives it a token (or a proxy's mode).
      DASHBOARD_TOKEN: '',
      DASHBOARD_AUTH: '',
    });
    expect(pg.image).toBe('postgres:16-bookworm');
    expect(pg.environment).toMatchObject({ POSTGRES_USER: 'ci_autofix', POSTGRES_PASSWORD: 'change-me' });
    expect(pg.healthcheck).toMatchObject({ test: ['CMD-SHELL', 'pg_isready -U ci_autofix -d ci_autofix'] });
    expect(pg.volumes).toEqual(['postgres-data:/var/lib/postgresql/data:rw']);
    expect(Object.keys(config.volumes).sort()).toEqual(['ci-autofix-data', 'postgres-data']);
  });
});

/** The Dockerfile's instructions: continuation lines joined, comments dropped, split into stages. */
function dockerfileStages(text: string): { instruction: string; args: string }[][] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { instruction: string; args: string }[][] = [];
  for (const line of lines) {
    const [, instruction = '', args = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (instruction.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ instruction: instruction.toUpperCase(), args: args.replace(/\s+/g, ' ') });
  }
  return stages;
}

describe('deploy/Dockerfile', () => {
  const text = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8');

  it('passes dockerfilelint without a single issue', () => {
    const lint = join(repoRoot, 'node_modules/.bin/dockerfilelint');
    requireTool(existsSync(lint), 'dockerfilelint (npm devDependency, the `npm ci` step of .ci/run)');
    const r = spawnSync(lint, ['-j', join(repoRoot, 'deploy/Dockerfile')], { encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { files: { issues: unknown[] }[] };
    expect(report.files[0]!.issues).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('builds in one stage and runs the service as a non-root user in a slim one', () => {
    const stages = dockerfileStages(text);
    expect(stages.map((s) => s[0]!.args)).toEqual(['node:20-bookworm AS build', 'node:20-bookworm-slim']);
    const [build, runtime] = stages as [(typeof stages)[0], (typeof stages)[0]];
    const of = (stage: typeof build, instruction: string) =>
      stage.filter((i) => i.instruction === instruction).map((i) => i.args);
    expect(of(build, 'RUN').join('\n')).toMatch(/npm ci[^\n]*\n.*npm run build && npm prune --omit=dev/);

    const user = of(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(of(runtime, 'EXPOSE')).toEqual(['8080']);
    expect(of(runtime, 'ENTRYPOINT')).toEqual(['["node", "/app/bin/ci-autofix.js"]']);
    expect(of(runtime, 'CMD')).toEqual(['["serve"]']);
    const healthcheck = of(runtime, 'HEALTHCHECK').join('');
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*fetch\(.*\/healthz/);
    expect(of(runtime, 'VOLUME')).toEqual(['["/data"]']);
    expect(of(runtime, 'ENV').join(' ')).toContain('CI_AUTOFIX_DATA_DIR=/data');
    const run = of(runtime, 'RUN').join('\n');
    for (const pkg of ['git', 'bubblewrap', 'python3', 'python3-venv', 'ca-certificates'])
      expect(run).toMatch(new RegExp(`apt-get install -y --no-install-recommends .*\\b${pkg}\\b`));
    expect(run).toMatch(
      /python3 -m venv \/opt\/venv && \/opt\/venv\/bin\/pip install .*ruff black isort mypy/,
    );
    expect(of(runtime, 'ENV').join(' ')).toContain('PATH="/opt/venv/bin:$PATH"');
    expect(
      of(runtime, 'COPY')
        .filter((c) => c.includes('--from=build'))
        .map((c) => c.split(' ').at(-1)),
    ).toEqual(['./', './bin', './dist', './node_modules']);
  });

  it('copies nothing that .dockerignore leaves out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const [build] = dockerfileStages(text);
    const sources = build!
      .filter((i) => i.instruction === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(' ').slice(0, -1));
    expect(sources.sort()).toEqual(
      [
        'bin',
        'package-lock.json',
        'package.json',
        'scripts',
        'src',
        'tsconfig.build.json',
        'tsconfig.json',
      ].sort(),
    );
    for (const source of sources) {
      expect(ignored, `${source} is copied but ignored`).not.toContain(source);
      expect(existsSync(join(repoRoot, source)), `${source} exists`).toBe(true);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.venv', '.agents', 'dist', '.git']));
  });
});
