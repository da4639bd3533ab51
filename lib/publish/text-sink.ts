/**
 * A buffer for the streaming renderers (./report-stream.ts): it hands a sink chunks of at least a given size, so a
 * renderer may write row by row without one await per row reaching a file or a network body.
 */
import type { TextSink } from './report-stream.js';

/** Default chunk size handed on by `bufferedSink`. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Wraps a sink: text is gathered into chunks of about `size` characters before it is written on. `end()` writes the
 * rest and ends the wrapped sink.
 */
export function bufferedSink(sink: TextSink, size = CHUNK_CHARS): TextSink & { flush(): Promise<void> } {
  let parts: string[] = [];
  let length = 0;
  const flush = async (): Promise<void> => {
    if (length === 0) return;
    const chunk = parts.join('');
    parts = [];
    length = 0;
    await sink.write(chunk);
  };
  return {
    write: async (chunk) => {
      parts.push(chunk);
      length += chunk.length;
      if (length >= size) await flush();
    },
    flush,
    end: async () => {
      await flush();
      await sink.end();
    },
  };
}
