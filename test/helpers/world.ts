import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { CliError, type ExitCode } from '../../controller/cli/exit-codes.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import type { Runtime } from '../../controller/cli/runtime.ts';
import { captureRuntime } from './capture-runtime.ts';
import { tempDir, writeFiles } from './temp-dir.ts';

/** What a world needs to know about one panel type: how to start its emulator and describe it. */
export interface PanelFixture<E extends { url: string; close(): Promise<void> }> {
  start(): Promise<E>;
  /** The Panel document (named after `name`) reading its URL and credentials from `env`. */
  panelYaml(policy: string): string;
  env(emulator: E): Record<string, string>;
}

/** An emulator, a manifest directory and a state directory, with in-process CLI calls. */
export interface World<E> {
  emulator: E;
  manifests: string;
  stateDir: string;
  env: Record<string, string>;
  /** Replaces the manifest directory's content; the Panel document is always included. */
  write(files: Record<string, string>, policy?: string): Promise<void>;
  plan(extra?: { format?: 'text' | 'json' | 'markdown'; out?: string }): Promise<{ code: ExitCode; stdout: string; stderr: string }>;
  apply(extra?: { allowDeletes?: number; planFile?: string; target?: string[] }): Promise<{ code: ExitCode; stdout: string; stderr: string; logs: string }>;
  close(): Promise<void>;
}

export async function startWorld<E extends { url: string; close(): Promise<void> }>(fixture: PanelFixture<E>): Promise<World<E>> {
  const emulator = await fixture.start();
  const root = await tempDir();
  const manifests = join(root.path, 'manifests');
  const stateDir = join(root.path, 'state');
  const env = fixture.env(emulator);
  return {
    emulator,
    manifests,
    stateDir,
    env,
    async write(files, policy = '{ prune: true }') {
      await rm(manifests, { recursive: true, force: true });
      await writeFiles(manifests, { 'panel.yaml': fixture.panelYaml(policy), ...files });
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
export async function exitCodeOf(rt: Runtime, command: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await command();
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    rt.stderr.write(`Error: ${err.message}\n`);
    return err.exitCode;
  }
}
