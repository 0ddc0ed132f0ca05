import { describe, expect, it } from 'vitest';
import { StepTracker } from './step-tracker.js';

describe('StepTracker', () => {
  it('follows the runner: set-up, `##[group]Run` steps, annotations, failed steps, cleanup', () => {
    const t = new StepTracker();
    const raw = [
      "2026-03-04T10:15:01.1234567Z Current runner version: '2.329.0'",
      '2026-03-04T10:15:02.0000000Z ##[group]Run ruff check .',
      '2026-03-04T10:15:02.0000000Z ruff check .',
      '2026-03-04T10:15:02.0000000Z ##[endgroup]',
      '2026-03-04T10:15:03.0000000Z \x1b[1mpkg/a.py\x1b[0m:1:8: F401 `os` imported but unused',
      '2026-03-04T10:15:03.0000000Z ##[error]Process completed with exit code 1.',
      '2026-03-04T10:15:04.0000000Z Post job cleanup.',
    ];
    const lines = raw.map((r, i) => t.next(r, i + 1));
    expect(lines.map((l) => l.step)).toEqual([
      'Set up job',
      'Run ruff check .',
      'Run ruff check .',
      'Run ruff check .',
      'Run ruff check .',
      'Run ruff check .',
      'Complete job',
    ]);
    expect(lines[4]!.text).toBe('pkg/a.py:1:8: F401 `os` imported but unused');
    expect(lines[4]!.located).toBe(true);
    expect(lines[5]).toMatchObject({ annotation: 'error', text: 'Process completed with exit code 1.' });
    expect([lines[1]!.marker, lines[3]!.marker]).toEqual(['group', 'endgroup']);
    expect([...t.failedSteps]).toEqual(['Run ruff check .']);
    expect(t.steps).toEqual(['Set up job', 'Run ruff check .', 'Complete job']);
  });

  it('reads `gh run view --log` lines: job and step from the first two fields', () => {
    const t = new StepTracker();
    const l = t.next('build\tRun tests\t2026-03-04T10:15:02.1234567Z FAILED tests/a.py::t', 1);
    expect(l).toMatchObject({ step: 'build / Run tests', text: 'FAILED tests/a.py::t' });
    // Fields past ASCII, colours and a CR in the text: cleaned on bytes as a raw log's line is.
    const b = Buffer.from('tést\tRun ✓\t2026-03-04T10:15:03.1234567Z \x1b[31mE\x1b[0m a.py:1: boom\r');
    expect(t.nextBytes(b, 0, b.length, false, b.indexOf(27), 2)).toMatchObject({
      step: 'tést / Run ✓',
      text: 'E a.py:1: boom',
      located: true,
    });
    // A line without the fields stays in the step.
    expect(t.next('plain output', 3)).toMatchObject({ step: 'tést / Run ✓', text: 'plain output' });
  });
});
