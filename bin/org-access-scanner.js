#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx's loader so the package works straight from `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(join(here, '..', 'lib', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
