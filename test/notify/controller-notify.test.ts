import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { eventually, startController } from '../controller/controller-process.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const PASSWORD = 'sandbox-admin-pass';
const files = {
  'panel.yaml': marzbanPanel(),
  'users.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: notified_user }\nspec: { proxies: { vless: {} } }\n',
  'notifier.yaml': `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ops }
spec:
  type: webhook
  webhook: { url: { env: HOOK_URL }, secret: { env: HOOK_SECRET } }
  events: [panel-down, apply-failed, guard-blocked, invalid-revision]
`,
};

describe('panelops run tells a webhook when a panel goes down and when it is back', () => {
  let emu: MarzbanEmulator;
  let port: number;
  let receiver: Receiver;
  let root: { path: string; cleanup(): Promise<void> };
  let controller: Awaited<ReturnType<typeof startController>>;
  const dir = () => join(root.path, 'manifests');
  const status = async () => (await (await fetch(`${controller.url}/status`)).json()) as { lastReconcile?: { at: string }; panels: Record<string, { error?: string }> };
  /** A new revision (a comment) makes the controller reconcile now instead of at the next interval. */
  const reconcileNow = async (check: (s: Awaited<ReturnType<typeof status>>) => void) => {
    const before = (await status()).lastReconcile?.at;
    await appendFile(join(dir(), 'users.yaml'), `# ${Date.now()}\n`);
    await eventually(async () => {
      const s = await status();
      expect(s.lastReconcile?.at).not.toBe(before);
      check(s);
    }, 20_000);
  };

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 3 });
    port = Number(new URL(emu.url).port);
    receiver = await startReceiver();
    root = await tempDir();
    await writeFiles(dir(), files);
    controller = await startController(['--source', dir(), '--interval', '10m', '--listen', '127.0.0.1:0', '--state-dir', join(root.path, 'state')], {
      MZ_URL: emu.url,
      MZ_USER: 'admin',
      MZ_PASS: PASSWORD,
      HOOK_URL: `${receiver.url}/hook`,
      HOOK_SECRET: 'controller-hook-secret',
    });
  });
  afterAll(async () => {
    controller.child.kill('SIGKILL');
    await emu.close();
    await receiver.close();
    await root.cleanup();
  });

  it('sends exactly one message while the panel stays down, then one "resolved"', async () => {
    await eventually(async () => expect(emu.state.findUser('notified_user')).toBeDefined(), 15_000);
    expect(receiver.received).toHaveLength(0);

    await emu.close();
    await reconcileNow((s) => expect(s.panels.mz?.error).toBeDefined());
    await eventually(async () => expect(receiver.bodies()).toHaveLength(1), 5_000);
    await reconcileNow((s) => expect(s.panels.mz?.error).toBeDefined());

    emu = await startMarzbanEmulator({ seed: 3, port });
    await reconcileNow((s) => expect(s.panels.mz?.error).toBeUndefined());
    await eventually(async () => expect(receiver.bodies()).toHaveLength(2), 5_000);
    const [down, up] = receiver.bodies();
    expect(down).toMatchObject({ event: 'panel-down', state: 'problem', panel: 'mz', notifier: 'ops' });
    expect(up).toMatchObject({ event: 'panel-down', state: 'resolved', title: 'Panel mz is back up' });
    expect(receiver.received.map((r) => r.body).join('\n')).not.toContain(PASSWORD);
    expect(emu.state.findUser('notified_user')).toBeDefined();
    expect(await (await fetch(`${controller.url}/metrics`)).text()).toContain('panelops_notifications_total{notifier="ops",event="panel-down",result="sent"} 2');
  });
});
