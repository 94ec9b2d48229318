import { describe, expect, it } from 'vitest';
import type { Plan, PlannedOperation } from '../../controller/engine/types.ts';
import { renderPlanMarkdown } from '../../controller/render/markdown-plan.ts';

const op = (i: number): PlannedOperation => ({
  id: `eu/User/user${i}/create`,
  panel: 'eu',
  kind: 'User',
  key: `user${i}`,
  action: 'create',
  changes: [{ path: 'dataLimit', after: 1024 * i }, { path: 'note', after: 'x'.repeat(40) }],
  dependsOn: [],
});

const plan = (n: number): Plan => ({
  formatVersion: 1,
  createdAt: '2026-11-22T00:00:00.000Z',
  source: '/m',
  warnings: [],
  panels: [{ panel: 'eu', type: 'marzban', mode: 'manage', operations: Array.from({ length: n }, (_, i) => op(i)), notes: [], managed: {}, unmanaged: {}, guards: [] }],
});

describe('markdown plan', () => {
  it('is one comment with a summary table for a small plan', () => {
    const [comment, ...rest] = renderPlanMarkdown(plan(3));
    expect(rest).toEqual([]);
    expect(comment).toContain('| eu | 3 | 0 | 0 | 0 | 0 | 0 | ✅ |');
    expect(comment).toContain('<details><summary>eu</summary>');
    expect(comment).toContain('+ user2');
  });

  it('splits a large plan into comments below the limit, losing no operation', () => {
    const comments = renderPlanMarkdown(plan(5000));
    expect(comments.length).toBeGreaterThan(1);
    for (const c of comments) expect(c.length).toBeLessThan(60_000);
    const all = comments.join('\n');
    for (const i of [0, 2500, 4999]) expect(all).toContain(`+ user${i}\n`);
    expect(all.match(/```diff/g)?.length).toBe(all.match(/<\/details>/g)?.length);
  });
});
