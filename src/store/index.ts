export { defaultStateDir, FileSpendLedger } from './file-spend-ledger.js';
