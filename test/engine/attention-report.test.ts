import { describe, expect, it } from 'vitest';
import type { Plan } from '../../controller/engine/types.ts';
import { Metrics } from '../../controller/metrics/metrics.ts';
import { detectEvents } from '../../controller/notify/detect-events.ts';
import { summaryLine } from '../../controller/render/counts.ts';
import { panelsFromPlan } from '../../controller/run/status.ts';

const claim = { kind: 'User', key: 'byhand', message: 'not deleted: only an unfinished operation in the journal claims it', attention: true };
const planWith = (notes: Plan['panels'][number]['notes']): Plan => ({
  formatVersion: 1,
  createdAt: '2026-12-07T00:00:00Z',
  source: 'manifests',
  warnings: [],
  panels: [{ panel: 'mz', type: 'marzban', mode: 'manage', operations: [], notes, managed: { User: 1 }, unmanaged: { User: 1 }, guards: [] }],
});

describe('objects that need an operator are never a quiet "no changes"', () => {
  it('the summary line counts them', () => {
    expect(summaryLine(planWith([claim]))).toBe('Plan: 0 to create, 0 to update, 0 to delete. 1 object needs attention (see the notes).');
    expect(summaryLine(planWith([{ kind: 'User', key: 'x', message: 'protected' }]))).toBe('Plan: 0 to create, 0 to update, 0 to delete.');
  });

  it('/status lists them, and panelops_attention_objects counts them per panel', async () => {
    expect(panelsFromPlan(planWith([claim])).mz?.attention).toEqual([{ kind: 'User', key: 'byhand', message: claim.message }]);
    expect(panelsFromPlan(planWith([])).mz?.attention).toBeUndefined();
    const metrics = new Metrics();
    metrics.recordPlan(planWith([claim]));
    expect(await metrics.registry.metrics()).toContain('panelops_attention_objects{panel="mz"} 1');
    metrics.recordPlan(planWith([]));
    expect(await metrics.registry.metrics()).toContain('panelops_attention_objects{panel="mz"} 0');
  });

  it('a notification tells them as a problem, resolved once nothing waits', () => {
    const open = detectEvents({ revision: 'r1', result: 'succeeded', errors: [], plan: planWith([claim]) }, false);
    const event = open.events.find((e) => e.key === 'attention:mz');
    expect(event?.kind).toBe('problem');
    expect(event?.title).toContain('1 object(s) on panel mz need attention');
    expect(event?.lines.join('\n')).toContain('User/byhand');
    const settled = detectEvents({ revision: 'r1', result: 'succeeded', errors: [], plan: planWith([]) }, false);
    expect(settled.events.find((e) => e.key === 'attention:mz')).toBeUndefined();
    expect(settled.evaluated.has('attention:mz')).toBe(true);
  });
});
