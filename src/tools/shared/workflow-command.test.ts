import { describe, expect, it } from 'vitest';
import { parseWorkflowCommand } from './workflow-command.js';

describe('parseWorkflowCommand', () => {
  it('reads properties and unescapes data and property values', () => {
    expect(
      parseWorkflowCommand('::error file=a%2Cb.py,line=3,col=5,title=ruff (F401)::one%0Atwo %25'),
    ).toEqual({
      command: 'error',
      props: { file: 'a,b.py', line: '3', col: '5', title: 'ruff (F401)' },
      message: 'one\ntwo %',
    });
    expect(parseWorkflowCommand('::warning::plain')).toEqual({
      command: 'warning',
      props: {},
      message: 'plain',
    });
    expect(parseWorkflowCommand('::debug::not an annotation')).toBeUndefined();
  });
});
