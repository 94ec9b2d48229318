/**
 * What Marzban and PasarGuard (its fork) hold the same way (pasarguard.md §13): the limit and
 * its reset period, the note, and the expiry, where a delayed start is the `on_hold` status
 * with its duration. Both adapters map these fields here and their access model themselves.
 */
import type { Spec } from '../../contract/panel.ts';
import type { Refusal, SubscriberFields } from './adapter.ts';

const RESET: Record<string, string> = { none: 'no_reset', day: 'day', week: 'week', month: 'month', year: 'year' };
const RESET_BACK: Record<string, SubscriberFields['dataLimitReset']> = { no_reset: 'none', day: 'day', week: 'week', month: 'month', year: 'year' };
const NOTE_MAX = 500;

/** Subscriber fields → the User spec of `panelType`, refusals added to `refused`. */
export function userFields(panelType: string, s: SubscriberFields, spec: Spec, refused: Refusal[]): void {
  if (s.dataLimit !== undefined) spec.dataLimit = s.dataLimit;
  if (s.dataLimitReset !== undefined) spec.dataLimitResetStrategy = RESET[s.dataLimitReset];
  if (s.note !== undefined) {
    if (s.note.length > NOTE_MAX) refused.push({ field: 'note', reason: `${panelType} keeps at most ${NOTE_MAX} characters of a note (this one has ${s.note.length})` });
    spec.note = s.note;
  }
  if (typeof s.expire === 'object') {
    // A delayed start is on_hold: the clock starts at the first connection.
    if (s.status === 'disabled') refused.push({ field: 'status', reason: `${panelType} cannot hold a disabled subscriber with a delayed start (on_hold is a status of its own)` });
    spec.status = 'on_hold';
    spec.onHoldExpireDuration = s.expire.afterFirstUse;
  } else {
    if (s.expire !== undefined) spec.expire = s.expire;
    if (s.status !== undefined) spec.status = s.status;
  }
}

/** A live User's spec → subscriber fields; what a subscriber cannot hold is added to `lost`. */
export function fieldsFromUser(live: Spec, lost: string[]): Omit<SubscriberFields, 'name'> {
  const fields: Omit<SubscriberFields, 'name'> = { dataLimit: (live.dataLimit as number | undefined) ?? 0, note: (live.note as string | undefined) ?? '' };
  const reset = RESET_BACK[String(live.dataLimitResetStrategy ?? 'no_reset')];
  if (reset) fields.dataLimitReset = reset;
  if (live.status === 'on_hold') {
    fields.status = 'active';
    fields.expire = { afterFirstUse: Number(live.onHoldExpireDuration ?? 0) };
    if (live.onHoldTimeout && live.onHoldTimeout !== 'never') lost.push(`onHoldTimeout ${String(live.onHoldTimeout)} (a subscriber has no on-hold deadline)`);
  } else {
    fields.status = live.status === 'disabled' ? 'disabled' : 'active';
    fields.expire = (live.expire as string | undefined) ?? 'never';
  }
  if (live.nextPlan) lost.push('nextPlan (a subscriber has no next plan)');
  if (typeof live.owner === 'string') lost.push(`owner ${live.owner} (a subscriber has no owner)`);
  return fields;
}
