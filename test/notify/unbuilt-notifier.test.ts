import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { eventually, startController } from '../controller/controller-process.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const users = (names: string[]) =>
  `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {} } }\n  items: [${names.map((n) => `{ name: ${n} }`).join(', ')}]\n`;
const telegram = `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops }
spec:
  type: telegram
  telegram: { botToken: { env: TG_BOT_TOKEN }, chatId: -1001 }
`;

interface Status {
  lastReconcile?: { result: string };
  panels: Record<string, { applied?: { succeeded: number } }>;
  notifiers?: Record<string, { ready: boolean; error?: string }>;
}

/** A Notifier whose bot token is not set on this machine, beside a healthy panel. */
describe('a Notifier that cannot be built never stops reconciliation', { timeout: 120_000 }, () => {
  let emu: MarzbanEmulator;
  let root: { path: string; cleanup(): Promise<void> };
  let env: Record<string, string>;
  const dir = (name: string) => join(root.path, name);

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 5 });
    root = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };
  });
  afterAll(async () => {
    await emu?.close();
    await root?.cleanup();
  });

  it('plan and apply go on, the plan saying which Notifier is left out and why', async () => {
    await writeFiles(dir('cli'), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['cli_user']), 'notifier.yaml': telegram });
    const plan = await runCli(['plan', '-f', dir('cli'), '--state-dir', dir('cli-state'), '--format', 'json'], env);
    expect(plan.code, plan.stderr).toBe(2);
    const warnings = (JSON.parse(plan.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toEqual([expect.stringMatching(/^Notifier "ops" \(.*notifier\.yaml:3\) is not built, nothing is sent through it: environment variable TG_BOT_TOKEN is not set$/)]);
    expect(plan.stderr).toMatch(/notifier\.yaml:6:\d+: warning: \/spec\/telegram\/botToken: Notifier "ops" is not built/);
    const apply = await runCli(['apply', '-f', dir('cli'), '--state-dir', dir('cli-state'), '--auto-approve', '--notify'], env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('Warning: --notify, but there is no Notifier that could be built (see the warnings above)');
    expect(emu.state.findUser('cli_user')).toBeDefined();
  });

  it('the controller applies the panel and reports the Notifier in /status, /metrics and the log', async () => {
    await writeFiles(dir('run'), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['run_user']), 'notifier.yaml': telegram });
    const controller = await startController(['--source', dir('run'), '--state-dir', dir('run-state'), '--interval', '1h', '--listen', '127.0.0.1:0'], env);
    try {
      const status = await eventually(async () => {
        const s = (await (await fetch(`${controller.url}/status`)).json()) as Status;
        if (!s.lastReconcile) throw new Error('not reconciled yet');
        return s;
      }, 60_000);
      expect(status.lastReconcile?.result).toBe('succeeded');
      expect(status.panels.mz?.applied?.succeeded, JSON.stringify(status)).toBe(1);
      expect(emu.state.findUser('run_user')).toBeDefined();
      expect(status.notifiers?.ops).toEqual({ ready: false, error: 'environment variable TG_BOT_TOKEN is not set (notifier.yaml:3)' });
      const metrics = await (await fetch(`${controller.url}/metrics`)).text();
      expect(metrics).toContain('panelops_notifier_ready{notifier="ops"} 0');
      expect(controller.output()).toMatch(/"level":40[^\n]*"notifier":"ops"[^\n]*Notifier not built, nothing is sent through it: environment variable TG_BOT_TOKEN is not set/);
    } finally {
      controller.child.kill('SIGTERM');
      await controller.exited;
    }
  });

  it('a pull request adding it shows the missing variable as an error of the change', async () => {
    await writeFiles(dir('base'), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['pr_user']) });
    await writeFiles(dir('pr'), { 'panel.yaml': marzbanPanel(), 'users.yaml': users(['pr_user']), 'notifier.yaml': telegram });
    const plan = await runCli(['plan', '-f', dir('pr'), '--trusted-panels', dir('base'), '--state-dir', dir('pr-state')], env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/notifier\.yaml:6:\d+: \/spec\/telegram\/botToken: environment variable TG_BOT_TOKEN is not set: once merged, this Notifier could not be built/);
    // Already on the base branch unchanged: not this change's error (the plan creates pr_user).
    await writeFiles(dir('base'), { 'notifier.yaml': telegram });
    const unchanged = await runCli(['plan', '-f', dir('pr'), '--trusted-panels', dir('base'), '--state-dir', dir('pr-state')], env);
    expect(unchanged.code, unchanged.stderr).toBe(2);
  });
});
