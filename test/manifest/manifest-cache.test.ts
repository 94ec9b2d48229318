import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { ManifestCache } from '../../controller/manifest/manifest-cache.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const panel = 'apiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: mz }\nspec: { type: marzban, url: "http://127.0.0.1:1", auth: { username: a, password: { env: P } } }\n';
const users = (limit: number) =>
  JSON.stringify({ apiVersion: 'marzban.panelops.io/v1', kind: 'UserList', spec: { items: [{ name: 'alice', proxies: { vless: {} }, dataLimit: limit }, { name: 'bob', proxies: { vless: {} } }] } }, null, 2);
const admins = 'apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: reseller }\nspec:\n  sudo: false\n  password: { env: RESELLER_PASSWORD }\n';

/** What a load gives, in a form two loads can be compared by. */
const view = (set: Awaited<ReturnType<typeof loadManifests>>) => ({
  objects: set.objects.map((o) => ({ key: `${o.kind}/${o.key}`, spec: o.spec, secrets: o.secrets })),
  diagnostics: set.diagnostics.map(formatDiagnostic),
});

const ENV = { P: 'x', RESELLER_PASSWORD: 'first-secret' };

/** A manifest directory with these files and a cache, removed after `run`; `load` goes through the cache, `fresh` does not. */
async function withSet(
  files: Record<string, string>,
  run: (set: {
    path: string;
    cache: ManifestCache;
    load: (env?: Record<string, string>) => ReturnType<typeof loadManifests>;
    fresh: (env?: Record<string, string>) => ReturnType<typeof loadManifests>;
  }) => Promise<void>,
): Promise<void> {
  const dir = await tempDir();
  try {
    await writeFiles(dir.path, files);
    const cache = new ManifestCache();
    await run({
      path: dir.path,
      cache,
      load: (env = ENV) => loadManifests({ dir: dir.path, registry: defaultRegistry(), env, cache }),
      fresh: (env = ENV) => loadManifests({ dir: dir.path, registry: defaultRegistry(), env }),
    });
  } finally {
    await dir.cleanup();
  }
}

describe('the controller manifest cache', () => {
  it('serves unchanged files from memory with the same objects a fresh load makes', () =>
    withSet({ 'panel.yaml': panel, 'users.json': users(1024), 'admins.yaml': admins }, async ({ cache, load, fresh }) => {
      const first = await load();
      expect(cache.hits).toBe(0);
      const again = await load();
      expect(cache.hits).toBe(3);
      const made = await fresh();
      expect(view(again)).toEqual(view(made));
      expect(view(first)).toEqual(view(made));
      // The same normalized object, not a copy made again.
      expect(again.objects.find((o) => o.key === 'alice')).toBe(first.objects.find((o) => o.key === 'alice'));
    }));

  it('never serves a changed file, a rotated secret or a removed file stale', () =>
    withSet(
      { 'panel.yaml': panel, 'users.json': users(1024), 'admins.yaml': admins, 'extra.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: carol }\nspec: { proxies: { vless: {} } }\n' },
      async ({ path, cache, load, fresh }) => {
        await load();
        await writeFile(join(path, 'users.json'), users(2048));
        await writeFiles(path, { 'extra.yaml': '' });
        const env = { P: 'x', RESELLER_PASSWORD: 'rotated-secret' };
        const after = await load(env);
        expect(cache.hits).toBe(2); // panel.yaml and admins.yaml
        expect(view(after)).toEqual(view(await fresh(env)));
        expect(after.objects.find((o) => o.key === 'alice')?.spec.dataLimit).toBe(2048);
        expect(after.objects.find((o) => o.key === 'reseller')?.secrets).toEqual({ password: 'rotated-secret' });
        expect(after.objects.map((o) => o.key)).not.toContain('carol');
      },
    ));

  it('does not read a file stat says is the one parsed before; a touched file is read and hashed again', () =>
    withSet({ 'panel.yaml': panel, 'users.json': users(1024), 'admins.yaml': admins }, async ({ path, cache, load }) => {
      await load();
      await load();
      expect([cache.hits, cache.unread]).toEqual([3, 3]);
      // Same text, new modification time: read again, found unchanged by its hash.
      await utimes(join(path, 'users.json'), new Date(), new Date(Date.now() + 5000));
      await load();
      expect([cache.hits, cache.unread]).toEqual([3, 2]);
      await load();
      expect([cache.hits, cache.unread]).toEqual([3, 3]);
    }));

  it('reports an unchanged invalid file again on every load, with file, line and field', () => {
    const bad = JSON.stringify({ apiVersion: 'marzban.panelops.io/v1', kind: 'UserList', spec: { items: [{ name: 'dave', proxies: { vless: {} }, dataLimit: 'lots' }] } }, null, 2);
    return withSet({ 'panel.yaml': panel, 'bad.json': bad }, async ({ cache, load }) => {
      const loads = [];
      for (let i = 0; i < 2; i++) loads.push(view(await load({ P: 'x' })));
      expect(cache.hits).toBe(2);
      expect(loads[1]?.diagnostics).toEqual(loads[0]?.diagnostics);
      expect(loads[1]?.diagnostics.join('\n')).toMatch(/bad\.json:\d+:\d+: \/spec\/items\/0\/dataLimit: invalid value/);
    });
  });

  it('reuses the objects of an unchanged set, and builds them again once a file, a Panel or a secret says otherwise', () =>
    withSet({ 'panel.yaml': panel, 'users.json': users(1024) }, async ({ path, cache, load, fresh }) => {
      await load();
      expect(cache.objectsReused).toBe(false);
      const again = await load();
      expect(cache.objectsReused).toBe(true);
      expect(view(again)).toEqual(view(await fresh()));
      // A second Panel of the type: objects without metadata.panel are errors now, not last load's objects.
      await writeFile(join(path, 'panel.yaml'), `${panel}---\n${panel.replace('name: mz', 'name: mz2')}`);
      const twoPanels = await load();
      expect(cache.objectsReused).toBe(false);
      expect(view(twoPanels)).toEqual(view(await fresh()));
      expect(twoPanels.diagnostics.map(formatDiagnostic).join('\n')).toMatch(/users\.json:\d+:\d+: .*metadata\.panel is required/);
      await writeFile(join(path, 'panel.yaml'), panel);
      await load();
      await writeFile(join(path, 'users.json'), users(2048));
      const edited = await load();
      expect(cache.objectsReused).toBe(false);
      expect(edited.objects.find((o) => o.key === 'alice')?.spec.dataLimit).toBe(2048);
      // An object that reads a secret is made on every load: the set is never reused while it holds one.
      await writeFiles(path, { 'admins.yaml': admins });
      await load();
      const rotated = await load({ ...ENV, RESELLER_PASSWORD: 'rotated-secret' });
      expect(cache.objectsReused).toBe(false);
      expect(rotated.objects.find((o) => o.key === 'reseller')?.secrets).toEqual({ password: 'rotated-secret' });
    }));
});
