/**
 * A controller in a process of its own: one reconcile at start, then the measured one at the
 * same revision (the steady state of a controller that re-plans every interval). The source
 * is the manifest directory at a fixed revision, as a git source whose fetch found nothing new.
 * Prints JSON like plan-once.ts; `loadSeconds` is the first reconcile's wall time.
 */
import '../../controller/shared/memory-settings.ts';
import { Metrics } from '../../controller/metrics/metrics.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { Reconciler } from '../../controller/run/reconciler.ts';
import { silentLogger } from '../../controller/shared/logger.ts';
import { openStateBackend } from '../../controller/state/open-backend.ts';

const [dir = '.', stateArg = 'state'] = process.argv.slice(2);
const state = await openStateBackend({ state: stateArg, stateDir: stateArg }, process.env);
const source = { description: `directory ${dir}`, sync: () => Promise.resolve({ dir, revision: 'bench' }), watch: () => undefined, close: () => Promise.resolve() };
const reconciler = new Reconciler({ source, registry: defaultRegistry(), logger: silentLogger(), metrics: new Metrics(), state, env: process.env, replica: 'bench' });
let started = performance.now();
const first = await reconciler.reconcile('start');
const firstSeconds = (performance.now() - started) / 1000;
started = performance.now();
const steady = await reconciler.reconcile('interval');
const seconds = (performance.now() - started) / 1000;
await reconciler.release();
await state.close();
const changes = Object.values(reconciler.status.panels).reduce((n, p) => n + Object.values(p.changes).reduce((a, b) => a + b, 0), 0);
if (first?.result !== 'succeeded' || steady?.result !== 'succeeded') throw new Error(`bench: reconcile ${String(first?.result)}, then ${String(steady?.result)}: ${reconciler.status.errors.join('; ')}`);
process.stdout.write(`${JSON.stringify({ seconds, loadSeconds: firstSeconds, changes, errors: 0, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
