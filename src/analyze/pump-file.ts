import { open } from 'node:fs/promises';
import type { LogAnalyzer } from './log-analyzer.js';

/** Bytes read at a time: the LineCleaner's window, so each read is cleaned in one pass. */
const READ_CHUNK = 1 << 20;

/**
 * Feeds bytes [start, end) of a file to the analyzer through one reused buffer: the analyzer keeps no
 * input bytes past `write` (it copies a line cut by a read, and cleans in its own memory), so no buffer is
 * allocated per chunk, as a read stream would (on a 200 MB log, 800 buffers whose external memory
 * drives the collector). Each read is awaited, so a service's event loop goes on between reads.
 */
export async function pumpFile(
  path: string,
  analyzer: Pick<LogAnalyzer, 'write'>,
  start = 0,
  end = Number.POSITIVE_INFINITY,
): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    for (let pos = start; pos < end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) break;
      analyzer.write(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
}
