import type { OpenPanelState } from './state.ts';

/** The two plans a fresh sandbox has (limits as opencli stores them, §4). */
export function seedPlans(state: OpenPanelState): void {
  const base = { email_limit: 0, ftp_limit: 0, inodes_limit: 250_000, feature_set: 'default', max_email_quota: '0G', max_hourly_email: 0 };
  state.addPlan({ ...base, name: 'basic', description: 'Small sites', domains_limit: 1, websites_limit: 1, disk_limit: '5 GB', db_limit: 2, cpu: '1', ram: '1g', bandwidth: 100 });
  state.addPlan({ ...base, name: 'pro', description: 'Busy sites', domains_limit: 10, websites_limit: 10, disk_limit: '50 GB', db_limit: 20, cpu: '4', ram: '4g', bandwidth: 1000 });
}

/** Accounts straight into the table (10,000 well under a second); every tenth is suspended. */
export function seedAccounts(state: OpenPanelState, count: number, options: { prefix?: string; plan?: string } = {}): void {
  const prefix = options.prefix ?? 'site';
  const plan = state.planByName(options.plan ?? 'basic') ?? [...state.plans.values()][0];
  if (!plan) throw new Error('no plan to seed accounts on');
  for (let i = 1; i <= count; i++) {
    const a = state.addAccount(`${prefix}${i}`, `${prefix}${i}@example.com`, state.rng.string(16), plan.id);
    if (i % 10 === 0) state.rename(a, `${state.suspendedPrefix()}${a.plain}`);
  }
}
