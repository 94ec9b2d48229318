import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const panel = 'apiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: mz }\nspec: { type: marzban, url: "http://127.0.0.1:1", auth: { username: a, password: { env: P } } }\n';

describe('JSON manifests (for large fleets)', () => {
  it('load like YAML, and diagnostics still point at file:line:column', async () => {
    const dir = await tempDir();
    try {
      const users = { apiVersion: 'marzban.panelops.io/v1', kind: 'UserList', spec: { items: [{ name: 'good_one', proxies: { vmess: {} } }, { name: 'bad_one', proxies: { vmess: {} }, dataLimit: 'lots' }] } };
      await writeFiles(dir.path, { 'panel.yaml': panel, 'users.json': JSON.stringify(users, null, 2), 'broken.json': '{ "apiVersion": "x",\n  "kind": ' });
      const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { P: 'x' } });
      const lines = set.diagnostics.map(formatDiagnostic).join('\n');
      expect(lines).toMatch(/users\.json:17:\d+: \/spec\/items\/1\/dataLimit: invalid value/);
      expect(lines).toMatch(/broken\.json:\d+:\d+: \/: YAML: /);
    } finally {
      await dir.cleanup();
    }
  });

  it('accept an array of documents', async () => {
    const dir = await tempDir();
    try {
      const docs = [1, 2].map((i) => ({ apiVersion: 'marzban.panelops.io/v1', kind: 'User', metadata: { name: `user_${i}` }, spec: { proxies: { vless: {} } } }));
      await writeFiles(dir.path, { 'panel.yaml': panel, 'users.json': JSON.stringify(docs) });
      const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { P: 'x' } });
      expect(set.diagnostics).toEqual([]);
      expect(set.objects.map((o) => o.key)).toEqual(['user_1', 'user_2']);
      expect(set.objects[1]?.source.line).toBe(1);
    } finally {
      await dir.cleanup();
    }
  });
});
