import type { Command } from 'commander';
import type { UntrustedChange } from '../manifest/trusted-panels.ts';

export interface TrustOptions {
  trustedPanels?: string | undefined;
  allowEnv?: string[] | undefined;
}

/**
 * `--trusted-panels DIR` and `--allow-env NAME` for `validate` and `plan` of a change nobody
 * has reviewed (a pull request): Panels and their credentials only from DIR, and no secret
 * ref in the change's objects but the variables allowed.
 */
export function addTrustOptions(command: Command): Command {
  return command
    .option('--trusted-panels <dir>', 'untrusted manifests: take Panel documents and their credentials only from DIR (e.g. the base branch checkout); refuse a change to them')
    .option('--allow-env <name>', 'with --trusted-panels: a variable the objects may reference (NAME or PREFIX_*); repeatable', (v: string, all: string[]) => [...all, v], [] as string[]);
}

export function untrustedChange(options: TrustOptions): UntrustedChange | undefined {
  if (!options.trustedPanels) return undefined;
  return { trustedPanelsDir: options.trustedPanels, allowEnv: options.allowEnv ?? [] };
}
