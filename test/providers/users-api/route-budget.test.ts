import { afterEach, describe, expect, it } from 'vitest';
import { startUsersApiEmulator, type UsersApiEmulator } from '../../../controller/emulators/users-api/index.ts';
import { PanelHttp } from '../../../controller/providers/http.ts';
import { UsersApi } from '../../../controller/providers/users-api/client.ts';
import { RouteBudget } from '../../../controller/providers/users-api/route-budget.ts';

describe('Users API route budget (Flute throttle, users-api.md §7)', () => {
  let emu: UsersApiEmulator;
  afterEach(() => emu.close());
  const client = (budget: RouteBudget) =>
    new UsersApi(new PanelHttp({ panel: 'ua', baseUrl: emu.url, concurrency: 4, requestsPerSecond: 0, timeoutMs: 5000 }), 'sandbox-users-api-key', budget);

  it('keeps each route within the budget, so the panel never has to answer 429', async () => {
    emu = await startUsersApiEmulator({ compat: 'flute', rateLimit: { requests: 3, windowMs: 200 } });
    emu.seedUsers(2);
    const api = client(new RouteBudget({ requests: 3, windowMs: 200 }));
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, () => api.fluteUser(1)));
    await Promise.all([api.fluteUsers(), api.fluteUsers(), api.fluteUsers()]);
    expect(emu.throttled()).toBe(0);
    // 9 reads of one route at 3 per 200 ms take two more windows; the list route has its own budget.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(emu.counters.get('GET', '/api/users/:id(\\d+)')).toBe(9);
  });

  it('waits out a stricter panel than the budget expects instead of failing', async () => {
    emu = await startUsersApiEmulator({ compat: 'flute', rateLimit: { requests: 2, windowMs: 150 } });
    emu.seedUsers(2);
    const api = client(new RouteBudget({ requests: 60, windowMs: 60_000 }));
    const users = await Promise.all(Array.from({ length: 8 }, () => api.fluteUser(2)));
    expect(users.every((u) => u.login === 'member2')).toBe(true);
    expect(emu.throttled()).toBeGreaterThan(0);
  });
});
