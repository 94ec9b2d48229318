import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarzbanVersion } from '../../controller/emulators/marzban/types.ts';
import { marzbanApi } from '../helpers/marzban-api.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { importMarzban } from '../helpers/marzban-import.ts';
import { seedThroughApi } from '../helpers/marzban-seed.ts';

const GiB = 2 ** 30;

/** Replaces one exact piece of an imported file, failing loudly if the import changed shape. */
async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  await writeFile(file, text.replace(from, to));
}

/**
 * The whole operator cycle, per release, the way it was run against the real servers (issue
 * 18): a panel seeded through its own API on a SQLite-like database (case twins, a fresh
 * database), import, plan (exit 0), edits, apply, plan again (exit 0); then every
 * credential, subscription and traffic counter is as it was, and what nobody edited is untouched.
 */
describe.each<MarzbanVersion>(['0.4.2', '0.7.0', '0.8.4'])('Marzban %s: import, plan, edit, apply, plan', (version) => {
  let world: MarzbanWorld;

  beforeAll(async () => {
    world = await marzbanWorld({ seed: 5, version, caseSensitive: true, freshDatabase: version !== '0.8.4' });
    await seedThroughApi(world.emulator);
    await world.write({});
  });
  afterAll(() => world.close());

  it('converges, and changes nothing it was not asked to', async () => {
    const emu = world.emulator;
    const imported = await importMarzban(world);
    expect(imported.code, imported.stderr).toBe(0);
    const first = await world.plan();
    expect(first.code, first.stdout + first.stderr).toBe(0);

    const api = await marzbanApi(emu.url);
    const hostsBefore = await api.get<Record<string, Array<Record<string, unknown>>>>('/api/hosts');
    const usersBefore = new Map([...emu.state.users.values()].map((u) => [u.username, JSON.stringify(u, (_k, v: unknown) => (v instanceof Set ? [...v] : v))]));
    const credentials = new Map([...emu.state.users.values()].map((u) => [u.username, JSON.stringify([u.proxies, u.used_traffic, u.credentialRotations])]));

    const m = world.manifests;
    await edit(join(m, 'mz-users.yaml'), 'dataLimit: 50GiB', 'dataLimit: 60GiB');
    // fay is the last item of the sorted list: its manifest goes, so the user is pruned.
    await edit(join(m, 'mz-users.yaml'), / {4}- name: fay\n[\s\S]*$/.exec(await readFile(join(m, 'mz-users.yaml'), 'utf8'))?.[0] ?? '-', '');
    await edit(join(m, 'mz-usertemplates.yaml'), 'dataLimit: 30GiB', 'dataLimit: 40GiB');
    await edit(join(m, 'mz-hosts.yaml'), 'sni: eu.example', 'sni: eu2.example');
    await edit(join(m, 'mz-hosts.yaml'), '    - name: VMess Websocket', '        - remark: backup\n          address: backup.example\n    - name: VMess Websocket');
    if (version !== '0.4.2') {
      await edit(join(m, 'mz-admins.yaml'), '      sudo: false', '      sudo: false\n      telegramId: 77');
      // Another sudo admin cannot be edited through the API: a note, never an operation.
      await edit(join(m, 'mz-admins.yaml'), '      sudo: true', '      sudo: true\n      telegramId: 9');
    }
    await writeFile(join(m, 'new.yaml'), `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: gus }
spec: { owner: reseller, proxies: { vless: {} }, dataLimit: 5GiB }
---
apiVersion: marzban.panelops.io/v1
kind: UserTemplate
metadata: { name: weekly }
spec: { dataLimit: 5GiB, expireDuration: 7d, inbounds: { vless: ["VLESS TCP REALITY"] } }
`);

    const planned = await world.plan();
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    expect(planned.stdout).toContain('hosts[1].sni: "eu.example" → "eu2.example"');
    expect(planned.stdout).toContain('hosts[1].remark: (unset) → "backup"');
    if (version !== '0.4.2') expect(planned.stdout).toContain('Admin/boss: is another sudo admin');
    const applied = await world.apply();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await world.plan();
    expect(again.code, again.stdout + again.stderr).toBe(0);

    // Credentials, subscriptions and traffic: as they were, for every user that is still there.
    for (const [name, before] of credentials) {
      const u = emu.state.findUser(name);
      if (name === 'fay') expect(u).toBeUndefined();
      else expect(JSON.stringify([u?.proxies, u?.used_traffic, u?.credentialRotations]), name).toBe(before);
    }
    // Users nobody edited were never written (their edit time, statuses and exclusions included).
    for (const [name, before] of usersBefore) {
      if (name === 'ann' || name === 'fay') continue;
      expect(JSON.stringify(emu.state.findUser(name), (_k, v: unknown) => (v instanceof Set ? [...v] : v)), name).toBe(before);
    }
    expect(emu.state.findUser('cara')?.status).toBe('disabled');
    expect(emu.state.findUser('eve')?.status).toBe('limited');
    expect(emu.state.findUser('ann')?.data_limit).toBe(60 * GiB);
    expect(emu.state.findUser('gus')?.admin).toBe('reseller');
    expect([...emu.state.templates.values()].map((t) => [t.name, t.data_limit])).toEqual([['monthly', 40 * GiB], ['weekly', 5 * GiB]]);

    // Hosts: untouched inbounds as they were; the edited host's neighbour keeps its nulls.
    const hostsAfter = await api.get<Record<string, Array<Record<string, unknown>>>>('/api/hosts');
    for (const tag of Object.keys(hostsBefore)) {
      if (tag === 'VLESS TCP REALITY' || tag === 'VMess TCP') continue;
      expect(hostsAfter[tag], tag).toEqual(hostsBefore[tag]);
    }
    expect(hostsAfter['VLESS TCP REALITY']?.[0]).toEqual(hostsBefore['VLESS TCP REALITY']?.[0]);
    expect(hostsAfter['VLESS TCP REALITY']?.[1]).toEqual({ ...hostsBefore['VLESS TCP REALITY']?.[1], sni: 'eu2.example' });
    expect(hostsAfter['VMess TCP']?.[0]).toEqual(hostsBefore['VMess TCP']?.[0]);
  });
});
