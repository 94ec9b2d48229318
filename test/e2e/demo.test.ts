import { describe, expect, it } from 'vitest';
import { demoCommand } from '../../controller/cli/demo-command.ts';
import { captureRuntime } from '../helpers/capture-runtime.ts';

describe('npm run demo', () => {
  it('plans, applies and plans again with no changes on all five emulated panels', async () => {
    const c = captureRuntime({});
    const code = await demoCommand(c.rt, {});
    expect(code, c.stderr()).toBe(0);
    const out = c.stdout();
    for (const panel of ['Panel marzban (marzban, manage)', 'Panel xui (3x-ui, manage)', 'Panel hosting (openpanel, manage)', 'Panel community (users-api, manage)', 'Panel pasarguard (pasarguard, manage)', 'Panel remnawave (remnawave, manage)']) expect(out).toContain(panel);
    expect(out).toMatch(/Apply complete: \d+ succeeded, 0 failed, 0 skipped/);
    expect(out).toContain('Demo finished: applied, and a second plan has no changes.');
  }, 60_000);
});
