import { checkReadBack } from './identity.ts';
import type { KindDescriptor, ObservedObject, PanelFacts, PanelLimits, PanelSession, SessionOp, BatchOutcome, WriteAction } from './types.ts';

/** How one kind is read and written on one panel type: the per-kind half of a provider. */
export interface KindHandler<Client> {
  descriptor: KindDescriptor;
  list(client: Client, keys: ReadonlySet<string>, limits: PanelLimits): Promise<ObservedObject[]>;
  /** True when `list` returns every object whatever `keys` says: the engine then asks before state is read. */
  listsEverything?: boolean;
  get(client: Client, key: string): Promise<ObservedObject | undefined>;
  create(client: Client, op: SessionOp): Promise<{ id?: string | number } | void>;
  update(client: Client, op: SessionOp): Promise<void>;
  delete(client: Client, op: SessionOp): Promise<void>;
  attach?(client: Client, op: SessionOp): Promise<void>;
  detach?(client: Client, op: SessionOp): Promise<void>;
  batch?: Partial<Record<WriteAction, (client: Client, ops: SessionOp[]) => Promise<BatchOutcome[]>>>;
  discover?(client: Client): Promise<string[]>;
}

/** Builds a PanelSession that dispatches each call to the handler of its kind. */
export function sessionFromHandlers<Client>(
  handlers: readonly KindHandler<Client>[],
  client: Client,
  limits: PanelLimits,
  facts: () => Promise<PanelFacts>,
  close?: () => Promise<void>,
): PanelSession {
  const byKind = new Map(handlers.map((h) => [h.descriptor.kind, h]));
  const handler = (kind: string): KindHandler<Client> => {
    const h = byKind.get(kind);
    if (!h) throw new Error(`no handler for kind ${kind}`);
    return h;
  };
  const batchActions: WriteAction[] = ['create', 'update', 'delete', 'attach', 'detach'];
  const batch: PanelSession['batch'] = {};
  for (const action of batchActions) {
    if (!handlers.some((h) => h.batch?.[action])) continue;
    batch[action] = async (kind, ops) => {
      const fn = handler(kind).batch?.[action];
      if (!fn) throw new Error(`kind ${kind} has no bulk ${action}`);
      return fn(client, ops);
    };
  }
  const session: PanelSession = {
    facts,
    list: (kind, keys) => handler(kind).list(client, keys, limits),
    listsEverything: (kind) => byKind.get(kind)?.listsEverything === true,
    get: async (kind, key) => {
      const h = handler(kind);
      const found = await h.get(client, key);
      checkReadBack(kind, key, found, h.descriptor.keyCaseInsensitive === true);
      return found;
    },
    create: (op) => handler(op.kind).create(client, op),
    update: (op) => handler(op.kind).update(client, op),
    delete: (op) => handler(op.kind).delete(client, op),
    attach: async (op) => {
      const h = handler(op.kind);
      if (!h.attach) throw new Error(`${op.kind}/${op.key}: attach is not supported`);
      await h.attach(client, op);
    },
    detach: async (op) => {
      const h = handler(op.kind);
      if (!h.detach) throw new Error(`${op.kind}/${op.key}: detach is not supported`);
      await h.detach(client, op);
    },
    discover: async (kind) => (await byKind.get(kind)?.discover?.(client)) ?? [],
    ...(Object.keys(batch).length ? { batch } : {}),
    ...(close ? { close } : {}),
  };
  return session;
}

/** The key to address an existing object by: the panel's own spelling when it was observed. */
export const liveKey = (op: SessionOp): string => op.observed?.key ?? op.key;

/** The panel's integer id of an observed object (templates, nodes, plans); an error naming the object without one. */
export function numericId(op: SessionOp): number {
  const id = op.observed?.id;
  if (typeof id !== 'number') throw new Error(`${op.kind}/${op.key} has no id on the panel`);
  return id;
}
