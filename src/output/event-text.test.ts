import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../domain/index.js';
import { eventText, progressLine } from './event-text.js';

describe('a job event as a line of text', () => {
  it('says what happened, with the stage and the time, and up to four files', () => {
    expect(
      progressLine({
        type: 'validating',
        after: 'ruff-format',
        files: ['a.py', 'b.py', 'c.py', 'd.py', 'e.py'],
        elapsedMs: 2345,
      }),
    ).toBe('[  2.3s] validate re-running the check after ruff-format [a.py, b.py, c.py, d.py, …]');
  });

  it('names the program of a step, not the folder it was installed in', () => {
    const e: JobEvent = {
      type: 'step',
      fixer: 'ruff-check',
      command: ['/tmp/cache/python/ruff-0.16.9/bin/ruff', 'check', '--fix', 'a.py'],
      files: ['a.py'],
    };
    expect(eventText(e)).toBe('ruff-check: ruff check --fix a.py');
  });

  it("puts a model candidate's label before what it did", () => {
    expect(
      eventText({
        type: 'model-attempt',
        label: 'candidate 2/3',
        client: 'model',
        model: 'claude-x',
        attempt: 1,
        of: 3,
        files: ['a.py'],
      }),
    ).toBe('candidate 2/3: model claude-x: attempt 1/3');
    expect(eventText({ type: 'model-moved', moves: [{ from: 3, to: 7 }] })).toBe(
      'progress: 3 → 7 (the tool moved on); the edit is kept',
    );
  });
});
