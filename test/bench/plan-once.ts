/** One plan in a process of its own, so its wall time and peak RSS are its own. Prints JSON. */
import { LocalState } from '../../controller/state/local/index.ts';
import '../../controller/shared/memory-settings.ts';
import { makePlan } from '../../controller/engine/make-plan.ts';
import { countChanges } from '../../controller/engine/types.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { silentLogger } from '../../controller/shared/logger.ts';

const [dir = '.', stateDir = 'state'] = process.argv.slice(2);
const started = performance.now();
const manifests = await loadManifests({ dir, registry: defaultRegistry() });
const loaded = performance.now();
const run = await makePlan(manifests, { registry: defaultRegistry(), logger: silentLogger() }, { state: new LocalState(stateDir) });
process.stdout.write(
  `${JSON.stringify({ seconds: (performance.now() - started) / 1000, loadSeconds: (loaded - started) / 1000, changes: countChanges(run.plan), errors: manifests.diagnostics.length, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 })}\n`,
);
