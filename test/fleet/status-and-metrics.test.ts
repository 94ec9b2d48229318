import { describe, expect, it } from 'vitest';
import { PLAN_FORMAT_VERSION, type Plan } from '../../controller/engine/types.ts';
import { Metrics } from '../../controller/metrics/metrics.ts';
import { panelsFromPlan } from '../../controller/run/status.ts';

const plan: Plan = {
  formatVersion: PLAN_FORMAT_VERSION,
  createdAt: '2026-12-07T00:00:00Z',
  source: 'manifests',
  warnings: [],
  panels: [
    { panel: 'eu-1', type: 'marzban', mode: 'manage', operations: [], notes: [], managed: { User: 3 }, unmanaged: {}, guards: [], subscribers: { inSync: 3, pending: 0, refused: 0 } },
    { panel: 'fi-2', type: '3x-ui', mode: 'manage', operations: [], notes: [], managed: {}, unmanaged: {}, guards: [], error: 'connect ECONNREFUSED', subscribers: { inSync: 0, pending: 0, refused: 3 } },
    { panel: 'hosting', type: 'openpanel', mode: 'manage', operations: [], notes: [], managed: {}, unmanaged: {}, guards: [] },
  ],
};

describe('per-panel subscriber counts in /status and the metrics', () => {
  it('exports in sync, pending and refused per panel, and only for panels with subscribers', async () => {
    const metrics = new Metrics();
    metrics.recordPlan(plan);
    const text = await metrics.text();
    expect(text).toContain('panelops_subscribers{panel="eu-1",state="in_sync"} 3');
    expect(text).toContain('panelops_subscribers{panel="fi-2",state="refused"} 3');
    expect(text).not.toContain('panelops_subscribers{panel="hosting"');
    const status = panelsFromPlan(plan);
    expect(status['fi-2']?.subscribers).toEqual({ inSync: 0, pending: 0, refused: 3 });
    expect(status.hosting?.subscribers).toBeUndefined();
  });
});
