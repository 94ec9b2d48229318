import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretForms } from '../../controller/shared/redact.ts';
import { marzbanWorld, type MarzbanWorld } from '../helpers/marzban-fixture.ts';
import { startTamperingProxy, type TamperingProxy } from '../helpers/tampering-proxy.ts';

const ADMIN_PASSWORD = 'Reseller pass+ü/"42';
const PANEL_PASSWORD = 'sandbox-admin-pass';

/** Every spelling of what was sent, as a careless panel would put it in an error. */
const echoOf = (body: string, headers: Record<string, unknown> = {}) =>
  [body, encodeURIComponent(body), Buffer.from(body).toString('base64'), JSON.stringify(headers), JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)].join(' | ');

describe('secrets a panel echoes never reach output, logs or the plan (issue 13 point 7)', () => {
  let world: MarzbanWorld;
  let proxy: TamperingProxy;
  beforeAll(async () => {
    world = await marzbanWorld();
    proxy = await startTamperingProxy(world.emulator.url);
    world.env.MZ_URL = proxy.url;
    world.env.RESELLER_PASS = ADMIN_PASSWORD;
  });
  afterAll(async () => {
    await proxy.close();
    await world.close();
  });

  it('an object secret (an admin password) echoed in every form by a failed create', async () => {
    let echoed = 0;
    proxy.tamper = (req, answer) => {
      if (req.method !== 'POST' || req.path !== '/api/admin') return undefined;
      echoed += 1;
      return { status: 400, body: JSON.stringify({ detail: `cannot create ${echoOf(JSON.stringify({ username: 'reseller', password: ADMIN_PASSWORD }))} (${answer.status})` }) };
    };
    await world.write({ 'admins.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: Admin\nmetadata: { name: reseller }\nspec: { sudo: false, password: { env: RESELLER_PASS } }\n' });
    const applied = await world.apply();
    expect(echoed).toBeGreaterThan(0);
    expect(applied.code).toBe(1);
    const everything = applied.stdout + applied.stderr + applied.logs;
    expect(everything).toContain('[redacted]');
    for (const form of secretForms(ADMIN_PASSWORD)) expect(everything.includes(form), `output holds ${form}`).toBe(false);
  });

  it('the panel login password and the session token echoed by a failing list', async () => {
    let token = '';
    proxy.tamper = (req, answer) => {
      if (req.path === '/api/admin/token') token = (JSON.parse(answer.body) as { access_token: string }).access_token;
      if (req.method !== 'GET' || req.path !== '/api/users') return undefined;
      return { status: 400, body: JSON.stringify({ detail: `${echoOf(`username=admin&password=${PANEL_PASSWORD}`, { authorization: `Bearer ${token}` })}` }) };
    };
    await world.write({ 'u.yaml': 'apiVersion: marzban.panelops.io/v1\nkind: User\nmetadata: { name: echo_user }\nspec: { proxies: { vless: {} } }\n' });
    const plan = await world.plan({ format: 'json' });
    expect(token.length).toBeGreaterThan(10);
    expect(plan.code).toBe(1);
    const everything = plan.stdout + plan.stderr;
    expect(everything).toContain('[redacted]');
    for (const secret of [PANEL_PASSWORD, token]) for (const form of secretForms(secret)) expect(everything.includes(form), `output holds ${form}`).toBe(false);
  });
});
