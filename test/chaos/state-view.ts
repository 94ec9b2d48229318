import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** What the state says about one panel's kind: keys owned, and keys a journal intent would create. */
export interface StateView {
  owned: Set<string>;
  createIntents: Set<string>;
}

/** Read as an operator would look, from the state directory or the PostgreSQL state. */
export async function readStateView(panel: string, kind: string, where: { stateDir: string; stateUrl?: string | undefined }): Promise<StateView> {
  if (where.stateUrl) {
    const client = new pg.Client({ connectionString: where.stateUrl });
    await client.connect();
    try {
      const owned = await client.query<{ key: string }>('SELECT key FROM panelops_objects WHERE panel = $1 AND kind = $2', [panel, kind]);
      const intents = await client.query<{ key: string }>("SELECT key FROM panelops_journal WHERE panel = $1 AND kind = $2 AND action = 'create'", [panel, kind]);
      return { owned: new Set(owned.rows.map((r) => r.key)), createIntents: new Set(intents.rows.map((r) => r.key)) };
    } finally {
      await client.end();
    }
  }
  const text = (file: string) => readFile(join(where.stateDir, file), 'utf8').catch(() => '');
  const inventory = JSON.parse((await text(`${panel}.json`)) || '{"objects":{}}') as { objects: Record<string, unknown> };
  const owned = new Set(Object.keys(inventory.objects).filter((r) => r.startsWith(`${kind}/`)).map((r) => r.slice(kind.length + 1)));
  const createIntents = new Set<string>();
  for (const line of (await text(`${panel}.journal`)).split('\n')) {
    try {
      const e = JSON.parse(line) as { t?: string; op?: { kind: string; key: string; action: string } };
      if (e.t === 'intent' && e.op?.kind === kind && e.op.action === 'create') createIntents.add(e.op.key);
    } catch {
      // a cut last line
    }
  }
  return { owned, createIntents };
}
