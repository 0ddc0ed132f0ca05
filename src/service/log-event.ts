import { EVENT_STAGE, type ProgressEvent } from '../domain/index.js';
import type { Logger } from './logger.js';

/**
 * A job's events as structured log entries: the event's own fields, its stage and time; a note at its
 * level. No text is parsed back: the fields are the event's.
 */
export function logEvent(log: Logger): (e: ProgressEvent) => void {
  return (e) => {
    const { type, elapsedMs, ...fields } = e;
    if (e.type === 'note') log[e.level === 'warning' ? 'warn' : 'info']({ detail: e.message }, e.level);
    else log.info({ event: type, stage: EVENT_STAGE[type], ms: elapsedMs, ...fields }, 'progress');
  };
}
