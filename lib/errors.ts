/**
 * The one exception hierarchy: exceptions are for bugs and I/O only; bad input is data
 * (`ValidationError`). SDK errors are wrapped once, at the edge.
 */
export class ScannerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScannerError';
  }
}

/** A read from AWS (or the sandbox) failed in a way the caller must handle. */
export class CollectError extends ScannerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollectError';
  }
}

/** Writing a report or a message failed. */
export class PublishError extends ScannerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

/** Configuration (flags, environment, files) is unusable. */
export class ConfigError extends ScannerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A problem with an input document, pointing at where it is (`Statement[2].Condition`). */
export interface ValidationError {
  path: string;
  message: string;
}
