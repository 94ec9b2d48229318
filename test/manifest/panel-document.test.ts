import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const panel = (url: string, auth: string) => `apiVersion: panelops.io/v1
kind: Panel
metadata: { name: eu-1 }
spec: { type: marzban, url: ${url}, auth: ${auth} }
`;

describe('Panel documents', () => {
  it('accept a literal URL or a reference, and a plain username', async () => {
    const dir = await tempDir();
    try {
      await writeFiles(dir.path, { 'a/p.yaml': panel('https://eu-1.example.com:8000/', '{ username: admin, password: { env: PW } }') });
      await writeFiles(dir.path, { 'b/p.yaml': panel('{ env: URL }', '{ username: { file: user.txt }, password: { env: PW } }'), 'b/user.txt': 'admin\n' });
      const a = await loadManifests({ dir: `${dir.path}/a`, registry: defaultRegistry(), env: { PW: 'x' } });
      expect(a.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(a.panels[0]?.url).toBe('https://eu-1.example.com:8000');
      const b = await loadManifests({ dir: `${dir.path}/b`, registry: defaultRegistry(), env: { PW: 'x', URL: 'http://10.0.0.1:8000' } });
      expect(b.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(b.panels[0]).toMatchObject({ url: 'http://10.0.0.1:8000', auth: { username: 'admin' } });
    } finally {
      await dir.cleanup();
    }
  });

  it('warns about a literal password and rejects a URL reference that is not a URL', async () => {
    const dir = await tempDir();
    try {
      await writeFiles(dir.path, { 'p.yaml': panel('{ env: URL }', '{ username: admin, password: hunter22 }') });
      const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { URL: 'not a url' } });
      const lines = set.diagnostics.map(formatDiagnostic).join('\n');
      expect(lines).toMatch(/p\.yaml:4:\d+: warning: \/spec\/auth\/password: a literal secret in a manifest/);
      expect(lines).toMatch(/p\.yaml:4:\d+: \/spec\/url: the referenced value is not an http\(s\) URL/);
      expect(lines).not.toContain('hunter22');
    } finally {
      await dir.cleanup();
    }
  });

  it('reports a missing secret once, without every object then missing its panel', async () => {
    const dir = await tempDir();
    try {
      await writeFiles(dir.path, {
        'p.yaml': panel('{ env: URL }', '{ username: admin, password: { env: PW } }'),
        'u.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: alice }\nspec: { proxies: { vmess: {} } }\n',
      });
      const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: {} });
      const lines = set.diagnostics.map(formatDiagnostic);
      expect(lines).toHaveLength(2);
      expect(lines.join('\n')).toContain('environment variable PW is not set');
      expect(lines.join('\n')).not.toContain('no Panel');
    } finally {
      await dir.cleanup();
    }
  });
});
