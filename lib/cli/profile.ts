/**
 * `--profile NAME`: the SDK's credential chain for a named profile of the shared config and credentials files. A
 * name that is in neither file is bad input (exit 2, naming the profile and the files), found before any AWS call;
 * the SDK itself would only say "Could not load credentials from any providers".
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { ConfigError } from '../errors.js';

/** The shared files the SDK reads, honouring `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`. */
function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

async function sections(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[([^\]]+)\]/gm)].map((m) => m[1]!.trim());
}

/** True when the profile is named in the config file (`[profile NAME]`, `[default]`) or the credentials file (`[NAME]`). */
async function profileExists(name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const files = sharedFiles(env);
  const config = await sections(files.config);
  const credentials = await sections(files.credentials);
  return (
    config.some((s) => s === `profile ${name}` || (name === 'default' && s === 'default')) || credentials.includes(name)
  );
}

/** Credentials of a named profile; a profile that does not exist is a ConfigError. */
export async function profileCredentials(name: string): Promise<ReturnType<typeof fromNodeProviderChain>> {
  if (!(await profileExists(name))) {
    const files = sharedFiles();
    throw new ConfigError(
      `profile \`${name}\` does not exist: it is in neither \`${files.config}\` nor \`${files.credentials}\``,
    );
  }
  return fromNodeProviderChain({ profile: name });
}
