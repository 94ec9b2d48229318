import type { Router } from '../../kit/router.ts';
import { bulkCreate } from '../client-create.ts';
import { attach, deleteClient, detach, setEnable } from '../client-ops.ts';
import { ok, XuiError } from '../envelope.ts';
import type { XuiState } from '../state.ts';
import type { XuiClient } from '../types.ts';
import { decodeWriteClient, intList, objectBody, stringList } from '../wire-decode.ts';
import { apiRoute, offers, type XuiRouteContext } from './api-route.ts';

type Skip = { email: string; reason: string };

/** Runs `fn` per email; problems become `skipped` entries, never a whole-call failure (§7.11). */
function perEmail(state: XuiState, emails: readonly string[], fn: (c: XuiClient) => void): { done: number; skipped: Skip[] } {
  const skipped: Skip[] = [];
  let done = 0;
  for (const email of emails) {
    const c = state.clients.get(email);
    if (!c) {
      skipped.push({ email: email || '(missing email)', reason: 'client not found' });
      continue;
    }
    try {
      fn(c);
      done += 1;
    } catch (err) {
      if (!(err instanceof XuiError)) throw err;
      skipped.push({ email, reason: err.text });
    }
  }
  return { done, skipped };
}

/** `skipped` is omitted when empty (§7.11). */
const withSkipped = (key: string, done: number, skipped: Skip[]) => ok({ [key]: done, ...(skipped.length ? { skipped } : {}) });

/** Bulk client routes (§6, §7.11), as far as the emulated release has them (§11). */
export function bulkRoutes(router: Router, ctx: XuiRouteContext): void {
  const { state } = ctx;
  if (!offers(ctx, '3.2')) return;
  apiRoute(router, ctx, 'POST', '/clients/bulkCreate', (_req, body) => {
    const items = body();
    if (!Array.isArray(items)) throw new XuiError('json: cannot unmarshal object into Go value of type []request', false);
    const parsed = items.map((item) => {
      const b = objectBody(item);
      return { write: decodeWriteClient(b.client), inboundIds: intList(b, 'inboundIds') };
    });
    const { created, skipped } = bulkCreate(state, parsed, 'uuid');
    return ok({ created, ...(skipped.length ? { skipped } : {}) });
  });
  apiRoute(router, ctx, 'POST', '/clients/bulkDel', (_req, body) => {
    const b = objectBody(body());
    const { done, skipped } = perEmail(state, stringList(b, 'emails'), (c) => deleteClient(state, c, b.keepTraffic === true));
    return withSkipped('deleted', done, skipped);
  });
  if (offers(ctx, '3.5')) {
    for (const [path, enable] of [['/clients/bulkEnable', true], ['/clients/bulkDisable', false]] as const) {
      apiRoute(router, ctx, 'POST', path, (_req, body) => {
        const { done, skipped } = perEmail(state, stringList(body(), 'emails'), (c) => setEnable(state, c, enable));
        return withSkipped('changed', done, skipped);
      });
    }
  }
  const orNull = (list: string[]) => (list.length ? list : null);
  // Attach: an email once per target inbound, empty lists are null (§7.11).
  apiRoute(router, ctx, 'POST', '/clients/bulkAttach', (_req, body) => {
    const b = objectBody(body());
    const emails = stringList(b, 'emails');
    const attached: string[] = [];
    const skipped: string[] = [];
    const errors: string[] = [];
    for (const id of intList(b, 'inboundIds')) {
      if (!state.inbounds.has(id)) {
        errors.push(`inbound ${id}: record not found`);
        continue;
      }
      for (const email of emails) {
        const c = state.clients.get(email);
        if (!c) {
          errors.push(`${email}: record not found`);
          continue;
        }
        try {
          (attach(state, c, id) ? attached : skipped).push(email);
        } catch (err) {
          if (!(err instanceof XuiError)) throw err;
          errors.push(`${email}: ${err.text}`);
        }
      }
    }
    return ok({ attached: orNull(attached), skipped: orNull(skipped), errors: orNull(errors) });
  });
  // Detach (§11): each email once; skipped = on none of the targets; unknown inbound ids ignored.
  apiRoute(router, ctx, 'POST', '/clients/bulkDetach', (_req, body) => {
    const b = objectBody(body());
    const ids = intList(b, 'inboundIds').filter((id) => state.inbounds.has(id));
    const detached: string[] = [];
    const skipped: string[] = [];
    const errors: string[] = [];
    for (const email of stringList(b, 'emails')) {
      const c = state.clients.get(email);
      if (!c) {
        errors.push(`${email}: record not found`);
        continue;
      }
      try {
        let any = false;
        for (const id of ids) any = detach(state, c, id) || any;
        (any ? detached : skipped).push(email);
      } catch (err) {
        if (!(err instanceof XuiError)) throw err;
        errors.push(`${email}: ${err.text}`);
      }
    }
    return ok({ detached: orNull(detached), skipped: orNull(skipped), errors: orNull(errors) });
  });
}
