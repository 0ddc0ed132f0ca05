import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Holds the double to GitHub's published REST description (`@octokit/openapi`, api.github.com.json):
 * every request must name an operation of the spec (method + path template), send only the query
 * parameters and the JSON body that operation declares, and get back a JSON body its response schema
 * accepts for that status. Mismatches are returned as text for `server.violations`, so a test that
 * asserts an empty list fails the moment the double drifts from the real API.
 *
 * The file is 13 MB: it is read once per process, and a validator is compiled only for the schemas a
 * test actually meets (ajv resolves the `$ref`s of that schema alone), then cached.
 */

const SPEC_FILE = fileURLToPath(
  new URL('../../../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url),
);
const SPEC_ID = 'https://api.github.com/openapi.json';

type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  /** The path parameters, decoded. */
  params: Record<string, string>;
  spec: Json;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  literals: number;
  spec: Json;
}

let loaded: { spec: Json; routes: Route[]; ajv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const spec = nullableToJsonSchema(JSON.parse(readFileSync(SPEC_FILE, 'utf8'))) as Json;
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
    addFormatsModule) as unknown as (ajv: Ajv) => void;
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateSchema: false });
  addFormats(ajv);
  // Formats of the spec that JSON Schema does not define (OpenAPI's own, and GitHub's `repo.nwo`).
  for (const f of ['int32', 'int64', 'double', 'binary', 'repo.nwo', 'uri-template', 'timestamp'])
    ajv.addFormat(f, true);
  // The spec's own refs are `#/components/...`: one schema holding the whole document resolves them.
  ajv.addSchema({ $id: SPEC_ID, components: spec.components, paths: spec.paths });
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const segments = template.split('/').slice(1);
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete', 'head'].includes(method)) continue;
      routes.push({
        method: method.toUpperCase(),
        template,
        segments,
        literals: segments.filter((s) => !s.startsWith('{')).length,
        spec: op as Json,
      });
    }
  }
  // A literal segment wins over a parameter (`/pulls/comments` is not pull number "comments").
  routes.sort((a, b) => b.literals - a.literals);
  loaded = { spec, routes, ajv };
  return loaded;
}

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema, and ajv's own support needs a `type` beside it
 * (the spec also puts it on `allOf`/`$ref` wrappers): each nullable schema becomes `anyOf: [null, it]`.
 * Example values are left alone (they are data, not schemas).
 */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json))
    out[k] = k === 'example' || k === 'examples' ? v : nullableToJsonSchema(v);
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** Parameters whose values contain slashes (a file path, `heads/feature`, a branch name). */
const SLASHED = new Set(['{path}', '{ref}', '{branch}']);

/** The operation a request names, matching `/repos/{owner}/{repo}/contents/{path}` with a slashed path too. */
export function findOperation(method: string, pathname: string): Operation | undefined {
  const { routes } = load();
  const parts = pathname.split('/').slice(1);
  for (const slashedLast of [false, true]) {
    for (const route of routes) {
      if (route.method !== method) continue;
      if (slashedLast && !SLASHED.has(route.segments.at(-1)!)) continue;
      const params = match(route.segments, parts, slashedLast);
      if (params)
        return {
          method,
          template: route.template,
          operationId: String(route.spec.operationId),
          params,
          spec: route.spec,
        };
    }
  }
  return undefined;
}

function match(
  segments: string[],
  parts: string[],
  slashedLast: boolean,
): Record<string, string> | undefined {
  if (slashedLast ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const part = last && slashedLast ? parts.slice(i).join('/') : parts[i]!;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (!part) return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(part);
    } else if (seg !== part) return undefined;
  }
  return params;
}

function resolve(node: Json): Json {
  const { spec } = load();
  let current = node;
  while (typeof current.$ref === 'string') {
    current = pointer(spec, current.$ref.slice(2)) as Json;
  }
  return current;
}

function pointer(root: unknown, path: string): unknown {
  return path
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], root);
}

