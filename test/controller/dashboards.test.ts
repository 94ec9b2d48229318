import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../controller/metrics/metrics.ts';
import { notificationCounter } from '../../controller/notify/notification-metrics.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');

/** Metric names an expression uses, histogram suffixes folded to the base name. */
const namesIn = (expr: string): string[] => [...expr.matchAll(/\bpanelops_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));

describe('shipped dashboard and alert rules', () => {
  it('use only metrics a running controller exports', async () => {
    // The controller registers the notification counter on the same registry (run-command.ts).
    const metrics = new Metrics();
    notificationCounter(metrics.registry);
    const exported = new Set([...(await metrics.text()).matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]));
    const dashboard = JSON.parse(await readFile(join(examples, 'grafana/panelops-dashboard.json'), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const alerts = parse(await readFile(join(examples, 'prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    const used = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...alerts.groups.flatMap((g) => g.rules.map((r) => r.expr))].flatMap(namesIn);
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(exported.has(name), name).toBe(true);
  });

  it('the dashboard is Grafana dashboard JSON: schemaVersion, panels with ids, grid positions and targets', async () => {
    const d = JSON.parse(await readFile(join(examples, 'grafana/panelops-dashboard.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(d.schemaVersion).toBeGreaterThanOrEqual(30);
    expect(typeof d.title).toBe('string');
    expect(d.panels.length).toBeGreaterThanOrEqual(8);
    const ids = new Set();
    for (const p of d.panels) {
      expect(ids.has(p.id)).toBe(false);
      ids.add(p.id);
      expect(p.gridPos).toMatchObject({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.expr).toMatch(/panelops_/);
    }
  });

  it('every alert rule has a promtool unit test, and they pass', async () => {
    const alerts = parse(await readFile(join(examples, 'prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> };
    const tests = parse(await readFile(join(examples, 'prometheus/alerts.test.yml'), 'utf8')) as { tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }> };
    const fired = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    for (const rule of alerts.groups.flatMap((g) => g.rules)) expect(fired.has(rule.alert), rule.alert).toBe(true);
    if (!existsSync('/usr/bin/promtool')) return; // .ci/run installs it (Debian's prometheus package)
    const { stdout } = await promisify(execFile)('/usr/bin/promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: join(examples, 'prometheus') });
    expect(stdout).toContain('SUCCESS');
  });
});
