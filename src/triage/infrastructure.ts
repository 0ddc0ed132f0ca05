import type { InfrastructureSignature } from '../domain/index.js';
import { toolInfrastructure } from '../tools/index.js';

/**
 * Infrastructure signatures: a failure the change did not cause — the runner was lost, cancelled or timed
 * out, the network or a registry failed, a rate limit, a full disk, memory, a service container. Each
 * pattern has at least one real log line from a public project's CI as its fixture
 * (test/fixtures/infrastructure/lines.json, checked by infrastructure.test.ts).
 *
 * The patterns are specific on purpose: a test named `test_connect_timeout` or an assertion about a rate
 * limit is the project's failure, not the runner's. Every pattern is linear — no quantified group holds
 * a quantifier, and every run of "anything" is bounded — and the text is cut to MAX_TEXT first.
 */

export type InfrastructureCause = Pick<InfrastructureSignature, 'id' | 'kind' | 'says'>;

/** The most of a text that is matched: a log line longer than this is cut, bounding the work. */
export const MAX_TEXT = 4000;

export const RERUN = 're-run the job';

/** In order: where two could match one line, the more specific comes first. */
const GENERIC: ReadonlyArray<InfrastructureSignature> = [
  // The runner and the job's lifetime.
  {
    id: 'runner-shutdown',
    kind: 'runner',
    pattern: /\bThe runner has received a shutdown signal\b/,
    says: `the runner was shut down during the job (stopped service or reclaimed machine): ${RERUN}`,
  },
  {
    id: 'runner-lost-communication',
    kind: 'runner',
    pattern: /\bhosted runner(?::[^\n]{1,120})? lost communication with the server\b/,
    says: `the runner stopped answering (crashed, starved of CPU or memory, or lost its network): ${RERUN}`,
  },
  {
    id: 'runner-not-acquired',
    kind: 'runner',
    pattern: /\bThe job was not acquired by Runner of type \w{1,40} even after multiple attempts\b/,
    says: `no runner picked the job up: ${RERUN} (check GitHub's status page if it persists)`,
  },
  {
    id: 'job-max-execution-time',
    kind: 'timeout',
    pattern: /\bhas exceeded the maximum execution time of \d{1,6} minutes\b/,
    says: 'the job hit its time limit: find what hung, or raise timeout-minutes if the work really needs it',
  },
  {
    id: 'operation-canceled',
    kind: 'cancelled',
    pattern: /^(?:##\[error\]|Error: )?The operation was canceled\.$/m,
    says: `the job was cancelled (by a person, a newer run, or its time limit) before it finished: ${RERUN}`,
  },
  {
    id: 'exit-code-143',
    kind: 'cancelled',
    pattern: /\b(?:Process completed|failed) with exit code 143\b/,
    says: `the step was terminated (SIGTERM), usually by a cancellation or a time limit: ${RERUN}`,
  },
  // Memory and disk.
  {
    id: 'exit-code-137',
    kind: 'memory',
    pattern: /\b(?:Process completed|failed) with exit code 137\b/,
    says: 'the step was killed (SIGKILL), most often out of memory: use less memory or a larger runner',
  },
  {
    id: 'killed',
    kind: 'memory',
    pattern: /(?:^|\]: )Killed$|: line \d{1,6}: +\d{1,10} Killed +\S/m,
    says: 'the kernel killed the process, most often out of memory: use less memory or a larger runner',
  },
  {
    id: 'js-heap-out-of-memory',
    kind: 'memory',
    pattern: /\bAllocation failed - JavaScript heap out of memory\b/,
    says: 'Node ran out of heap: raise NODE_OPTIONS=--max-old-space-size, reduce what one process does, or use a larger runner',
  },
  {
    id: 'disk-full',
    kind: 'disk',
    pattern: /(?:^|System\.IO\.IOException: |\[Errno 28\] |ENOSPC: )No space left on device\b/im,
    says: 'the runner ran out of disk: free space early in the job (caches, images, tool folders) or use a larger runner',
  },
  // Rate limits.
  {
    id: 'docker-pull-rate-limit',
    kind: 'rate-limit',
    pattern: /\btoomanyrequests: You have reached your (?:unauthenticated )?pull rate limit\b/,
    says: 'Docker Hub refused the pull (rate limit): log in to Docker Hub in the workflow or use a mirror, then re-run',
  },
  {
    id: 'github-api-rate-limit',
    kind: 'rate-limit',
    pattern: /\bAPI rate limit exceeded for (?:user ID \d|installation ID \d|[\da-f]{1,4}[.:][\da-f])/,
    says: "GitHub's API rate limit was reached: pass a token to the step, wait for the limit to reset, then re-run",
  },
  {
    id: 'github-secondary-rate-limit',
    kind: 'rate-limit',
    pattern: /\bYou have (?:exceeded a secondary rate limit|triggered an abuse detection mechanism)\b/,
    says: "GitHub's secondary rate limit stopped too many requests at once: space them out, then re-run",
  },
  {
    id: 'http-429-from-runner',
    kind: 'rate-limit',
    pattern: /\bResponse status code does not indicate success: 429 \(Too Many Requests\)/,
    says: `the runner was rate-limited downloading an action or artifact: wait a little, then ${RERUN}`,
  },
  // Package registries.
  {
    id: 'docker-registry-timeout',
    kind: 'registry',
    pattern:
      /\bError response from daemon: Get "?https?:\/\/\S{1,2048} net\/http: (?:request canceled while waiting for connection|TLS handshake timeout)/,
    says: `the container registry did not answer in time: ${RERUN}`,
  },
  {
    id: 'yarn-request-failed-5xx',
    kind: 'registry',
    pattern: /\bRequest failed \\?"50[0234] (?:Service Unavailable|Bad Gateway|Gateway Time-?out)\b/,
    says: `the package registry answered with a server error: ${RERUN} later`,
  },
  {
    id: 'apt-fetch-5xx',
    kind: 'registry',
    pattern:
      /\bFailed to fetch \S{1,2048} {1,2}50[0234] (?:Service Unavailable|Bad Gateway|Gateway Time-?out)\b/,
    says: `an apt repository answered with a server error: ${RERUN} later`,
  },
  // Network: name resolution, connections, downloads.
  {
    id: 'pip-retry-connection',
    kind: 'network',
    pattern:
      /\bWARNING: Retrying \(Retry\(total=\d{1,3}, [^)\n]{0,120}\)\) after connection broken by '(?:NewConnectionError|ConnectTimeoutError|ReadTimeoutError|ProtocolError|SSLError)\(/,
    says: `pip could not reach the package index (DNS or connection failure): ${RERUN}`,
  },
  {
    id: 'apt-temporary-failure-resolving',
    kind: 'network',
    pattern: /\bTemporary failure resolving '[^'\n]{1,253}'/,
    says: `apt could not resolve its repository's host name (DNS): ${RERUN}`,
  },
  {
    id: 'apt-could-not-connect',
    kind: 'network',
    pattern:
      /\b(?:Could not connect to \S{1,253} \([^)\n]{1,64}\), connection timed out|Unable to connect to \S{1,253}:https?:)/,
    says: `apt could not connect to its repository: ${RERUN} (add Acquire::Retries if it recurs)`,
  },
  {
    id: 'git-unable-to-access',
    kind: 'network',
    pattern:
      /\bunable to access '[^'\n]{1,2048}': (?:Could not resolve host|Failed to connect to|Couldn't connect to server|Connection timed out|Operation timed out|Recv failure|The requested URL returned error: 50[0234])/,
    says: `git could not reach the remote (DNS or connection failure): ${RERUN}`,
  },
  {
    id: 'connection-attempt-failed',
    kind: 'network',
    pattern:
      /\bA connection attempt failed because the connected party did not properly respond after a period of time\b/,
    says: `a connection timed out before the project's commands ran: ${RERUN}`,
  },
  {
    id: 'node-getaddrinfo',
    kind: 'network',
    pattern: /(?:\bError: |\breason: )getaddrinfo (?:ENOTFOUND|EAI_AGAIN) \S/,
    says: `a host name could not be resolved (DNS): ${RERUN}`,
  },
  {
    id: 'node-connect-error',
    kind: 'network',
    pattern:
      /(?:\bError: |\breason: )(?:connect|read) (?:ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH) \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}\b/,
    says: `a network connection timed out or was reset: ${RERUN}`,
  },
  {
    id: 'name-resolution',
    kind: 'network',
    pattern: /(?:\[Errno -[23]\] |: )Temporary failure in name resolution\b/,
    says: `a host name could not be resolved (DNS): ${RERUN}`,
  },
  {
    id: 'gradle-connection-reset',
    kind: 'network',
    pattern:
      /^\s{0,40}> (?:Connection reset|Read timed out|Connect timed out|Remote host terminated the handshake)$/m,
    says: `Gradle's download was cut off (connection reset or timed out): ${RERUN}`,
  },
  {
    id: 'go-module-fetch-network',
    kind: 'network',
    pattern:
      /^go: \S{1,300}: Get "?https?:\/\/\S{1,2048} (?:dial tcp\b|net\/http: TLS handshake timeout|read tcp\b)/m,
    says: `go could not download a module (the module proxy did not answer): ${RERUN}`,
  },
  // Services the job starts before its own commands.
  {
    id: 'service-container-unhealthy',
    kind: 'service-container',
    pattern: /\bFailed to initialize, [\w.-]{1,100} service is unhealthy\b/,
    says: 'a service container did not become healthy: check its image, env and health check, then re-run',
  },
];

