import { json, text, type Router } from '../../kit/router.ts';
import type { OpPlan } from '../state.ts';
import { jsonBody, tokenOnly, type OpContext } from './context.ts';

/** A number with an optional B / k / M / G / T unit, G when none (§4); 0 when not sent (§9). */
const quota = (v: unknown): string => {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([BkMGT]?)$/.exec(String(v ?? '0').trim());
  return m ? `${Number(m[1])}${m[2] || 'G'}` : '0G';
};

const num = (v: unknown, fallback: number): number => (v === undefined || v === null || v === '' ? fallback : Number.parseFloat(String(v)));

/** A plan from a request body: omitted numbers default, omitted names become `fallbackName` (§4). */
function planFrom(b: Record<string, unknown>, fallbackName: string): Omit<OpPlan, 'id'> {
  const str = (v: unknown) => (v === undefined || v === null ? fallbackName : String(v));
  return {
    name: str(b.name),
    description: str(b.description),
    domains_limit: num(b.domains_limit, 0),
    websites_limit: num(b.websites_limit, 0),
    email_limit: num(b.email_limit, 0),
    ftp_limit: num(b.ftp_limit, 0),
    disk_limit: `${num(b.disk_limit, 0)} GB`,
    inodes_limit: num(b.inodes_limit, 0),
    db_limit: num(b.db_limit, 0),
    cpu: String(num(b.cpu, 1)),
    ram: `${num(b.ram, 1)}g`,
    bandwidth: num(b.bandwidth, 100),
    feature_set: b.feature_set === undefined || b.feature_set === null ? 'default' : String(b.feature_set),
    max_email_quota: quota(b.max_email_quota),
    max_hourly_email: num(b.max_hourly_email, 0),
  };
}

/** Plans (§4): any valid token; create returns no id; PUT replaces; DELETE by id is a success-reporting no-op. */
export function planRoutes(router: Router, ctx: OpContext): void {
  const { state } = ctx;
  router.get('/api/plans', tokenOnly(ctx, () => json(200, { plans: [...state.plans.values()] })));
  router.get('/api/plans/:id', tokenOnly(ctx, (req) => {
    if (!/^\d+$/.test(req.params.id ?? '')) return text(404, '404 page not found');
    const p = state.plans.get(Number(req.params.id));
    return p ? json(200, { plan: p }) : json(404, { error: 'Plan not found' });
  }));
  router.post('/api/plans', tokenOnly(ctx, (req) => {
    const b = jsonBody(req) ?? {};
    const plan = planFrom(b, '');
    if (!/^[a-zA-Z0-9_. -]+$/.test(plan.name)) return json(500, { success: false, error: `Error: Invalid plan name '${plan.name}'.` });
    if (state.planByName(plan.name)) return json(500, { success: false, error: `Error: Plan name '${plan.name}' already exists. Please choose another name.` });
    state.addPlan(plan);
    return json(200, { success: true, message: `Plan ${plan.name} created successfully.` });
  }));
  const replace = tokenOnly(ctx, (req) => {
    const p = state.plans.get(Number(req.params.id));
    if (!p) return json(500, { success: false, error: 'Plan not found' });
    Object.assign(p, planFrom(jsonBody(req) ?? {}, 'None'));
    return json(200, { success: true, message: `Plan ${p.name} updated successfully.` });
  });
  router.put('/api/plans/:id', replace);
  router.patch('/api/plans/:id', replace);
  router.delete('/api/plans/:id', tokenOnly(ctx, (req) => {
    const id = req.params.id ?? '';
    if (ctx.options.realPlanDelete) state.plans.delete(Number(id));
    else {
      // The id reaches plan-delete, which takes a name (§9): plan 7 stays, a plan named "7" goes.
      const named = state.planByName(id);
      const users = named ? [...state.accounts.values()].filter((a) => a.planId === named.id).map((a) => a.username) : [];
      if (named && users.length > 0) return json(500, { success: false, error: JSON.stringify({ error: `Cannot delete plan '${named.name}' because it has users assigned.`, users }) });
      if (named) state.plans.delete(named.id);
    }
    return json(200, { success: true, message: 'Plan deleted successfully.', output: `{"message": "Plan '${id}' and Podman network '${id}' deleted successfully."}\n` });
  }));
}
