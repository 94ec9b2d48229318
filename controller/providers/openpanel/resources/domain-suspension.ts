import { compareSpecs } from '../../../contract/compare-specs.ts';
import { PanelError } from '../../errors.ts';
import type { FieldChange, ObservedObject, Spec } from '../../types.ts';
import type { OpenPanelApi } from '../client.ts';

/**
 * What panelops can honestly say about a domain's suspension (openpanel.md §9). The panel
 * never reports it, and its return code proves nothing: an unsuspend copies the saved vhost
 * back but keeps the copy, so a later suspend answers rc 0 "Domain is already suspended."
 * while the site stays live; an account unsuspend re-activates every domain of the account.
 */
export async function suspendDomain(api: OpenPanelApi, domain: string): Promise<void> {
  const outcome = await api.domainAction('suspend', domain);
  if (/already suspended/i.test(outcome.stdout)) {
    throw new PanelError(
      'not suspended: the panel answered "Domain is already suspended." for a domain panelops had live. OpenPanel keeps the vhost copy an earlier suspend saved, ' +
        'so it skips the suspend and the site stays live (openpanel.md §9). Remove the saved copy on the server and run again, or suspend the account',
      { panel: api.panel, subject: `Domain/${domain}`, retryable: false },
    );
  }
}

/** The default comparison, plus a note wherever panelops last applied a suspension it cannot verify. */
export function compareDomain(desired: Spec, observed: ObservedObject, applied: Readonly<Record<string, unknown>>): { changes: FieldChange[]; notes: string[] } {
  const notes = [...(observed.notes ?? [])];
  if (applied.suspended === true) {
    notes.push('suspended as last applied, but unverifiable: OpenPanel never reports a domain\'s suspension, and an account unsuspend or an earlier unsuspend can leave the site live (openpanel.md §9)');
  }
  return { changes: compareSpecs(desired, observed.spec), notes };
}
