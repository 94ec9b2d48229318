// A holder in a process of its own: takes a panel's lock through the PostgreSQL backend,
// says so on stdout, then sleeps until it is killed (the SIGKILL test of postgres-lock.test.ts).
import { openPostgresState } from '../../controller/state/postgres/index.ts';

const [url, panel] = process.argv.slice(2);
if (!url || !panel) throw new Error('usage: hold-lock.ts URL PANEL');
const state = await openPostgresState(url, {});
await state.acquireLock(panel, { command: 'apply', revision: 'child' }, { timeoutMs: 10_000 });
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
