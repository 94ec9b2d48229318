import { json, type Router } from '../../kit/router.ts';
import { passwordScore } from '../rules.ts';
import { deletePick } from '../account-sql.ts';
import type { OpAccount } from '../state.ts';
import { adminOnly, cliFailure, created, err, jsonBody, type OpContext } from './context.ts';
import { createUser } from './user-create.ts';

function detail(ctx: OpContext, a: OpAccount) {
  const plan = ctx.state.plans.get(a.planId) ?? null;
  const domains = ctx.state.domainsOf(a);
  return {
    user: { id: a.id, username: a.username, email: a.email, owner: 'admin', twofa_enabled: 0, registered_date: new Date(a.registered).toISOString(), server: 'default' },
    plan,
    domains: domains.map((d) => ({ domain_id: d.domain_id, docroot: d.docroot, domain_url: d.domain_url, php_version: d.php_version })),
    sites: [],
    disk_usage: {},
  };
}

/** Accounts (openpanel.md §3). */
export function userRoutes(router: Router, ctx: OpContext): void {
  const { state } = ctx;
  // The quota report (§10.9): every Linux user with a quota record under its plain name,
  // suspended accounts and rowless leftovers included; empty where disk quotas are off.
  router.get('/api/usage/disk', adminOnly(ctx, () =>
    json(200, Object.fromEntries(ctx.options.diskQuotas ? [...state.linuxUsers].sort().map((u) => [u, { diskusage: 0, disklimit: 0, inodesusage: 0, inodeslimit: 0, bwusage: 0, bwlimit: 0 }]) : [])),
  ));
  router.get('/api/users', adminOnly(ctx, () => json(200, { users: ctx.options.listUsers ? [...state.accounts.values()].map((a) => ({ username: a.username, email: a.email, plan_name: state.plans.get(a.planId)?.name ?? '' })) : [] })));

  const create = createUser(ctx);
  router.post('/api/users', adminOnly(ctx, create));
  router.post('/api/users/:ignored', adminOnly(ctx, create));

  // LIMIT 1 over the suffix match, in name order (§10.2): `ob` may read as a suspended `bob`.
  router.get('/api/users/:username', adminOnly(ctx, (req) => {
    const a = state.lookup(req.params.username ?? '');
    return a ? json(200, { user: detail(ctx, a) }) : err(404, 'User not found');
  }));

  router.patch('/api/users/:username', adminOnly(ctx, (req) => {
    const b = jsonBody(req);
    if (!b) return err(400, 'Invalid JSON format');
    const name = (req.params.username ?? '').toLowerCase();
    const a = state.exact(name);
    // A non-empty password wins; unknown or suspended accounts get 201 and no change (§3.4).
    if (typeof b.password === 'string' && b.password !== '') {
      if (passwordScore(b.password) < ctx.options.passwordStrength) return cliFailure('Error executing command: exit status 1');
      if (a) state.setPassword(a, b.password);
      return created(`Successfully changed password for user ${name}`);
    }
    if (b.action === undefined) return err(400, 'Something went wrong..');
    if (b.action === 'suspend') {
      // Unknown or already suspended: opencli exits 1 (§9).
      if (!a) return cliFailure('Error suspending user: exit status 1');
      state.rename(a, `${state.suspendedPrefix()}${a.plain}`);
      for (const d of state.domainsOf(a)) Object.assign(d, { savedVhost: true, serving: 'suspended-page' });
      return created(`User '${name}' suspended successfully.`);
    }
    if (b.action === 'unsuspend') {
      // One UPDATE renames every suspended row the pattern matches to the plain name: two rows,
      // or an active row already named so, break the unique key and nothing changes (§10.6).
      // One foreign row alone takes the name, keeping its own home (§10.7).
      const rows = state.unsuspendRows(name);
      if (rows.length === 0 || rows.length > 1 || state.exact(name)) return cliFailure('Error unsuspending user: exit status 1');
      const row = rows[0] as OpAccount;
      state.rename(row, name);
      // Every saved vhost is copied back: domains suspended on their own go live too (§9).
      for (const d of state.domainsOf(row)) if (d.savedVhost) d.serving = 'site';
      return created(`User '${name}' unsuspended successfully.`);
    }
    return err(400, 'Invalid action, only suspend and unsuspend are allowed.');
  }));

  router.put('/api/users/:username', adminOnly(ctx, (req) => {
    const b = jsonBody(req);
    const planName = b?.plan_name;
    if (typeof planName !== 'string' || planName === '') return err(400, 'Missing username or plan name.');
    const a = state.exact(req.params.username ?? '');
    const plan = state.planByName(planName);
    if (!a || !plan) return cliFailure('Error changing plan for user: exit status 1');
    const from = state.plans.get(a.planId)?.name ?? '';
    a.planId = plan.id;
    return created(`Plan changed successfully for user ${a.plain} from ${from} to ${plan.name}`);
  }));

  router.delete('/api/users/:username', adminOnly(ctx, (req) => {
    if (req.contentType !== 'application/json') return err(400, 'Invalid JSON format');
    const name = (req.params.username ?? '').toLowerCase();
    const rows = state.matching(name);
    // user-delete picks one row (exact first, else the LIKE branch in id order, §10.3), deletes
    // its domains, then every matched row, then the picked row's home and Linux user.
    const picked = deletePick(rows, name);
    if (!picked) return cliFailure('Error executing command: exit status 1');
    state.deleteDomainsOf(picked);
    // A matched row that still owns a domain fails the foreign key: every row survives (§10.4).
    if (!rows.some((r) => state.domainsOf(r).length > 0)) for (const row of rows) state.deleteRow(row);
    state.linuxUsers.delete(picked.context);
    return created(`User ${name} deleted successfully.`);
  }));
}
