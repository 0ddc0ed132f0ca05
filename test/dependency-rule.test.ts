import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** docs/architecture.md: the folder tree is the architecture, and eslint enforces who may import whom. */
describe('folder dependency rule', () => {
  const eslint = new ESLint({ cwd: join(import.meta.dirname, '..') });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(import.meta.dirname, '..', file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('domain imports nothing; parsers import only domain', async () => {
    expect(
      await lint(
        'src/domain/x.ts',
        "import { cleanBytes } from '../logs/clean-bytes.js';\nexport const x = cleanBytes;\n",
      ),
    ).toEqual([expect.stringContaining('src/domain may import only: nothing')]);
    expect(
      await lint(
        'src/tools/ruff/x.ts',
        "import { Triage } from '../../triage/index.js';\nexport const x = Triage;\n",
      ),
    ).toEqual([expect.stringContaining('src/tools may import only: domain')]);
  });

  it('allowed imports pass', async () => {
    expect(
      await lint(
        'src/tools/ruff/x.ts',
        "import type { LogLine } from '../../domain/index.js';\nexport type X = LogLine;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/cli/x.ts',
        "import { LogAnalyzer } from '../analyze/log-analyzer.js';\nexport const x = LogAnalyzer;\n",
      ),
    ).toEqual([]);
  });

  it("service holds the service's parts behind ports: cli's serve command wires them, nothing else imports them", async () => {
    expect(
      await lint(
        'src/service/x.ts',
        "import { JobQueue } from '../store/index.js';\nimport type { ForgeWatch } from '../forge/forge.js';\nexport const x = JobQueue;\nexport type Y = ForgeWatch;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/service/x.ts',
        "import { githubClient } from '../forge/github/github-client.js';\nexport const x = githubClient;\n",
      ),
    ).not.toEqual([]);
    expect(
      await lint(
        'src/service/x.ts',
        "import { prCommand } from '../cli/commands/pr.js';\nexport const x = prCommand;\n",
      ),
    ).toEqual([expect.stringContaining('src/service may import only:')]);
    expect(
      await lint(
        'src/cli/x.ts',
        "import { parseCommand } from '../service/chat-ops.js';\nexport const x = parseCommand;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'src/pipeline/x.ts',
        "import type { Intent } from '../service/intents.js';\nexport type X = Intent;\n",
      ),
    ).toEqual([expect.stringContaining('src/pipeline may import only:')]);
  });
});
