import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStateDir, FileSpendLedger } from './file-spend-ledger.js';

const entry = (at: string, key: string, usd: number) => ({
  at,
  key,
  usd,
  model: 'claude-sonnet-5',
  requests: 1,
  input_tokens: 800,
  output_tokens: 60,
});

describe('the local spend ledger', () => {
  it('sums by PR and since a time, across runs, and survives a torn line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'state', 'spend.jsonl');
    const ledger = new FileSpendLedger(file);
    expect(await ledger.total({})).toBe(0);
    await ledger.record(entry('2026-11-23T10:00:00.000Z', 'o/r#1', 0.25));
    await ledger.record(entry('2026-11-24T09:00:00.000Z', 'o/r#1', 0.5));
    appendFileSync(file, '{"at":"2026-11-24T09:30:00.000Z","key":"o/r#1","us');
    appendFileSync(file, '\n');
    await new FileSpendLedger(file).record(entry('2026-11-24T10:00:00.000Z', 'o/r#2', 1));
    expect(await ledger.total({ key: 'o/r#1' })).toBe(0.75);
    expect(await ledger.total({ since: new Date('2026-11-24T00:00:00Z') })).toBe(1.5);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lives under CI_AUTOFIX_STATE_DIR, else XDG_STATE_HOME, else ~/.local/state', () => {
    expect(defaultStateDir({ CI_AUTOFIX_STATE_DIR: '/s' })).toBe('/s');
    expect(defaultStateDir({ XDG_STATE_HOME: '/x' })).toBe('/x/ci-autofix');
    expect(defaultStateDir({})).toMatch(/\.local\/state\/ci-autofix$/);
  });
});