function validatorAt(path: string[]): ValidateFunction {
  const fragment = path.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
  let validate = validators.get(fragment);
  if (!validate) {
    validate = load().ajv.compile({ $ref: `${SPEC_ID}#/${fragment}` });
    validators.set(fragment, validate);
  }
  return validate;
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 3)
    .map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
    )
    .join('; ');
}

/** Violations of a request: its operation, query parameter names, JSON body. */
export function checkRequest(
  method: string,
  pathname: string,
  query: URLSearchParams,
  body: unknown,
): { operation?: Operation; violations: string[] } {
  const operation = findOperation(method, pathname);
  if (!operation) return { violations: [`${method} ${pathname}: no such operation in GitHub's OpenAPI`] };
  const violations: string[] = [];
  const where = `${method} ${operation.template}`;
  const declared = new Set(
    ((operation.spec.parameters as Json[] | undefined) ?? [])
      .map(resolve)
      .filter((p) => p.in === 'query')
      .map((p) => String(p.name)),
  );
  for (const name of new Set(query.keys()))
    if (!declared.has(name)) violations.push(`${where}: query parameter '${name}' is not declared`);
  const requestBody = operation.spec.requestBody ? resolve(operation.spec.requestBody as Json) : undefined;
  const jsonBody = (requestBody?.content as Json | undefined)?.['application/json'];
  if (body !== undefined) {
    if (!jsonBody) violations.push(`${where}: sent a JSON body the operation does not take`);
    else {
      const validate = validatorAt([
        ...locate(operation.spec.requestBody as Json, [
          'paths',
          operation.template,
          method.toLowerCase(),
          'requestBody',
        ]),
        'content',
        'application/json',
        'schema',
      ]);
      if (!validate(body)) violations.push(`${where}: request body: ${describe(validate)}`);
    }
  } else if (requestBody?.required === true && jsonBody)
    violations.push(`${where}: the operation requires a JSON body`);
  return { operation, violations };
}

/**
 * Where a possibly `$ref`'d node lives: a response is often `{$ref: '#/components/responses/not_found'}`,
 * and the validator must be compiled at the referenced place so its inner refs resolve.
 */
function locate(node: Json, here: string[]): string[] {
  if (typeof node.$ref !== 'string') return here;
  return node.$ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Violations of a response. A status the operation does not declare is a violation for successes and
 * redirects; errors (401, 410, 502...) can come from any endpoint on the real API, so undeclared error
 * statuses are not checked.
 */
export function checkResponse(operation: Operation, status: number, body: unknown): string[] {
  const where = `${operation.method} ${operation.template} → ${status}`;
  const responses = (operation.spec.responses ?? {}) as Record<string, Json>;
  const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  if (!declared) return status < 400 ? [`${where}: status not declared by the operation`] : [];
  const response = resolve(declared);
  const content = response.content as Json | undefined;
  const json = content?.['application/json'] as Json | undefined;
  if (!json?.schema) {
    if (body !== undefined && status !== 204 && !(status >= 300 && status < 400) && content === undefined)
      return [`${where}: the operation declares no body for this status`];
    return [];
  }
  if (body === undefined) return [`${where}: no JSON body`];
  const path = locate(declared, [
    'paths',
    operation.template,
    operation.method.toLowerCase(),
    'responses',
    String(status),
  ]);
  const validate = validatorAt([...path, 'content', 'application/json', 'schema']);
  return validate(body) ? [] : [`${where}: response body: ${describe(validate)}`];
}

/** A copy of one of the spec's `components.examples` values (`pull-request`, `workflow-run`, `job`...). */
export function specExample<T = Record<string, unknown>>(name: string): T {
  const examples = (load().spec.components as Json).examples as Record<string, { value: unknown }>;
  const example = examples[name];
  if (!example) throw new Error(`GitHub's OpenAPI has no example '${name}'`);
  return structuredClone(example.value) as T;
}
