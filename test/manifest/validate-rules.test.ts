import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const list = (items: string[]) => `apiVersion: marzban.panelops.io/v1
kind: UserList
spec:
  defaults: { proxies: { vmess: {} } }
  items:
${items.map((i) => `    - ${i}`).join('\n')}
`;

describe('validate', () => {
  it('checks secret references by shape without their variables set; plan still needs them', async () => {
    const dir = await tempDir();
    try {
      await writeFiles(join(dir.path, 'm'), { 'panel.yaml': marzbanPanel(), 'u.yaml': list(['{ name: shape_only }']) });
      const validated = await runCli(['validate', '-f', join(dir.path, 'm')], {});
      expect(validated.code, validated.stderr).toBe(0);
      const planned = await runCli(['plan', '-f', join(dir.path, 'm'), '--state-dir', join(dir.path, 'state')], {});
      expect(planned.code).toBe(1);
      expect(planned.stderr).toContain('environment variable MZ_URL is not set');
    } finally {
      await dir.cleanup();
    }
  });

  it('reports impossible dates and every error of a list at once, each at its own pointer and line', async () => {
    const dir = await tempDir();
    try {
      const items = ['{ name: feb_thirty, expire: "2027-02-30" }', '{ name: month_13, expire: "2027-13-01" }', '{ name: bad_limit, dataLimit: lots }', '{ name: fine_one, expire: "2027-02-28" }'];
      await writeFiles(join(dir.path, 'm'), { 'panel.yaml': marzbanPanel(), 'u.yaml': list(items) });
      const out = await runCli(['validate', '-f', join(dir.path, 'm')], {});
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/u\.yaml:7:\d+: \/spec\/items\/1\/expire: /);
      expect(out.stderr).toMatch(/u\.yaml:8:\d+: \/spec\/items\/2\/dataLimit: /);
      // The impossible day passes the pattern and is caught when parsed, at its own field, in the same run.
      expect(out.stderr).toMatch(/u\.yaml:6:\d+: \/spec\/items\/0\/expire: not a date: "2027-02-30" \(2027-02-30 does not exist\)/);
    } finally {
      await dir.cleanup();
    }
  });

  it('points a duplicate name at the repeat, naming the line of the first', async () => {
    const dir = await tempDir();
    try {
      await writeFiles(join(dir.path, 'm'), {
        'panel.yaml': marzbanPanel(),
        'a.yaml': list(['{ name: twice }']),
        'b.yaml': list(['{ name: other }', '{ name: twice }']),
      });
      const out = await runCli(['validate', '-f', join(dir.path, 'm')], {});
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/b\.yaml:7:\d+: \/spec\/items\/1\/name: duplicate User "twice" on panel mz \(first defined at .*a\.yaml:6\)/);
    } finally {
      await dir.cleanup();
    }
  });
});
