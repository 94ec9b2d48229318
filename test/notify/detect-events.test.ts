import { describe, expect, it } from 'vitest';
import type { OperationResult, PlannedOperation } from '../../controller/engine/types.ts';
import type { ManifestSet } from '../../controller/manifest/load.ts';
import { detectEvents } from '../../controller/notify/detect-events.ts';
import { changeSet, op, panelPlan, plan, report } from './reports.ts';

const manifests = { dir: '/m', panels: [], notifiers: [], diagnostics: [] } as unknown as ManifestSet;

describe('events found in a reconcile', () => {
  it('apply partial: counts and capped reasons; succeeded changes are drift healed under the same revision', () => {
    const ops = Array.from({ length: 8 }, (_, i) => op('User', `u${i}`, 'update'));
    const changes = changeSet(...ops.map((o, i): [PlannedOperation, OperationResult, string] => [o, i < 7 ? 'failed' : 'succeeded', 'HTTP 500']));
    const found = detectEvents(report(manifests, { plan: plan(panelPlan({ operations: ops })), changes }), false);
    const [failed, healed] = found.events;
    expect(failed).toMatchObject({ event: 'apply-failed', kind: 'problem', key: 'apply-failed:mz', title: 'Apply on panel mz was partial: 1 succeeded, 7 failed, 0 skipped', counts: { User: { update: 7 } } });
    expect(failed?.lines).toHaveLength(6);
    expect(failed?.lines.at(-1)).toBe('and 2 more');
    expect(healed).toMatchObject({ event: 'drift', kind: 'info', title: expect.stringMatching(/^Drift healed on panel mz/) });
    expect(detectEvents(report(manifests, { plan: plan(panelPlan({ operations: ops })), changes }), true).events[1]).toMatchObject({ event: 'revision-applied', kind: 'info' });
  });

  it('drift on an observe panel is a problem with counts per kind, never a full list', () => {
    const ops = [...Array.from({ length: 40 }, (_, i) => op('User', `user${i}`, 'update')), op('Admin', 'boss', 'create')];
    const found = detectEvents(report(manifests, { plan: plan(panelPlan({ mode: 'observe', operations: ops })) }), false);
    expect(found.events).toHaveLength(1);
    expect(found.events[0]).toMatchObject({ event: 'drift', kind: 'problem', key: 'drift:mz', counts: { User: { update: 40 }, Admin: { create: 1 } } });
    expect(found.events[0]?.lines.filter((l) => l.includes('user'))).toHaveLength(5);
  });

  it('a guard trip blocks; a panel that cannot be read leaves its other problems open', () => {
    const blocked = detectEvents(report(manifests, { plan: plan(panelPlan({ guards: [{ panel: 'mz', guard: 'max-deletes', message: '12 deletes exceed policy.maxDeletes 10' }] })) }), false);
    expect(blocked.events.map((e) => [e.event, e.lines])).toEqual([['guard-blocked', ['12 deletes exceed policy.maxDeletes 10']]]);
    const down = detectEvents(report(manifests, { plan: plan(panelPlan({ error: 'unreachable' })) }), false);
    expect([...down.evaluated].sort()).toEqual(['invalid-revision', 'panel-down:mz']);
  });

  it('a reconcile that read nothing judges nothing', () => {
    const found = detectEvents({ revision: 'r', result: 'failed', errors: ['git fetch failed'] }, false);
    expect(found.events).toEqual([]);
    expect(found.evaluated.size).toBe(0);
  });
});
