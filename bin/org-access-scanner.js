#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx's loader so the package works straight from `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// The supported Node versions are the README's (package.json "engines"); the AWS SDK's own end-of-support notice
// would otherwise print on every run. A user who wants it back sets the variable to `false`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// A reader that stops early (`| head`) closes the pipe: like the Unix tools a SIGPIPE ends, stop quietly with
// 128 + 13 instead of an unhandled EPIPE stack trace, so a pipeline under `set -o pipefail` still sees it.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(141);
  });
}
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(join(here, '..', 'lib', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
