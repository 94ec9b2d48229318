/** `npm run test:chaos`: the long chaos run (several thousand changes). Exit 1 when an invariant breaks. */
import { reportLines, runChaos } from './chaos-run.ts';

// CHAOS_SIZE runs a smaller fleet of the same shape (users = clients = CHAOS_SIZE) for a quick check.
const size = Number(process.env.CHAOS_SIZE ?? 1500);
const report = await runChaos({ users: size, clients: size, killsPerPhase: 4, killAfterWrites: [Math.round(size / 15), Math.round(size * 0.8)], hostingAccounts: Math.round(size / 10), hostingMembers: Math.round(size / 5), seed: 20261122, log: (l) => process.stdout.write(`${l}\n`) });
for (const line of reportLines(report)) process.stdout.write(`chaos: ${line}\n`);
const broken = report.leftBehind + report.duplicates + report.unintendedDeletions + report.credentialRotations + report.trafficResets + report.reEnabled;
process.exitCode = broken === 0 && report.runsToConverge > 0 && report.runsToConverge <= 3 ? 0 : 1;
