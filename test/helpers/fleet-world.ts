import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { applyCommand } from '../../controller/cli/apply-command.ts';
import { CliError, type ExitCode } from '../../controller/cli/exit-codes.ts';
import { importCommand, type ImportCommandOptions } from '../../controller/cli/import-command.ts';
import { planCommand } from '../../controller/cli/plan-command.ts';
import type { Runtime } from '../../controller/cli/runtime.ts';
import { startXuiEmulator, type XuiEmulator } from '../../controller/emulators/3x-ui/index.ts';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { captureRuntime } from './capture-runtime.ts';
import { marzbanApi, type MarzbanApi } from './marzban-api.ts';
import { tempDir, writeFiles } from './temp-dir.ts';
import { XUI_TOKEN } from './xui-fixture.ts';

/** A Marzban panel `eu-1` and a 3x-ui panel `fi-2`, emulated, with one manifest and state directory. */
export interface FleetWorld {
  marzban: MarzbanEmulator;
  xui: XuiEmulator;
  mz: MarzbanApi;
  manifests: string;
  stateDir: string;
  env: Record<string, string>;
  write(files: Record<string, string>, policy?: { eu1?: string; fi2?: string }): Promise<void>;
  plan(extra?: { allowCredentialChanges?: boolean; format?: 'text' | 'json'; out?: string }): Promise<Run>;
  apply(extra?: { allowCredentialChanges?: boolean; planFile?: string; allowDeletes?: number }): Promise<Run>;
  import(options: Partial<ImportCommandOptions> & { panel: string }): Promise<Run>;
  /** Every file of the state directory, as text. */
  stateText(): Promise<string>;
  close(): Promise<void>;
}

export interface Run {
  code: ExitCode;
  stdout: string;
  stderr: string;
  logs: string;
}

const panel = (name: string, type: string, url: string, auth: string, policy: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: ${name} }
spec:
  type: ${type}
  url: { env: ${url} }
  auth: ${auth}
  limits: { concurrency: 4, requestsPerSecond: 0 }
  policy: ${policy}
`;

export async function startFleetWorld(): Promise<FleetWorld> {
  const marzban = await startMarzbanEmulator({ seed: 1 });
  const xui = await startXuiEmulator({ seed: 1, version: '3.6' });
  const root = await tempDir();
  const manifests = join(root.path, 'manifests');
  const stateDir = join(root.path, 'state');
  const env: Record<string, string> = { MZ_URL: marzban.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass', XUI_URL: xui.url, XUI_TOKEN, FLEET_KEY: 'fleet-key-for-tests-0123456789' };
  const call = async (fn: (rt: Runtime) => Promise<ExitCode>): Promise<Run> => {
    const c = captureRuntime(env);
    let code: ExitCode;
    try {
      code = await fn(c.rt);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      c.rt.stderr.write(`Error: ${err.message}\n`);
      code = err.exitCode;
    }
    return { code, stdout: c.stdout(), stderr: c.stderr(), logs: c.logs() };
  };
  return {
    marzban,
    xui,
    mz: await marzbanApi(marzban.url),
    manifests,
    stateDir,
    env,
    async write(files, policy = {}) {
      await rm(manifests, { recursive: true, force: true });
      await writeFiles(manifests, {
        'panels.yaml': `${panel('eu-1', 'marzban', 'MZ_URL', '{ username: { env: MZ_USER }, password: { env: MZ_PASS } }', policy.eu1 ?? '{ prune: true }')}---\n${panel('fi-2', '3x-ui', 'XUI_URL', '{ token: { env: XUI_TOKEN } }', policy.fi2 ?? '{ prune: true }')}`,
        ...files,
      });
    },
    plan: (extra = {}) => call((rt) => planCommand(rt, { dir: manifests, stateDir, format: extra.format ?? 'text', allowCredentialChanges: extra.allowCredentialChanges ?? false, ...(extra.out ? { out: extra.out } : {}) })),
    apply: (extra = {}) => call((rt) => applyCommand(rt, { dir: manifests, stateDir, autoApprove: true, allowCredentialChanges: extra.allowCredentialChanges ?? false, ...(extra.planFile ? { planFile: extra.planFile } : {}), ...(extra.allowDeletes ? { allowDeletes: extra.allowDeletes } : {}) })),
    import: (options) => call((rt) => importCommand(rt, { dir: manifests, stateDir, kind: ['Subscriber'], selector: [], names: [], adopt: true, ...options })),
    async stateText() {
      const files = await readdir(stateDir).catch(() => [] as string[]);
      return (await Promise.all(files.map((f) => readFile(join(stateDir, f), 'utf8').catch(() => '')))).join('\n');
    },
    async close() {
      await Promise.all([marzban.close(), xui.close()]);
      await root.cleanup();
    },
  };
}
