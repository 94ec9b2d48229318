import { compareSpecs } from '../../../contract/compare-specs.ts';
import { sameValue } from '../../../shared/canonical-json.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';

const INBOUNDS: ReadonlySet<string> = new Set(['inbounds']);

type Compared = { changes: FieldChange[]; notes: string[] };
type Applied = Readonly<Record<string, unknown>>;

const isDelay = (v: unknown): boolean => typeof v === 'object' && v !== null && 'afterFirstUse' in v;

/**
 * §7.8: a client the panel disabled for depletion is not re-enabled by a manifest that
 * merely says `enable: true` (the panel would disable it again within seconds); only
 * together with a quota or expiry change, and the plan says why.
 */
function depletion(desired: Spec, observed: ObservedObject, c: Compared): void {
  if (observed.spec.depleted !== true || observed.spec.enable !== false) return;
  if (desired.enable !== true) {
    c.notes.push(...(observed.notes ?? []));
    return;
  }
  if (c.changes.some((x) => x.path === 'totalGB' || x.path.startsWith('expiry'))) {
    c.notes.push('disabled by the panel for depletion: re-enabled because the manifest raises its quota or expiry');
  } else {
    c.changes = c.changes.filter((x) => x.path !== 'enable');
    c.notes.push('disabled by the panel: quota used up or expired. Raise totalGB or move expiry in the manifest to re-enable it');
  }
}

/**
 * §12.10-§12.11 delayed start: at first traffic the panel turns `{ afterFirstUse }` into a
 * deadline, and nothing on the panel tells that deadline from a fixed date. It is a started
 * trial (a note, not drift: sending the delay again would restart its countdown) only when
 * the delay is what panelops last applied or imported for this client. A changed delay is
 * sent as any change; over a date panelops did not see come from a delay, the delay is sent
 * with a warning.
 */
function delayedStart(desired: Spec, observed: ObservedObject, applied: Applied, c: Compared): void {
  if (!isDelay(desired.expiry) || typeof observed.spec.expiry !== 'string' || observed.spec.expiry === 'never') return;
  if (sameValue(applied.expiry, desired.expiry)) {
    c.changes = c.changes.filter((x) => x.path !== 'expiry');
    c.notes.push(`delayed start began on first use: expires ${observed.spec.expiry}`);
  } else if (!isDelay(applied.expiry)) {
    c.notes.push(
      `warning: expiry ${observed.spec.expiry} on the panel may be a delayed start that already began (3x-ui shows both alike); nothing records that panelops set one, so the delayed start is sent, which restarts any countdown already running`,
    );
  }
}

/**
 * §11 flow: `clients/list` shows the record's flow column, which a non-flow inbound's sync
 * resets to "". On a client with both kinds of inbounds an empty column says nothing, so
 * the flow panelops last applied stands for it. On no flow inbound at all the panel strips
 * any flow, so asking for one can never converge: a note says so instead.
 */
function flow(desired: Spec, observed: ObservedObject, applied: Applied, c: Compared): void {
  if (desired.flow === undefined) return;
  const carriers = observed.spec.flowCarriers;
  const planned = c.changes.some((x) => x.path === 'flow');
  if (carriers === 'none' && desired.flow && planned) {
    c.changes = c.changes.filter((x) => x.path !== 'flow');
    c.notes.push(`flow ${String(desired.flow)} is not kept by any of its inbounds (only VLESS over TCP with TLS or REALITY carries one)`);
  } else if (carriers === 'some' && observed.spec.flow === '' && typeof applied.flow === 'string') {
    // The empty column stands for the flow panelops applied last.
    c.changes = c.changes.filter((x) => x.path !== 'flow');
    if (applied.flow !== desired.flow) c.changes.push({ path: 'flow', before: applied.flow, after: desired.flow });
  }
}

/**
 * §11: on a Shadowsocks-2022 inbound next to a trojan (or classic shadowsocks) inbound, the
 * panel replaces a password that is not a 2022 key, and the next update hands the trojan
 * subscriber the new one. panelops does not trigger that: the update is held, with a warning.
 */
function passwordRotation(observed: ObservedObject, c: Compared): void {
  if (observed.spec.passwordAtRisk !== true || c.changes.length === 0) return;
  const held = c.changes.map((x) => x.path).join(', ');
  c.changes = [];
  c.notes.push(
    `warning: not updated (${held}): it is on a Shadowsocks-2022 inbound and a trojan or shadowsocks inbound, and any update makes 3x-ui replace its password on such a pair. Take it off one of those inbounds to manage it`,
  );
}

/** Desired vs live client. Inbounds are planned as attach / detach, not as a field change. */
export function compareClient(desired: Spec, observed: ObservedObject, applied: Applied = {}): Compared {
  const c: Compared = { changes: compareSpecs(desired, observed.spec, INBOUNDS), notes: [] };
  delayedStart(desired, observed, applied, c);
  flow(desired, observed, applied, c);
  depletion(desired, observed, c);
  passwordRotation(observed, c);
  return c;
}