/** The tools' own signatures first (their lines name the tool: the most specific), then the generic ones. */
export const INFRASTRUCTURE: ReadonlyArray<InfrastructureSignature> = [...toolInfrastructure, ...GENERIC];

/**
 * Words one of the signatures needs, tested first: the analyzer asks about every line of a log, and most
 * lines have none of them. The fixtures' test (every real line recognised) keeps it in step with the table.
 */
const MAY_BE =
  /shutdown signal|lost communication|not acquired|maximum execution time|operation was canceled|exit code 1(?:43|37)|Killed|out of memory|No space left|toomanyrequests|rate limit|abuse detection|429|from daemon|ERR!|code E50|Service Unavailable|Bad Gateway|Gateway Time|network|Failed to fetch|Request failed|Temporary failure|Retrying|onnect to|unable to access|connection attempt|getaddrinfo|ETIMEDOUT|ECONNRESET|UNREACH|Connection reset|timed out|Remote host terminated|dial tcp|TLS handshake|read tcp|unhealthy/;

/** The first signature that matches the text (cut to MAX_TEXT), or undefined. */
export function infrastructureCause(text: string): InfrastructureCause | undefined {
  const head = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  if (!MAY_BE.test(head)) return undefined;
  for (const { id, kind, pattern, says } of INFRASTRUCTURE) {
    if (pattern.test(head)) return { id, kind, says };
  }
  return undefined;
}
