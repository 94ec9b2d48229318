/**
 * What planning knows about one panel: its connection, desired and observed objects, inventory
 * and journal. Its own module so that observing and the name checks need not import make-plan.
 */
import type { Inventory } from '../inventory/inventory.ts';
import type { JournalOp, PanelJournal } from '../state/backend.ts';
import type { DesiredObject, ObservedObject, PanelFacts } from '../providers/types.ts';
import type { Connection } from './connect.ts';
import type { TargetFilter } from './target.ts';
import type { ObjectNote } from './types.ts';

export interface PanelContext {
  connection: Connection;
  desired: DesiredObject[];
  observed: Map<string, ObservedObject[]>;
  inventory: Inventory;
  journal: PanelJournal;
  /** Journal entries of earlier runs that may have changed the panel, read with the inventory. */
  touched: JournalOp[];
  /** Fields left as the panel has them (policy.ignore), as plan notes. */
  ignored?: ObjectNote[];
  /** Only targeted objects were planned: the inventory outside the target is left as it is. */
  target?: TargetFilter | undefined;
  facts: PanelFacts | undefined;
  /** Claims kept in the journal after an apply (see claimsToRetain). */
  retainedClaims?: JournalOp[];
  /** Set by apply: every operation has a known outcome, so the journal may go once state is saved. */
  journalSettled?: boolean;
}
