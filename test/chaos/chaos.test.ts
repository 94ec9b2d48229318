import { describe, expect, it } from 'vitest';
import { reportLines, runChaos } from './chaos-run.ts';

describe('chaos (short): faults and SIGKILLs during apply', () => {
  it('converges within 3 runs after the last fault, with nothing lost, duplicated, rotated, reset or re-enabled', async () => {
    const report = await runChaos({ users: 150, clients: 150, killsPerPhase: 2, killAfterWrites: [10, 60], seed: 7, log: (l) => console.log(l) });
    console.log(reportLines(report).join('\n'));
    const lines = reportLines(report);
    expect(lines).toContain('duplicates: 0');
    expect(lines).toContain('objects left behind (created by panelops, manifests removed): 0');
    expect(report.kills).toBeGreaterThanOrEqual(3);
    expect(report.faults).toBeGreaterThan(0);
    expect(report.runsToConverge).toBeGreaterThan(0);
    expect(report.runsToConverge).toBeLessThanOrEqual(3);
    // Only the user made by hand in the crash window may be left for the operator; everything else must be 0.
    expect(report.leftForOperator).toBeLessThanOrEqual(1);
    expect(report.madeByHand).toBe(1);
    expect({ ...report, changes: 0, faults: 0, kills: 0, runsToConverge: 0, leftForOperator: 0, madeByHand: 0 }).toEqual({
      changes: 0, faults: 0, kills: 0, runsToConverge: 0, duplicates: 0, unintendedDeletions: 0, credentialRotations: 0, trafficResets: 0, reEnabled: 0, leftForOperator: 0, leftBehind: 0, madeByHand: 0,
    });
  }, 300_000);
});
