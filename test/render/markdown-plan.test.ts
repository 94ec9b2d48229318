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
    expect(comment).toContain('<details><summary>eu: 3 to create</summary>');
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

  it('names the planned commit and shows drift apart from the change\'s own operations, with counts in each title', () => {
    const p = plan(4);
    const eu = p.panels[0]!;
    eu.operations.push({ ...op(9), id: 'eu/User/edited/update', key: 'edited', action: 'update', changes: [{ path: 'note', before: 'by hand', after: 'from git' }] });
    p.panels.push({ ...eu, panel: 'asia', operations: [{ ...op(7), id: 'asia/User/user7/create', panel: 'asia' }] });
    const [comment, ...rest] = renderPlanMarkdown(p, undefined, { revision: '0123abcd', outsideGit: new Set(['eu/User/edited/update']) });
    expect(rest).toEqual([]);
    expect(comment).toContain('Planned at commit `0123abcd`.');
    const own = comment!.indexOf("#### This change's own changes");
    const drift = comment!.indexOf('#### Changed outside git (drift)');
    expect(own).toBeGreaterThan(0);
    expect(drift).toBeGreaterThan(own);
    expect(comment!.slice(own, drift)).toContain('<summary>eu: 4 to create</summary>');
    expect(comment!.slice(own, drift)).toContain('<summary>asia: 1 to create</summary>');
    expect(comment!.slice(own, drift)).not.toContain('edited');
    expect(comment!.slice(drift)).toContain('<summary>eu: 1 to update</summary>');
    expect(comment!.slice(drift)).toContain('~ edited');
    expect(comment!.slice(drift)).not.toContain('asia');
  });
});
