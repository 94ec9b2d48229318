import type PQueue from 'p-queue';
import type { AccountIdentity } from './account-identity.ts';
import type { OpenPanelApi } from './client.ts';

/** What each kind handler of one OpenPanel session works with. */
export interface OpenPanelContext {
  api: OpenPanelApi;
  /** Checks who every account row read belongs to, and guards writes to ambiguous names. */
  identity: AccountIdentity;
  /** Account creates, one at a time: opencli refuses a create while another runs (§9). */
  creates: PQueue;
}
