/**
 * `scan`'s progress on stderr: a redrawn bar on a terminal, one plain line per account otherwise (a CI log, a pipe).
 */
import { SCAN_ATTEMPTS } from '../run/config.js';
import { plural } from './plural.js';

/** One account of the run finished (or failed for good), for the progress output. */
export interface AccountProgress {
  accountId: string;
  done: number;
  total: number;
  gaps?: number;
  error?: string;
}

/** Progress on stderr: a redrawn bar on a terminal, one plain line per account otherwise. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (e: AccountProgress) => void {
  return ({ accountId, done, total, gaps, error }) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} accounts`);
      if (done === total) stream.write('\n');
    } else if (error !== undefined) {
      stream.write(`not read ${accountId} (${done}/${total}): failed ${plural(SCAN_ATTEMPTS, 'time')}: ${error}\n`);
    } else {
      stream.write(`scanned ${accountId} (${done}/${total}): ${plural(gaps ?? 0, 'gap')}\n`);
    }
  };
}
