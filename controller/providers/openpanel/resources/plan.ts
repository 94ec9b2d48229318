import type { KindHandler } from '../../kind-handler.ts';
import { numericId } from '../../kind-handler.ts';
import type { OpenPanelContext } from '../context.ts';
import { API_VERSION, ORDER } from '../constants.ts';
import { normalizePlan, observePlan, PLAN_DEFAULTS, planSpecSchema, planWire, replacementBody } from './plan-fields.ts';

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const planHandler: KindHandler<OpenPanelContext> = {
  descriptor: {
    kind: 'Plan',
    apiVersion: API_VERSION,
    order: ORDER.Plan,
    specSchema: planSpecSchema,
    // DELETE /api/plans/{id} hands the id to a command that takes a name (§9): a plan named
    // "7" would be deleted in place of plan 7, so names of digits only are refused.
    nameSchema: { type: 'string', pattern: '^(?![0-9]+$)[a-zA-Z0-9_. -]+$', maxLength: 255, description: 'Letters, digits, "_", ".", "-" and spaces, not digits only (OpenPanel deletes plans by name).' },
    secretFields: [],
    // The panel matches plan names case-insensitively (§9).
    keyCaseInsensitive: true,
    normalize: normalizePlan,
  },
  // Each plan under the spelling the manifests and inventory use, so that "Mailer" is "mailer".
  list: async ({ api }, keys) => {
    const spelled = new Map([...keys].map((k) => [k.toLowerCase(), k]));
    return (await api.listPlans()).map((p) => ({ ...observePlan(p), key: spelled.get(p.name.toLowerCase()) ?? p.name }));
  },
  get: async ({ api }, key) => {
    const found = (await api.listPlans()).find((p) => sameName(p.name, key));
    return found && observePlan(found);
  },
  create: async ({ api }, op) => {
    await api.createPlan(planWire(op.key, { ...PLAN_DEFAULTS, ...(op.desired?.spec ?? {}) }));
  },
  // PUT replaces the whole plan (§4, §9): the row read just now under the manifest's fields.
  update: async ({ api }, op) => {
    const id = numericId(op);
    const live = await api.getPlan(id);
    if (!live) throw new Error(`Plan/${op.key} no longer exists on the panel`);
    await api.replacePlan(id, replacementBody(live, live.name, op.desired?.spec ?? {}));
  },
  // DELETE by id looks the id up as a plan name (§9): refuse when that is another plan's name,
  // and verify, since on current panels it deletes nothing and answers success.
  delete: async ({ api }, op) => {
    const id = numericId(op);
    const namedLikeId = (await api.listPlans()).find((p) => sameName(p.name, String(id)) && p.id !== id);
    if (namedLikeId) throw new Error(`Plan/${op.key}: refused: OpenPanel would delete the plan named "${namedLikeId.name}" instead (it deletes plans by name and sends the id ${id} as one); run "opencli plan-delete ${op.key}" on the server`);
    await api.deletePlan(id);
    if ((await api.listPlans()).some((p) => p.id === id)) {
      throw new Error(`Plan/${op.key}: the panel reported the delete as done, but the plan is still there (OpenPanel deletes plans by name; run "opencli plan-delete ${op.key}" on the server)`);
    }
  },
};
