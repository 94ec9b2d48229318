import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveCredentials } from '../../controller/fleet/credentials.ts';
import { startFleetWorld, type FleetWorld } from '../helpers/fleet-world.ts';
import type { ApiUser } from '../helpers/marzban-api.ts';
import { xuiGet } from '../helpers/xui-fixture.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'fleet');

describe('the shipped fleet example', () => {
  let w: FleetWorld | undefined;
  afterEach(async () => w?.close());

  it('applies on emulated panels and plans nothing after; a gold placement on 3x-ui stops at dataLimitReset', async () => {
    w = await startFleetWorld();
    await cp(EXAMPLE, w.manifests, { recursive: true });
    Object.assign(w.env, { MARZBAN_URL: w.marzban.url, MARZBAN_USERNAME: 'admin', MARZBAN_PASSWORD: 'sandbox-admin-pass' });
    const applied = await w.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await w.plan()).code).toBe(0);
    const chen = (await xuiGet<Array<{ email: string; uuid: string }>>(w.xui.url, '/clients/list')).obj.find((c) => c.email === 'fleet_chen');
    expect(chen?.uuid).toBe(deriveCredentials(w.env.FLEET_KEY ?? '', 'fleet_chen').vless);
    expect((await w.mz.get<ApiUser>('/api/user/fleet_bruno')).status).toBe('disabled');

    await writeFile(join(w.manifests, 'gold-on-fi-2.yaml'), 'apiVersion: panelops.io/v1\nkind: Placement\nmetadata: { name: gold-on-fi-2 }\nspec: { selector: { matchLabels: { plan: gold } }, panel: fi-2, inbounds: [vless-reality] }\n');
    const refused = await w.plan();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/subscribers\.yaml:9:\d+: \/spec\/defaults\/dataLimitReset: panel fi-2 \(3x-ui\): dataLimitReset: 3x-ui cannot reset traffic every month/);
  });
});
