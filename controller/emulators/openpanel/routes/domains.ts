import { json, type Router } from '../../kit/router.ts';
import { adminOnly, err, jsonBody, type OpContext } from './context.ts';

const outcome = (returncode: number, stdout: string, stderr = '') => json(200, { stdout, stderr, returncode });
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Domains (§5): writes always answer 200, the return code carries the outcome. */
export function domainRoutes(router: Router, ctx: OpContext): void {
  const { state } = ctx;
  router.get('/api/domains', adminOnly(ctx, () =>
    json(200, { domains: [...state.domains.values()].map((d) => ({ domain_id: d.domain_id, docroot: d.docroot, domain_url: d.domain_url, php_version: d.php_version, username: state.accounts.get(d.ownerId)?.username ?? '' })) }),
  ));
  router.post('/api/domains/new', adminOnly(ctx, (req) => {
    const b = jsonBody(req);
    if (!b) return err(500, 'Invalid JSON body');
    const username = typeof b.username === 'string' ? b.username : '';
    const domain = typeof b.domain === 'string' ? b.domain.toLowerCase() : '';
    if (!username || !domain) return err(400, 'username and domain are required');
    const docroot = typeof b.docroot === 'string' ? b.docroot : `/var/www/html/${domain}`;
    if (!docroot.startsWith('/var/www/html/')) return err(400, 'docroot must start with /var/www/html/');
    if (!DOMAIN.test(domain)) return outcome(1, '', `FATAL ERROR: Invalid domain name: ${domain}`);
    if (state.domains.has(domain)) return outcome(1, '', `ERROR: Domain ${domain} already exists.`);
    // The owner is found by its exact stored name: a suspended owner cannot take a domain (§9).
    const owner = state.exact(username);
    if (!owner) return outcome(1, '', `ERROR: User ${username} does not exist or is suspended.`);
    state.addDomain(owner, domain, docroot);
    return outcome(0, `Domain ${domain} added successfully.`);
  }));
  router.post('/api/domains/:action/:domain', adminOnly(ctx, (req) => {
    const action = (req.params.action ?? '').toLowerCase();
    const d = state.domains.get((req.params.domain ?? '').toLowerCase());
    if (!['suspend', 'unsuspend', 'delete'].includes(action)) return err(400, 'Invalid action. Use suspend, unsuspend, or delete');
    if (action === 'delete') {
      if (!d) return outcome(1, '', `ERROR: Domain ${req.params.domain ?? ''} does not exist.`);
      state.domains.delete(d.domain_url);
      return outcome(0, `Domain ${d.domain_url} deleted.`);
    }
    if (!d) return outcome(1, '', `ERROR: Domain ${req.params.domain ?? ''} does not exist.`);
    // Suspend saves the vhost and serves the suspended page; unsuspend copies the saved vhost
    // back and leaves it in place, so a later suspend is "already suspended" while the site
    // stays live (§9). rc 0 proves nothing.
    if (action === 'suspend') {
      if (d.savedVhost) return outcome(0, 'Domain is already suspended.');
      d.savedVhost = true;
      d.serving = 'suspended-page';
      return outcome(0, `Domain ${d.domain_url} suspended.`);
    }
    if (d.savedVhost) d.serving = 'site';
    return outcome(0, `Domain ${d.domain_url} unsuspended.`);
  }));
}
