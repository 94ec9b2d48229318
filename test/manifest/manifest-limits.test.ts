import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { DEFAULT_MANIFEST_LIMITS } from '../../controller/manifest/manifest-limits.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const panel = 'apiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: mz }\nspec: { type: marzban, url: "http://127.0.0.1:1", auth: { username: a, password: { env: P } } }\n';
const yamlList = (n: number) =>
  `apiVersion: marzban.panelops.io/v1\nkind: UserList\nspec:\n  defaults: { proxies: { vless: {} } }\n  items:\n${Array.from({ length: n }, (_, i) => `    - { name: user_${i}, dataLimit: 50GiB }\n`).join('')}`;

describe('manifest size limits', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
    await writeFiles(dir.path, { 'panel.yaml': panel });
  });
  afterEach(() => dir.cleanup());

  const load = async (env: Record<string, string> = {}) => {
    const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { P: 'x', ...env } });
    return { set, text: set.diagnostics.map(formatDiagnostic).join('\n') };
  };

  it('refuses a YAML file above the limit by its size, before parsing it', async () => {
    // 9 MiB of NUL bytes: parsed, it would be an error of another kind; the size is checked first.
    await writeFile(join(dir.path, 'users.yaml'), '');
    await truncate(join(dir.path, 'users.yaml'), DEFAULT_MANIFEST_LIMITS.yamlFileBytes + 1024 * 1024);
    const { set, text } = await load();
    expect(text).toMatch(/users\.yaml:1:1: \/: the file is 9 MiB, more than the 8 MiB allowed \(PANELOPS_MAX_YAML_FILE_MB; large fleets load as JSON\); nothing was parsed/);
    expect(set.diagnostics).toHaveLength(1);
  });

  it('takes the YAML limits from the environment', async () => {
    await writeFiles(dir.path, { 'a.yaml': yamlList(300), 'b.yaml': yamlList(300).replace(/user_/g, 'b_user_') });
    const perFile = await load({ PANELOPS_MAX_YAML_FILE_MB: '0.005' });
    expect(perFile.text).toMatch(/a\.yaml:1:1: \/: the file is \d+ KiB, more than the 6 KiB allowed \(PANELOPS_MAX_YAML_FILE_MB/);
    const total = await load({ PANELOPS_MAX_YAML_TOTAL_MB: '0.015' });
    expect(total.text).not.toMatch(/a\.yaml/);
    expect(total.text).toMatch(/b\.yaml:1:1: \/: the file is \d+ KiB, more than the \d+ KiB allowed \(all YAML files together may hold 16 KiB, PANELOPS_MAX_YAML_TOTAL_MB/);
    expect((await load()).set.objects).toHaveLength(600);
  });

  it('refuses manifests holding more objects than allowed, naming the file that crossed the line', async () => {
    await writeFiles(dir.path, { 'a.yaml': yamlList(3), 'b.json': JSON.stringify([{ apiVersion: 'marzban.panelops.io/v1', kind: 'User', metadata: { name: 'json_user' }, spec: { proxies: { vless: {} } } }]) });
    const { set, text } = await load({ PANELOPS_MAX_OBJECTS: '4' });
    expect(text).toBe('');
    expect(set.objects).toHaveLength(4);
    await writeFiles(dir.path, { 'c.yaml': yamlList(1).replace('user_0', 'c_user') });
    const over = await load({ PANELOPS_MAX_OBJECTS: '4' });
    expect(over.text).toMatch(/c\.yaml:1:1: \/: the manifests hold more than 4 objects with this file \(PANELOPS_MAX_OBJECTS\); nothing more was read/);
    expect(over.set.objects).toHaveLength(0);
  });

  it('keeps loading a JSON list of 100,000 objects', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ name: `user_${i}`, dataLimit: '50GiB', note: `customer "${i}": vip` }));
    await writeFile(join(dir.path, 'users.json'), `{"apiVersion":"marzban.panelops.io/v1","kind":"UserList","spec":{"defaults":{"proxies":{"vless":{}}},"items":[\n${items.join(',\n')}\n]}}\n`);
    const { set, text } = await load();
    expect(text).toBe('');
    expect(set.objects).toHaveLength(100_000);
  }, 60_000);
});
