import type { ChatCommand } from './intents.js';

/** Only the start of a comment is read: a command is its first line, and a body may be 65,536 characters. */
const MAX_SCANNED = 1000;

const COMMAND_LINE = /^\/autofix(?:[ \t]+(apply|retry|skip))?[ \t]*$/i;

/**
 * The chat-ops command a pull request comment gives: its first non-empty line is exactly `/autofix`
 * (run), `/autofix apply`, `/autofix retry` or `/autofix skip`, in any case, with nothing else on that
 * line but trailing spaces. A quote (`> /autofix`), a code block, indented text, a command further down
 * or with words after it is a mention, not a command: undefined.
 */
export function parseCommand(body: string): ChatCommand | undefined {
  if (typeof body !== 'string') return undefined;
  const lines = body.slice(0, MAX_SCANNED).split(/\r\n|\r|\n/);
  const at = lines.findIndex((line) => line.trim() !== '');
  // None within the cap, or one the cap cut: no command (its end may say otherwise).
  if (at === -1 || (at === lines.length - 1 && body.length > MAX_SCANNED)) return undefined;
  const m = COMMAND_LINE.exec(lines[at]!);
  if (!m) return undefined;
  return m[1] ? (m[1].toLowerCase() as ChatCommand) : 'run';
}

const CAN_RUN = new Set(['admin', 'maintain', 'write']);

/**
 * Whether a user with this repository permission may command ci-autofix: someone who could push the fix
 * themselves. Takes the REST API's `permission` (admin, write, read, none) or its `role_name` (admin,
 * maintain, write, triage, read, or an organisation's custom role, which is refused: its `permission`
 * says what it grants).
 */
export function canRunCommands(permission: string): boolean {
  return typeof permission === 'string' && CAN_RUN.has(permission.trim().toLowerCase());
}
