import { splitEntryKey } from '../inventory/types.ts';
import { describeHolder, type StateBackend } from '../state/backend.ts';
import type { StateChoice } from '../state/open-backend.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';
import { withState } from './with-state.ts';

/** `panel:Kind/key`, or `Kind/key` when only one panel has state. */
async function resolveRef(state: StateBackend, ref: string, panelOption?: string): Promise<{ panel: string; kind: string; key: string }> {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  let panel = panelOption;
  let rest = ref;
  if (colon >= 0 && colon < slash) {
    panel = ref.slice(0, colon);
    rest = ref.slice(colon + 1);
  }
  if (!panel) {
    const panels = await state.panels();
    if (panels.length !== 1) throw new CliError(`say which panel: ${ref} could be on ${panels.join(', ') || 'no panel'} (use panel:Kind/key or --panel)`);
    panel = panels[0] ?? '';
  }
  if (!rest.includes('/')) throw new CliError(`expected Kind/key, got "${rest}"`);
  return { panel, ...splitEntryKey(rest) };
}

export function stateList(rt: Runtime, choice: StateChoice, panel?: string): Promise<ExitCode> {
  return withState(rt, choice, async (state) => {
    rt.stdout.write(`State: ${state.description}\n`);
    for (const name of panel ? [panel] : await state.panels()) {
      const { inventory } = await state.snapshot(name);
      rt.stdout.write(`${name} (${inventory.type ?? 'unknown type'}): ${inventory.count()} owned\n`);
      const lock = await state.lockHolder(name);
      if (lock) rt.stdout.write(`  locked by ${describeHolder(lock)}\n`);
      const open = await state.journal(name).unfinished();
      if (open.length) rt.stdout.write(`  journal: ${open.length} operation(s) without an outcome (the next plan re-observes them): ${open.slice(0, 5).map((o) => `${o.action} ${o.kind}/${o.key}`).join(', ')}${open.length > 5 ? ', ...' : ''}\n`);
      for (const [ref, entry] of inventory.entries()) {
        const flags = [entry.adopted ? 'adopted' : 'created', ...(entry.protect ? ['protected'] : [])].join(', ');
        rt.stdout.write(`  ${ref}  (${flags}, since ${entry.createdAt})\n`);
      }
    }
    return EXIT.ok;
  });
}

export function stateShow(rt: Runtime, choice: StateChoice, ref: string, panel?: string): Promise<ExitCode> {
  return withState(rt, choice, async (state) => {
    const { panel: name, kind, key } = await resolveRef(state, ref, panel);
    const entry = (await state.snapshot(name)).inventory.get(kind, key);
    if (!entry) throw new CliError(`${name}:${kind}/${key} is not in the inventory`);
    rt.stdout.write(`${JSON.stringify({ panel: name, kind, key, ...entry }, null, 2)}\n`);
    return EXIT.ok;
  });
}

/** Forgetting never touches the panel: the object becomes unmanaged, and a journal claim on it is released too. */
export function stateForget(rt: Runtime, choice: StateChoice, ref: string, panel?: string): Promise<ExitCode> {
  return withState(rt, choice, async (state) => {
    const { panel: name, kind, key } = await resolveRef(state, ref, panel);
    const { inventory } = await state.snapshot(name);
    const owned = inventory.forget(kind, key);
    const claims = await state.journal(name).release(kind, key);
    if (!owned && claims === 0) throw new CliError(`${name}:${kind}/${key} is neither in the inventory nor claimed by the journal`);
    if (owned) await state.saveInventory(inventory);
    rt.stdout.write(`forgot ${name}:${kind}/${key}${claims ? ` (and ${claims} journal entr${claims === 1 ? 'y' : 'ies'})` : ''}: it stays on the panel, unmanaged\n`);
    return EXIT.ok;
  });
}

export function stateUnlock(rt: Runtime, choice: StateChoice, panel: string): Promise<ExitCode> {
  return withState(rt, choice, async (state) => {
    const holder = await state.unlock(panel);
    if (!holder) throw new CliError(`panel ${panel} is not locked`);
    rt.stdout.write(`removed the lock of ${describeHolder(holder)}\n`);
    return EXIT.ok;
  });
}
