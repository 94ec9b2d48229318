import { createLogger, type Logger } from '../shared/logger.ts';
import { defaultRegistry } from '../providers/index.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { formatDiagnostic, hasErrors } from '../manifest/diagnostics.ts';
import { loadManifests, type LoadOptions, type ManifestSet } from '../manifest/load.ts';
import type { UntrustedChange } from '../manifest/trusted-panels.ts';
import { CliError, EXIT } from './exit-codes.ts';

/** Where a command writes, and what it knows about its terminal; tests pass their own. */
export interface Runtime {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  logger: Logger;
  registry: ProviderRegistry;
  color: boolean;
}

export interface CommonOptions {
  dir: string;
  stateDir: string;
  logLevel?: string;
  color?: boolean;
}

export function createRuntime(options: { logLevel?: string | undefined; color?: boolean | undefined }): Runtime {
  const stdout = process.stdout;
  return {
    stdout,
    stderr: process.stderr,
    env: process.env,
    // Failures are in the apply summary already: JSON logs on stderr only on request.
    logger: createLogger({ level: options.logLevel ?? process.env.PANELOPS_LOG_LEVEL ?? 'error' }),
    registry: defaultRegistry(),
    color: options.color !== false && stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

/** Loads manifests and prints every diagnostic; throws (exit 1) when any is an error. */
export async function loadOrFail(rt: Runtime, dir: string, untrusted?: UntrustedChange, checkOnly = false, onPanelsReady?: LoadOptions['onPanelsReady']): Promise<ManifestSet> {
  const set = await loadManifests({ dir, registry: rt.registry, env: rt.env, untrusted, checkOnly, onPanelsReady });
  printDiagnostics(rt, set);
  if (hasErrors(set.diagnostics)) throw new CliError(`${countErrors(set)} error(s) in the manifests under ${set.dir}: nothing was sent to any panel`);
  return set;
}

export function printDiagnostics(rt: Runtime, set: ManifestSet): void {
  for (const d of set.diagnostics) rt.stderr.write(`${formatDiagnostic(d)}\n`);
}

const countErrors = (set: ManifestSet) => set.diagnostics.filter((d) => d.severity === 'error').length;

export { EXIT };
