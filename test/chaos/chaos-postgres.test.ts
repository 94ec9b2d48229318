import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../state/postgres-database.ts';
import { reportLines, runChaos } from './chaos-run.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('chaos');
}, 120_000);
afterAll(() => db.drop());

describe('chaos (short) with the state in PostgreSQL: SIGKILLs during apply', () => {
  it('leaves nothing behind that panelops made and the manifests removed, and keeps the user made by hand', async () => {
    const report = await runChaos({ users: 100, clients: 100, killsPerPhase: 2, killAfterWrites: [10, 60], hostingAccounts: 10, hostingMembers: 20, seed: 11, stateUrl: db.url, log: (l) => console.log(l) });
    console.log(reportLines(report).join('\n'));
    expect(report.kills).toBeGreaterThanOrEqual(3);
    expect(report.runsToConverge).toBeGreaterThan(0);
    expect(report.runsToConverge).toBeLessThanOrEqual(3);
    expect(report.leftForOperator).toBeLessThanOrEqual(1);
    expect(report.madeByHand).toBe(1);
    expect({ leftBehind: report.leftBehind, duplicates: report.duplicates, unintendedDeletions: report.unintendedDeletions, credentialRotations: report.credentialRotations, trafficResets: report.trafficResets, reEnabled: report.reEnabled }).toEqual({
      leftBehind: 0, duplicates: 0, unintendedDeletions: 0, credentialRotations: 0, trafficResets: 0, reEnabled: 0,
    });
  }, 300_000);
});
