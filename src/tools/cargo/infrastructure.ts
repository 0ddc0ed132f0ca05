import type { InfrastructureSignature } from '../../domain/index.js';

const RERUN = 're-run the job';

/** cargo's own words for downloads that failed: the network, not the change (triage/infrastructure.ts). */
export const cargoInfrastructure: readonly InfrastructureSignature[] = [
  {
    id: 'cargo-spurious-network',
    kind: 'network',
    pattern: /^\s{0,40}warning: spurious network error \(\d{1,3} tries? remaining\)/m,
    says: `cargo's downloads failed and were retried (network): ${RERUN} if the build then failed`,
  },
];
