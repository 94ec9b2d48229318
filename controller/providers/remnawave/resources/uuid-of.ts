import type { SessionOp } from '../../types.ts';

/** The panel's uuid of an observed squad, node or host; an error naming the object without one. */
export function uuidOf(op: SessionOp): string {
  const id = op.observed?.id;
  if (typeof id !== 'string') throw new Error(`${op.kind}/${op.key} has no uuid on the panel`);
  return id;
}
