/** One plan in a process of its own, so its wall time and peak RSS are its own. Prints JSON. */
import '../../controller/shared/memory-settings.ts';
import { EarlyReads } from '../../controller/engine/early-reads.ts';
import { makePlan } from '../../controller/engine/make-plan.ts';
import { countChanges } from '../../controller/engine/types.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { openStateBackend } from '../../controller/state/open-backend.ts';

// The state is a directory or a postgres:// URL, as `--state` takes it.
const [dir = '.', stateArg = 'state'] = process.argv.slice(2);
const started = performance.now();
// As `plan` does: a large set's panels are read while the manifests are validated.
const deps = { registry: defaultRegistry(), logger: silentLogger() };
const early = process.env.BENCH_EARLY_READS === '0' ? undefined : new EarlyReads(deps);
const manifests = await loadManifests({ dir, registry: defaultRegistry(), onPanelsReady: early && ((panels) => early.start(panels)) });
const loaded = performance.now();
// Opened inside the timed span: connecting and reading the state are part of a plan's cost.
const state = await openStateBackend({ state: stateArg, stateDir: stateArg }, process.env);
const run = await makePlan(manifests, deps, { state, early });
await early?.close();
const seconds = (performance.now() - started) / 1000;
await state.close();
process.stdout.write(
  `${JSON.stringify({ seconds, loadSeconds: (loaded - started) / 1000, changes: countChanges(run.plan), errors: manifests.diagnostics.length, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 })}\n`,
);
