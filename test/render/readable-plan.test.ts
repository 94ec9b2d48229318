import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChangeLines } from '../../controller/render/list-changes.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';

const user = (dataLimit: string, expire: string) => `apiVersion: marzban.panelops.io/v1
kind: User
metadata: { name: reviewer_a }
spec: { proxies: { vmess: {} }, dataLimit: ${dataLimit}, expire: "${expire}" }
`;
const json = (v: unknown) => JSON.stringify(v);

describe('a plan a reviewer can read', () => {
  let world: MarzbanWorld;
  beforeAll(async () => {
    world = await marzbanWorld();
    await world.write({ 'u.yaml': user('20GiB', '2027-01-31') });
    expect((await world.apply()).code).toBe(0);
    await world.write({ 'u.yaml': user('50GiB', '2027-03-01') });
  });
  afterAll(() => world.close());

  it('shows sizes and instants in the units the manifests use; JSON keeps the exact values', async () => {
    const text = await world.plan();
    expect(text.stdout).toContain('dataLimit: 20GiB → 50GiB');
    expect(text.stdout).toContain('expire: 2027-01-31 → 2027-03-01');
    const out = join(world.manifests, '..', 'plan.json');
    const saved = await world.plan({ format: 'json', out });
    expect(saved.stderr).toContain(`"panelops apply ${out}" applies exactly these operations`);
    const plan = JSON.parse(await readFile(out, 'utf8')) as { panels: Array<{ operations: Array<{ changes: Array<{ path: string; before: unknown; after: unknown }> }> }> };
    const change = plan.panels[0]?.operations[0]?.changes.find((c) => c.path === 'dataLimit');
    expect(change).toMatchObject({ before: 21474836480, after: 53687091200, display: { before: '20GiB', after: '50GiB' } });
  });

  it('markdown with --out goes to the file only, named as a comment, not a plan to apply', async () => {
    const out = join(world.manifests, '..', 'plan.md');
    const md = await world.plan({ format: 'markdown', out });
    expect(md.stdout).toBe('');
    expect(md.stderr).toContain(`Wrote the pull-request comment to ${out}`);
    // The hidden marker the CI workflow finds its own comment by, to update it in place.
    expect((await readFile(out, 'utf8')).split('\n')[0]).toBe('<!-- panelops-plan part=1 -->');
    expect(await readFile(out, 'utf8')).toContain('20GiB → 50GiB');
  });

  it('lists change element by element: added, removed, changed field by field, moved', () => {
    const hosts = listChangeLines(
      [{ remark: 'de', address: 'a.example', port: 443 }, { remark: 'nl', address: 'b.example' }],
      [{ remark: 'nl', address: 'b.example' }, { remark: 'de', address: 'c.example', port: 443 }, { remark: 'fi', address: 'f.example' }],
      json,
    );
    expect(hosts).toEqual([
      '↕ remark "nl": moved from position 2 to 1',
      '↕ remark "de": moved from position 1 to 2',
      '~ remark "de" address: "a.example" → "c.example"',
      '+ remark "fi": {"remark":"fi","address":"f.example"}',
    ]);
    expect(listChangeLines(['vless-ws', 'vless-grpc'], ['vless-ws', 'vless-tcp'], json)).toEqual(['+ "vless-tcp"', '- "vless-grpc"']);
    expect(listChangeLines(['a', 'b'], ['b', 'a'], json)).toEqual(['↕ order: ["a","b"] → ["b","a"]']);
  });
});
