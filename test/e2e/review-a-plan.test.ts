import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMarzbanEmulator, type MarzbanEmulator } from '../../controller/emulators/marzban/index.ts';
import { TempRepo } from '../controller/git-repo.ts';
import { marzbanApi, type ApiUser } from '../helpers/marzban-api.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const users = (items: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vless: {} } }
  items: [${items.join(', ')}]
`;

/** What a reviewer reads: the pull-request comment of a checkout, and a saved plan shown offline. */
describe('reviewing a plan', { timeout: 120_000 }, () => {
  let emu: MarzbanEmulator;
  let root: { path: string; cleanup(): Promise<void> };
  let repo: TempRepo;
  let env: Record<string, string>;
  const state = () => join(root.path, 'state');

  beforeAll(async () => {
    emu = await startMarzbanEmulator({ seed: 8 });
    root = await tempDir();
    env = { MZ_URL: emu.url, MZ_USER: 'admin', MZ_PASS: 'sandbox-admin-pass' };
    repo = await TempRepo.init(join(root.path, 'repo'));
    await repo.commit({ 'panel.yaml': marzbanPanel(), 'users.yaml': users(['{ name: kept_a, note: from git }', '{ name: kept_b }']) }, 'fleet');
    const applied = await runCli(['apply', '-f', repo.dir, '--state-dir', state(), '--auto-approve'], env);
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterAll(async () => {
    await emu?.close();
    await root?.cleanup();
  });

  it('the comment names the planned commit and keeps drift apart from the change', async () => {
    // Someone edits kept_a in the panel; the pull request adds a user.
    const api = await marzbanApi(emu.url);
    const live = await api.get<ApiUser>('/api/user/kept_a');
    await api.send('PUT', '/api/user/kept_a', { note: 'edited by hand', proxies: live.proxies, inbounds: live.inbounds });
    const head = await repo.commit({ 'users.yaml': users(['{ name: kept_a, note: from git }', '{ name: kept_b }', '{ name: added_c }']) }, 'add a user');
    const out = join(root.path, 'plan.md');
    const planned = await runCli(['plan', '-f', repo.dir, '--state-dir', state(), '--format', 'markdown', '--out', out], env);
    expect(planned.code, planned.stderr).toBe(2);
    const comment = await readFile(out, 'utf8');
    expect(comment).toContain(`Planned at commit \`${head}\`.`);
    const own = comment.indexOf("#### This change's own changes");
    const drift = comment.indexOf('#### Changed outside git (drift)');
    expect(own).toBeGreaterThan(0);
    expect(drift).toBeGreaterThan(own);
    expect(comment.slice(own, drift)).toContain('<summary>mz: 1 to create</summary>');
    expect(comment.slice(own, drift)).toContain('+ added_c');
    expect(comment.slice(drift)).toContain('<summary>mz: 1 to update</summary>');
    expect(comment.slice(drift)).toMatch(/~ kept_a\n\s+note: "edited by hand" → "from git"/);
  });

  it('show prints a saved plan as text and Markdown without contacting a panel', async () => {
    const file = join(root.path, 'plan.json');
    const saved = await runCli(['plan', '-f', repo.dir, '--state-dir', state(), '--out', file], env);
    expect(saved.code, saved.stderr).toBe(2);
    const before = emu.counters.total();
    // No variable, no state directory: only the file.
    const text = await runCli(['show', file], {});
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Panel mz (marzban, manage)');
    expect(text.stdout).toContain('+ added_c');
    expect(text.stdout).toContain('Plan: 1 to create, 1 to update, 0 to delete.');
    const markdown = await runCli(['show', file, '--format', 'markdown'], {});
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^<!-- panelops-plan part=1 -->\n### panelops plan/);
    expect(markdown.stdout).toContain('<summary>mz: 1 to create, 1 to update</summary>');
    expect(emu.counters.total()).toBe(before);
    const missing = await runCli(['show', join(root.path, 'nothing.json')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not a readable plan file');
  });
});
