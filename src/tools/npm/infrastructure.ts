import type { InfrastructureSignature } from '../../domain/index.js';

const RERUN = 're-run the job';

/** npm's own words for a registry that failed it: the job is the infrastructure's, not the change's (triage/infrastructure.ts). */
export const npmInfrastructure: readonly InfrastructureSignature[] = [
  {
    id: 'npm-registry-5xx',
    kind: 'registry',
    pattern:
      /^npm (?:ERR!|error) (?:code E50[0234]$|50[0234] (?:Service Unavailable|Bad Gateway|Gateway Time-?out)\b)/m,
    says: `the npm registry answered with a server error: ${RERUN} later`,
  },
  {
    id: 'npm-network-error',
    kind: 'network',
    pattern:
      /^npm (?:ERR!|error) (?:code (?:ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT)$|network (?:read |connect |request to |aborted|socket hang up|Socket timeout|Invalid response body|This is a problem related to network connectivity))/m,
    says: `npm lost its connection to the registry: ${RERUN}`,
  },
];
