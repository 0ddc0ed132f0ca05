import { describe, expect, it } from 'vitest';
import { tools } from '../tools/index.js';
import { unsafeFixVerdict } from './ask-tools.js';

describe('a fix the tool calls unsafe', () => {
  it('is a candidate the check must prove, when a person reviews what is published', () => {
    expect(unsafeFixVerdict('ruff', 'F841', 'ruff', false, true)).toMatchObject({
      fixability: 'deterministic',
      unsafeFix: true,
    });
  });

  it('goes to a model instead when the commits are pushed without review, unless the repository opted in', () => {
    expect(unsafeFixVerdict('ruff', 'F841', 'ruff', false, false)).toMatchObject({ fixability: 'llm' });
    const opted = unsafeFixVerdict('ruff', 'F841', 'ruff', true, false);
    expect(opted).toMatchObject({ fixability: 'deterministic' });
    expect(opted.unsafeFix).toBeUndefined();
  });

  it("is a plain fix when it is exactly the rule's edit (E711's `is None`)", () => {
    const v = unsafeFixVerdict('ruff', 'E711', 'flake8', false, false, tools.ruff.ask?.unsafeFixesAskedFor);
    expect(v).toMatchObject({ fixability: 'deterministic' });
    expect(v.unsafeFix).toBeUndefined();
  });
});
