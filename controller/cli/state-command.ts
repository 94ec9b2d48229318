import { Journal } from '../inventory/journal.ts';
import { readLock, removeLock } from '../inventory/lock.ts';
import { InventoryStore, panelsWithState } from '../inventory/store.ts';
import { splitEntryKey } from '../inventory/types.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import type { Runtime } from './runtime.ts';

/** `panel:Kind/key`, or `Kind/key` when only one panel has state. */
async function resolveRef(store: InventoryStore, ref: string, panelOption?: string): Promise<{ panel: string; kind: string; key: string }> {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  let panel = panelOption;
  let rest = ref;
  if (colon >= 0 && colon < slash) {
    panel = ref.slice(0, colon);
    rest = ref.slice(colon + 1);
  }
  if (!panel) {
    const panels = await panelsWithState(store.dir);
    if (panels.length !== 1) throw new CliError(`say which panel: ${ref} could be on ${panels.join(', ') || 'no panel'} (use panel:Kind/key or --panel)`);
    panel = panels[0] ?? '';
  }
  if (!rest.includes('/')) throw new CliError(`expected Kind/key, got "${rest}"`);
  return { panel, ...splitEntryKey(rest) };
}

export async function stateList(rt: Runtime, stateDir: string, panel?: string): Promise<ExitCode> {
  const store = new InventoryStore(stateDir);
  for (const name of panel ? [panel] : await panelsWithState(stateDir)) {
    const inventory = await store.load(name);
    rt.stdout.write(`${name} (${inventory.type ?? 'unknown type'}): ${inventory.count()} owned\n`);
    const lock = await readLock(stateDir, name);
    if (lock) rt.stdout.write(`  locked by pid ${lock.pid} on ${lock.host} (${lock.command}) since ${lock.since}\n`);
    const open = await new Journal(stateDir, name).unfinished();
    if (open.length) rt.stdout.write(`  journal: ${open.length} operation(s) without an outcome (the next plan re-observes them): ${open.slice(0, 5).map((o) => `${o.action} ${o.kind}/${o.key}`).join(', ')}${open.length > 5 ? ', ...' : ''}\n`);
    for (const [ref, entry] of inventory.entries()) {
      const flags = [entry.adopted ? 'adopted' : 'created', ...(entry.protect ? ['protected'] : [])].join(', ');
      rt.stdout.write(`  ${ref}  (${flags}, since ${entry.createdAt})\n`);
    }
  }
  return EXIT.ok;
}

export async function stateShow(rt: Runtime, stateDir: string, ref: string, panel?: string): Promise<ExitCode> {
  const store = new InventoryStore(stateDir);
  const { panel: name, kind, key } = await resolveRef(store, ref, panel);
  const entry = (await store.load(name)).get(kind, key);
  if (!entry) throw new CliError(`${name}:${kind}/${key} is not in the inventory`);
  rt.stdout.write(`${JSON.stringify({ panel: name, kind, key, ...entry }, null, 2)}\n`);
  return EXIT.ok;
}

/** Forgetting never touches the panel: the object becomes unmanaged. */
export async function stateForget(rt: Runtime, stateDir: string, ref: string, panel?: string): Promise<ExitCode> {
  const store = new InventoryStore(stateDir);
  const { panel: name, kind, key } = await resolveRef(store, ref, panel);
  const inventory = await store.load(name);
  if (!inventory.forget(kind, key)) throw new CliError(`${name}:${kind}/${key} is not in the inventory`);
  await store.save(inventory);
  rt.stdout.write(`forgot ${name}:${kind}/${key}: it stays on the panel, unmanaged\n`);
  return EXIT.ok;
}

export async function stateUnlock(rt: Runtime, stateDir: string, panel: string): Promise<ExitCode> {
  const holder = await readLock(stateDir, panel);
  if (!holder) throw new CliError(`panel ${panel} is not locked`);
  await removeLock(stateDir, panel);
  rt.stdout.write(`removed the lock of pid ${holder.pid} on ${holder.host} (since ${holder.since})\n`);
  return EXIT.ok;
}
