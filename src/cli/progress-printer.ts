import type { Writable } from 'node:stream';
import type { ProgressEvent } from '../domain/index.js';
import { progressLine } from '../output/index.js';

/** The jobs' events on a terminal: a line each (elapsed time, stage, what happened, up to four files). */
export function progressPrinter(stream: NodeJS.WriteStream | Writable): (e: ProgressEvent) => void {
  return (e) =>
    stream.write(
      e.type === 'note'
        ? `${e.level === 'warning' ? 'warning' : 'note'}: ${e.message}\n`
        : `${progressLine(e)}\n`,
    );
}
