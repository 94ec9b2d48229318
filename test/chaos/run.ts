/** `npm run test:chaos`: the long chaos run (several thousand changes). Exit 1 when an invariant breaks. */
import { reportLines, runChaos } from './chaos-run.ts';

const report = await runChaos({ users: 1500, clients: 1500, killsPerPhase: 4, killAfterWrites: [100, 1200], hostingAccounts: 150, hostingMembers: 300, seed: 20261122, log: (l) => process.stdout.write(`${l}\n`) });
for (const line of reportLines(report)) process.stdout.write(`chaos: ${line}\n`);
const broken = report.leftBehind + report.duplicates + report.unintendedDeletions + report.credentialRotations + report.trafficResets + report.reEnabled;
process.exitCode = broken === 0 && report.runsToConverge > 0 && report.runsToConverge <= 3 ? 0 : 1;
