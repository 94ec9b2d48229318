import type { HeldLock } from '../state/backend.ts';
import { openStateBackend } from '../state/open-backend.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/**
 * `state migrate --from A --to B`: copies every panel's inventory, salt included (so saved
 * plans and secret hashes stay valid), and its history. Refused while a journal holds operations without an
 * outcome or a lock is held on either side: those belong to a run that is not finished.
 * A panel that already has owned objects at the destination is refused, never merged.
 */
export async function stateMigrate(rt: Runtime, from: string, to: string): Promise<ExitCode> {
  const source = await openStateBackend({ state: from, stateDir: from }, rt.env);
  const target = await openStateBackend({ state: to, stateDir: to }, rt.env).catch(async (err: unknown) => {
    await source.close();
    throw err;
  });
  rt.stderr.write(`State: from ${source.description} to ${target.description} (--from, --to)\n`);
  const locks: HeldLock[] = [];
  try {
    const panels = await source.panels();
    for (const panel of panels) {
      for (const side of [source, target]) {
        const lock = await side.tryLock(panel, { command: 'state migrate' });
        if (!lock) throw new CliError(`panel ${panel} is locked in ${side.description}; wait for that run to finish (see "panelops state list")`);
        locks.push(lock);
      }
      const open = await source.journal(panel).unfinished();
      if (open.length) throw new CliError(`panel ${panel} has ${open.length} operation(s) without an outcome in the journal of ${source.description}; run a plan and apply there first so they settle`);
      const existing = (await target.snapshot(panel)).inventory;
      if (existing.count() > 0) throw new CliError(`panel ${panel} already has ${existing.count()} owned object(s) in ${target.description}: refusing to overwrite them`);
    }
    for (const panel of panels) {
      const { inventory } = await source.snapshot(panel);
      await target.replaceInventory(inventory);
      // Who changed what goes along: oldest first, so the destination keeps their order.
      const history = (await source.readHistory({ panel })).reverse();
      if (history.length) await target.recordHistory(panel, history);
      rt.stdout.write(`${panel}: ${inventory.count()} owned object(s) and ${history.length} history entr${history.length === 1 ? 'y' : 'ies'} copied\n`);
    }
    rt.stdout.write(`Migrated ${panels.length} panel(s) from ${source.description} to ${target.description}. The source is left as it was.\n`);
    return EXIT.ok;
  } finally {
    for (const lock of locks.reverse()) await lock.release();
    await Promise.all([source.close(), target.close()]);
  }
}
