import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './cli.js';

/**
 * The Helm chart's renderer for the tests (deploy/helm-render, Go: text/template with sprig and helm's
 * own functions), built from Debian's Go sources, and the Kubernetes schemas its output is checked with.
 */

/** Debian's Go sources, where GOPATH mode finds sprig, semver and sigs.k8s.io/yaml. */
const GOCODE = '/usr/share/gocode';

/** Fails (never skips) when a tool is missing: CI installs every one of them. */
export function requireTool(ok: boolean, what: string): void {
  if (!ok)
    throw new Error(
      `${what} is missing: .ci/run installs it (its Debian packages step at the top: golang-go, golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev, then docker-compose); run \`bash .ci/run\`, or apt-get install them`,
    );
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Builds the renderer into a temp GOPATH (GOPATH mode resolves sprig's `/v3` imports only for a package
 * with a go.mod inside a GOPATH src folder) and returns the binary's path.
 */
export function buildHelmRender(): string {
  requireTool(hasCommand('go'), 'go (Debian package golang-go)');
  for (const [dir, pkg] of [
    ['github.com/Masterminds/sprig', 'golang-github-masterminds-sprig-dev'],
    ['sigs.k8s.io/yaml', 'golang-k8s-sigs-yaml-dev'],
  ] as const)
    requireTool(existsSync(join(GOCODE, 'src', dir)), `${dir} (Debian package ${pkg})`);

  const gopath = mkdtempSync(join(tmpdir(), 'ci-autofix-helm-render-'));
  const pkg = join(gopath, 'src', 'helm-render');
  mkdirSync(pkg, { recursive: true });
  const source = join(repoRoot, 'deploy/helm-render');
  for (const f of readdirSync(source)) copyFileSync(join(source, f), join(pkg, f));
  const binary = join(gopath, 'helm-render');
  const r = spawnSync('go', ['build', '-o', binary, '.'], {
    cwd: pkg,
    encoding: 'utf8',
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: `${gopath}:${GOCODE}`,
      GOFLAGS: '',
      // sprig imports net, for which Go 1.19 would want a C compiler.
      CGO_ENABLED: '0',
      // Go's own build cache (~/.cache/go-build) makes a second run fast; a temp one where there is no home.
      ...(process.env.HOME || process.env.XDG_CACHE_HOME || process.env.GOCACHE
        ? {}
        : { GOCACHE: join(gopath, 'cache') }),
    },
  });
  if (r.status !== 0) throw new Error(`go build of deploy/helm-render failed:\n${r.stderr}`);
  return binary;
}

export interface Rendered {
  code: number | null;
  stdout: string;
  stderr: string;
  objects: K8sObject[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function helmRender(binary: string, chart: string, args: string[] = []): Rendered {
  const r = spawnSync(binary, [...args, chart], { encoding: 'utf8' });
  const objects =
    r.status === 0
      ? parseAllDocuments(r.stdout).flatMap((d) => {
          if (d.errors.length) throw new Error(`helm-render printed invalid YAML: ${d.errors[0]!.message}`);
          const o = d.toJS() as K8sObject | null;
          return o ? [o] : [];
        })
      : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, objects };
}

/** The schema of each kind the chart renders; a kind without one fails the check. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/** Validates an object against its Kubernetes (or Prometheus Operator) schema; throws what is wrong. */
export function validateObject(o: K8sObject): void {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind} in the test: add its model`);
  try {
    new Model(o as never).validate();
  } catch (err) {
    throw new Error(`${o.kind} ${o.metadata?.name}: ${(err as Error).message}`, { cause: err });
  }
}
