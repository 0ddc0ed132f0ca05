import { describe, expect, it, vi } from 'vitest';
import { canRunCommands, parseCommand } from './chat-ops.js';

describe('parseCommand', () => {
  it('reads the four commands from the first non-empty line', () => {
    expect(parseCommand('/autofix')).toBe('run');
    expect(parseCommand('/autofix apply')).toBe('apply');
    expect(parseCommand('/autofix retry')).toBe('retry');
    expect(parseCommand('/autofix skip')).toBe('skip');
    expect(parseCommand('\n\n  \r\n/autofix retry\r\nthe linter was flaky, try again')).toBe('retry');
  });

  it('in any case, with trailing spaces, and spaces between the words', () => {
    expect(parseCommand('/AutoFix APPLY  \t')).toBe('apply');
    expect(parseCommand('/autofix   skip')).toBe('skip');
    expect(parseCommand('/AUTOFIX \n')).toBe('run');
  });

  it('a mention is not a command: quotes, code, words around it, lookalikes', () => {
    for (const body of [
      '> /autofix',
      '> /autofix apply\n\nshould I run this?',
      '```\n/autofix\n```',
      '    /autofix',
      ' /autofix',
      '`/autofix`',
      'You can write /autofix to ask for a fix',
      'Thanks!\n/autofix',
      '/autofixes',
      '/autofix now please',
      '/autofix apply now',
      '/autofix run',
      '/autofix-apply',
      'autofix',
      '/ autofix',
      '',
      '   \n\t\n',
    ])
      expect(parseCommand(body), JSON.stringify(body)).toBeUndefined();
  });

  it('reads only the start of a huge body', () => {
    expect(parseCommand(`/autofix skip\n${'x'.repeat(1_000_000)}`)).toBe('skip');
    // A command after a kilobyte of blank lines is not looked for.
    expect(parseCommand(`${'\n'.repeat(2000)}/autofix`)).toBeUndefined();
    // Nor is a first line that the cap cuts: what follows might make it something else.
    expect(parseCommand(`/autofix ${' '.repeat(2000)}apply`)).toBeUndefined();
    expect(parseCommand(`/autofix${' '.repeat(2000)}`)).toBeUndefined();
    // However long the body, the lines are split from its first thousand characters only (work done,
    // counted: a timed assertion would be a flaky test on a busy machine).
    const split = vi.spyOn(String.prototype, 'split');
    try {
      parseCommand(`${' '.repeat(10_000_000)}/autofix`);
      expect(split.mock.contexts.map((s) => String(s).length)).toEqual([1000]);
    } finally {
      split.mockRestore();
    }
  });

  it('is undefined for a body that is not text', () => {
    expect(parseCommand(null as unknown as string)).toBeUndefined();
    expect(parseCommand(42 as unknown as string)).toBeUndefined();
  });
});

describe('canRunCommands', () => {
  it('lets those who could push the fix command it', () => {
    for (const p of ['admin', 'maintain', 'write', 'Write', ' admin '])
      expect(canRunCommands(p), p).toBe(true);
  });

  it('refuses triage, read, none, custom roles and anything else', () => {
    for (const p of ['triage', 'read', 'none', 'pull', 'security-manager', '', 'writer'])
      expect(canRunCommands(p), p).toBe(false);
    expect(canRunCommands(undefined as unknown as string)).toBe(false);
  });
});
