import { startMarzbanEmulator, type MarzbanEmulator, type MarzbanEmulatorOptions } from '../../controller/emulators/marzban/index.ts';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import { CliError, type ExitCode } from '../../controller/cli/exit-codes.ts';
import type { Runtime } from '../../controller/cli/runtime.ts';
import { captureRuntime } from './capture-runtime.ts';
import { tempDir, writeFiles } from './temp-dir.ts';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export const PANEL_ENV = { MZ_URL: '', MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };

export const marzbanPanel = (policy = '{ prune: true }') => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: mz }
spec:
  type: marzban
  url: { env: MZ_URL }
  auth: { username: { env: MZ_USER }, password: { env: MZ_PASS } }
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

/** A Marzban emulator, a manifest directory and a state directory, with in-process CLI calls. */
export interface MarzbanWorld {
  emulator: MarzbanEmulator;
  manifests: string;
  stateDir: string;
  env: Record<string, string>;
  /** Replaces the manifest directory's content (the Panel document is always included). */
  write(files: Record<string, string>, policy?: string): Promise<void>;
  plan(extra?: { format?: 'text' | 'json' | 'markdown'; out?: string }): Promise<{ code: ExitCode; stdout: string; stderr: string }>;
  apply(extra?: { allowDeletes?: number; planFile?: string }): Promise<{ code: ExitCode; stdout: string; stderr: string; logs: string }>;
  close(): Promise<void>;
}

export async function marzbanWorld(options: MarzbanEmulatorOptions = {}): Promise<MarzbanWorld> {
  const emulator = await startMarzbanEmulator({ seed: 1, ...options });
  const root = await tempDir();
  const manifests = join(root.path, 'manifests');
  const stateDir = join(root.path, 'state');
  const env = { ...PANEL_ENV, MZ_URL: emulator.url };
  return {
    emulator,
    manifests,
    stateDir,
    env,
    async write(files, policy) {
      await rm(manifests, { recursive: true, force: true });
      await writeFiles(manifests, { 'panel.yaml': marzbanPanel(policy), ...files });
    },
    async plan(extra = {}) {
      const c = captureRuntime(env);
      const code = await exitCodeOf(c.rt, () => planCommand(c.rt, { dir: manifests, stateDir, format: extra.format ?? 'text', ...(extra.out ? { out: extra.out } : {}) }));
      return { code, stdout: c.stdout(), stderr: c.stderr() };
    },
    async apply(extra = {}) {
      const c = captureRuntime(env);
      const code = await exitCodeOf(c.rt, () => applyCommand(c.rt, { dir: manifests, stateDir, autoApprove: true, ...extra }));
      return { code, stdout: c.stdout(), stderr: c.stderr(), logs: c.logs() };
    },
    async close() {
      await emulator.close();
      await root.cleanup();
    },
  };
}

/** Runs a command the way main.ts does: a CliError becomes its exit code and an "Error:" line on stderr. */
async function exitCodeOf(rt: Runtime, command: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await command();
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    rt.stderr.write(`Error: ${err.message}\n`);
    return err.exitCode;
  }
}
