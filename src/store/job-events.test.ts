import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, fixRequest, type TestDatabase } from '../../test/helpers/databases.js';
import type { ProgressEvent } from '../domain/index.js';
import { readJob } from './dashboard-queries.js';
import type { Database } from './database.js';
import { EVENT_LIMITS, StoreJobEvents } from './job-events.js';
import { insertJob } from './job-records.js';

const step = (n: number): ProgressEvent => ({
  type: 'step',
  fixer: `fixer-${n}`,
  command: ['ruff', 'check', '--fix'],
  files: [`src/m${n}.py`],
  elapsedMs: n,
});

const eventsOf = async (db: Database, id: string) => (await readJob(db, id))!.events;

describe.each(backends)("a job's progress events on %s", (backend) => {
  let t: TestDatabase;
  afterEach(async () => t?.drop());
  const db = async () => (t = await createTestDatabase(backend)).db;

  it('come back in the order they were said, with their fields, across batches and attempts', async () =>
    inOrder(await db()));
  it('are kept up to perJob a job, the last saying how many more were not, and big ones are cut', async () =>
    bounded(await db()));
  it('never throw when the store refuses them: a warning, once, and the job goes on', async () =>
    refused(await db()));
});

async function inOrder(db: Database): Promise<void> {
  const { id } = await insertJob(db, fixRequest());
  const warnings: string[] = [];
  const store = new StoreJobEvents(db);
  const first = store.open(id, (m) => warnings.push(m));
  // More than a batch: written while the job goes on, the rest at close.
  for (let n = 1; n <= EVENT_LIMITS.batch + 7; n++) first.emit(step(n));
  first.emit({ type: 'note', level: 'warning', message: 'nul \u0000 and a lone \ud800 half', elapsedMs: 0 });
  await first.close();
  // A later attempt of the same job goes on after the first's events.
  const second = store.open(id, (m) => warnings.push(m));
  second.emit({ type: 'pr-ended', outcome: 'skipped', reason: 'the PR was closed', elapsedMs: 3 });
  await second.close();

  const events = await eventsOf(db, id);
  expect(warnings).toEqual([]);
  expect(events).toHaveLength(EVENT_LIMITS.batch + 9);
  expect(events.slice(0, 2)).toEqual([
    expect.objectContaining({ type: 'step', fixer: 'fixer-1', files: ['src/m1.py'] }),
    expect.objectContaining({ type: 'step', fixer: 'fixer-2', command: ['ruff', 'check', '--fix'] }),
  ]);
  expect(events.map((e) => e.fixer ?? e.type)).toEqual([
    ...Array.from({ length: EVENT_LIMITS.batch + 7 }, (_, i) => `fixer-${i + 1}`),
    'note',
    'pr-ended',
  ]);
  // What jsonb cannot hold is replaced, not refused.
  expect(events.at(-2)).toMatchObject({ level: 'warning', message: 'nul \ufffd and a lone \ufffd half' });
  expect(events.at(-1)).toMatchObject({ outcome: 'skipped', reason: 'the PR was closed' });
  const times = events.map((e) => e.at);
  expect([...times].sort()).toEqual(times);
}

async function bounded(db: Database): Promise<void> {
  const { id } = await insertJob(db, fixRequest());
  const store = new StoreJobEvents(db, { ...EVENT_LIMITS, perJob: 10, batch: 4 });
  const exact = store.open(id, () => undefined);
  for (let n = 1; n <= 10; n++) exact.emit(step(n));
  await exact.close();
  expect((await eventsOf(db, id)).map((e) => e.fixer)).toEqual(
    Array.from({ length: 10 }, (_, i) => `fixer-${i + 1}`),
  );

  const { id: busy } = await insertJob(db, fixRequest({ trigger: 'suite:2' }));
  const recorder = store.open(busy, () => undefined);
  const files = Array.from({ length: 5000 }, (_, i) => `src/deeply/nested/module_${i}.py`);
  recorder.emit({ type: 'tool-asked', tool: 'ruff', findings: 5000, files, elapsedMs: 1 });
  for (let n = 2; n <= 25; n++) recorder.emit(step(n));
  await recorder.close();
  const events = await eventsOf(db, busy);
  expect(events).toHaveLength(10);
  expect(events[0]).toMatchObject({ type: 'tool-asked', tool: 'ruff', findings: 5000, truncated: true });
  expect((events[0]!.files as string[]).length).toBeLessThan(files.length);
  expect(Buffer.byteLength(JSON.stringify(events[0]))).toBeLessThan(EVENT_LIMITS.dataBytes + 100);
  expect(events.at(-1)).toMatchObject({
    type: 'note',
    level: 'warning',
    message: '16 more event(s) not kept: a job keeps at most 10',
  });
}

async function refused(db: Database): Promise<void> {
  const warnings: string[] = [];
  // No such job: the foreign key refuses every batch.
  const recorder = new StoreJobEvents(db, { ...EVENT_LIMITS, batch: 2 }).open(
    '00000000-0000-4000-8000-000000000000',
    (m) => warnings.push(m),
  );
  for (let n = 1; n <= 7; n++) recorder.emit(step(n));
  await expect(recorder.close()).resolves.toBeUndefined();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^the job's progress events were not stored: /);
}
