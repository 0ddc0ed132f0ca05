import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logEvent } from './log-event.js';
import { createLogger } from './logger.js';

function capture() {
  const entries: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) entries.push(JSON.parse(line));
      done();
    },
  });
  return { entries, log: createLogger({ level: 'info', secrets: [], destination }) };
}

describe("the service's log of a job's events", () => {
  it('is one entry per event, with the fields the event carries (nothing taken from printed text)', async () => {
    const { entries, log } = capture();
    const emit = logEvent(log.child({ job: '7' }));
    emit({
      type: 'step',
      fixer: 'ruff-check',
      command: ['/x/ruff', 'check'],
      files: ['a.py'],
      elapsedMs: 1200,
    });
    emit({ type: 'committed', subject: 'fix(lint): fix 1 finding(s)', elapsedMs: 2500 });
    emit({ type: 'note', level: 'warning', message: 'the webhook answered 500', elapsedMs: 0 });
    await new Promise((r) => setImmediate(r));
    expect(entries.map(({ time: _t, pid: _p, hostname: _h, service: _s, ...e }) => e)).toEqual([
      {
        level: 'info',
        job: '7',
        event: 'step',
        stage: 'fix',
        ms: 1200,
        fixer: 'ruff-check',
        command: ['/x/ruff', 'check'],
        files: ['a.py'],
        msg: 'progress',
      },
      {
        level: 'info',
        job: '7',
        event: 'committed',
        stage: 'commit',
        ms: 2500,
        subject: 'fix(lint): fix 1 finding(s)',
        msg: 'progress',
      },
      { level: 'warn', job: '7', detail: 'the webhook answered 500', msg: 'warning' },
    ]);
  });
});
