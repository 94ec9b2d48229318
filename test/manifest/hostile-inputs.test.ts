import { execFileSync, spawn } from 'node:child_process';
import { chmod, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests, type LoadOptions } from '../../controller/manifest/load.ts';
import { DEFAULT_MANIFEST_LIMITS } from '../../controller/manifest/manifest-limits.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The real CLI in a child process, as another user when ids are given (root can read any file). */
function runCliAs(args: string[], env: Record<string, string>, ids?: { uid: number; gid: number }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'controller/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...ids,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const panel = 'apiVersion: panelops.io/v1\nkind: Panel\nmetadata: { name: mz }\nspec: { type: marzban, url: "http://127.0.0.1:1", auth: { username: a, password: { env: P } } }\n';
const admin = (password: string) => `apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: boss }\nspec:\n  sudo: false\n  password: ${password}\n`;

describe('hostile manifests and inputs', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  beforeEach(async () => {
    dir = await tempDir();
    await writeFiles(dir.path, { 'panel.yaml': panel });
  });
  afterEach(() => dir.cleanup());

  const load = async (extra: Partial<LoadOptions> = {}) => {
    const set = await loadManifests({ dir: dir.path, registry: defaultRegistry(), env: { P: 'x' }, ...extra });
    return { set, text: set.diagnostics.map(formatDiagnostic).join('\n') };
  };

  describe('{ file } secrets', () => {
    it('refuses a FIFO without waiting for a writer, naming the manifest line', async () => {
      execFileSync('mkfifo', [join(dir.path, 'pass.fifo')]);
      await writeFiles(dir.path, { 'admin.yaml': admin('{ file: pass.fifo }') });
      const { text } = await load();
      expect(text).toMatch(/admin\.yaml:6:\d+: \/spec\/password: secret file pass\.fifo is a FIFO, not a regular file/);
    });

    it('refuses a device and a directory', async () => {
      await writeFiles(dir.path, { 'admin.yaml': admin('{ file: /dev/zero }'), 'sub/admin.yaml': admin('{ file: . }').replace('boss', 'boss2') });
      const { text } = await load();
      expect(text).toMatch(/admin\.yaml:6:\d+: \/spec\/password: secret file \/dev\/zero is a device, not a regular file/);
      expect(text).toMatch(/sub\/admin\.yaml:6:\d+: \/spec\/password: secret file \. is a directory, not a regular file/);
    });

    it('refuses a file over 64 KiB, and takes one of exactly 64 KiB', async () => {
      await writeFile(join(dir.path, 'big.txt'), 'x'.repeat(64 * 1024 + 1));
      await writeFile(join(dir.path, 'max.txt'), 'y'.repeat(64 * 1024));
      await writeFiles(dir.path, { 'admin.yaml': admin('{ file: big.txt }'), 'other.yaml': admin('{ file: max.txt }').replace('boss', 'other') });
      const { set, text } = await load();
      expect(text).toMatch(/admin\.yaml:6:\d+: \/spec\/password: secret file big\.txt is 65537 bytes, more than the 65536 a secret may have/);
      expect(set.diagnostics).toHaveLength(1);
      expect(set.objects.find((o) => o.key === 'other')?.secrets.password).toHaveLength(64 * 1024);
    });

    it('refuses an empty secret file at validation, not at apply', async () => {
      await writeFile(join(dir.path, 'empty.txt'), '\n');
      await writeFiles(dir.path, { 'admin.yaml': admin('{ file: empty.txt }') });
      const { text } = await load();
      expect(text).toMatch(/admin\.yaml:6:\d+: \/spec\/password: secret file empty\.txt is empty/);
    });
  });

  describe('file contents', () => {
    it('refuses bytes that are not UTF-8, at their line and column', async () => {
      await writeFile(join(dir.path, 'admin.yaml'), Buffer.concat([Buffer.from(admin('{ env: P }').replace('sudo: false', 'sudo: false\n  telegramId: 1')), Buffer.from('# caf\xe9\n', 'latin1')]));
      const { set, text } = await load();
      expect(text).toMatch(/admin\.yaml:8:6: \/: the file is not valid UTF-8/);
      expect(set.objects).toHaveLength(0);
    });

    it('refuses a raw NUL byte, at its line and column', async () => {
      await writeFiles(dir.path, { 'admin.yaml': admin('{ env: P }').replace('boss', 'bo\0ss') });
      const { text } = await load();
      expect(text).toMatch(/admin\.yaml:3:21: \/: a raw control character U\+0000 \(NUL\)/);
    });

    it('refuses a JSON object that repeats a name, at the repeat', async () => {
      const json = '{\n  "apiVersion": "marzban.panelops.io/v1",\n  "kind": "User",\n  "metadata": { "name": "alice" },\n  "spec": {\n    "proxies": { "vless": {} },\n    "status": "active",\n    "status": "disabled"\n  }\n}\n';
      await writeFiles(dir.path, { 'user.json': json });
      const { set, text } = await load();
      expect(text).toMatch(/user\.json:8:\d+: \/: YAML: Map keys must be unique/);
      expect(set.objects).toHaveLength(0);
    });

    it('counts a name whose colon follows a line break, beside values with quotes, colons and a final backslash', async () => {
      // Escaped quotes, a value ending in a backslash, colons inside values and a colon after
      // whitespace: one object with no repeat, then the same with one name repeated.
      const spec = (extra: string) => `{ "proxies" : { "vless" : {} }, "note"\n : "a \\"quoted\\" k: \\\\"${extra} }`;
      const user = (name: string, extra: string) => `{"apiVersion":"marzban.panelops.io/v1","kind":"User","metadata":{"name":"${name}"},"spec":${spec(extra)}}`;
      await writeFiles(dir.path, { 'ok.json': user('alice', ''), 'repeat.json': user('bob', ', "note": "x"') });
      const { set, text } = await load();
      expect(set.objects.map((o) => o.key)).toEqual(['alice']);
      expect(text).toMatch(/repeat\.json:\d+:\d+: .*(unique|repeated)/);
      expect(text).not.toContain('ok.json');
    });

    it('refuses a repeated name or a syntax error in a JSON file too large to parse again as YAML', async () => {
      const tiny = { ...DEFAULT_MANIFEST_LIMITS, yamlTotalBytes: panel.length + 10 };
      const pad = 'p'.repeat(panel.length);
      const user = `{"apiVersion":"marzban.panelops.io/v1","kind":"User","metadata":{"name":"alice"},"spec":{"proxies":{"vless":{}},"note":"${pad}","note":"b"}}`;
      await writeFiles(dir.path, { 'user.json': user, 'broken.json': `{"apiVersion": "${pad}",\n  "kind": }` });
      const { set, text } = await load({ limits: tiny });
      expect(text).toMatch(/user\.json:1:1: \/: JSON: a name is repeated inside an object .*too large to say where/);
      // JSON.parse gives no position for this error on Node 20: the file is named at its first line.
      expect(text).toMatch(/broken\.json:1:1: \/: JSON: Unexpected token/);
      expect(set.objects).toHaveLength(0);
    });

    it('keeps a colon or quote inside a JSON string from looking like a repeated name', async () => {
      const user = { apiVersion: 'marzban.panelops.io/v1', kind: 'User', metadata: { name: 'alice' }, spec: { proxies: { vless: {} }, note: 'a ":" and \\": here", "note": 1' } };
      await writeFiles(dir.path, { 'user.json': JSON.stringify(user, null, 1) });
      const { set, text } = await load();
      expect(text).toBe('');
      expect(set.objects).toHaveLength(1);
    });

    it('reports a YAML alias bomb as an error at the document, without expanding it', async () => {
      const bomb = ['apiVersion: marzban.panelops.io/v1', 'kind: User', 'metadata: { name: bomb }', 'spec:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) bomb.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      await writeFiles(dir.path, { 'bomb.yaml': `${bomb.join('\n')}\n` });
      const { text } = await load();
      expect(text).toMatch(/bomb\.yaml:1:1: \/: YAML: Excessive alias count/);
    });
  });

  describe('files and directories', () => {
    it('reports a symlink to itself, one to nothing and one leading outside the directory', async () => {
      const outside = await tempDir();
      try {
        await writeFile(join(outside.path, 'secret.yaml'), 'password: hunter2\n');
        await symlink('loop.yaml', join(dir.path, 'loop.yaml'));
        await symlink('missing.yaml', join(dir.path, 'dangling.yaml'));
        await symlink(join(outside.path, 'secret.yaml'), join(dir.path, 'escape.yaml'));
        await writeFiles(dir.path, { 'real/admin.yaml': admin('{ env: P }') });
        await symlink('real/admin.yaml', join(dir.path, 'inside.yaml'));
        const { text } = await load();
        expect(text).toMatch(/loop\.yaml:1:1: \/: the symlink loops/);
        expect(text).toMatch(/dangling\.yaml:1:1: \/: the symlink leads to nothing/);
        expect(text).toMatch(/escape\.yaml:1:1: \/: the symlink leads outside the manifest directory/);
        expect(text).not.toContain('hunter2');
        // A link inside the directory is read: the admin is found twice, once through it.
        expect(text).toMatch(/(inside|real\/admin)\.yaml:\d+:\d+: \/\S*: duplicate Admin "boss"/);
      } finally {
        await outside.cleanup();
      }
    });

    it('reports a FIFO named like a manifest instead of blocking on it', async () => {
      execFileSync('mkfifo', [join(dir.path, 'users.yaml')]);
      const { text } = await load();
      expect(text).toMatch(/users\.yaml:1:1: \/: not a regular file \(a FIFO\)/);
    });

    it('reports unreadable files and directories by path, with no stack trace', async () => {
      await writeFiles(dir.path, { 'locked/a.yaml': admin('{ env: P }'), 'b.yaml': admin('{ env: P }').replace('boss', 'other') });
      await chmod(join(dir.path, 'locked'), 0o000);
      await chmod(join(dir.path, 'b.yaml'), 0o000);
      await chmod(dir.path, 0o755);
      // root reads everything: run the real CLI as an unprivileged user then.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
      const result = await runCliAs(['validate', '-f', dir.path], { P: 'x' }, asUser);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/locked:1:1: \/: the directory cannot be read \(EACCES\)/);
      expect(result.stderr).toMatch(/b\.yaml:1:1: \/: the file cannot be read \(EACCES\)/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      await chmod(join(dir.path, 'locked'), 0o755);
    }, 90_000); // the CLI in a child process
  });
});
