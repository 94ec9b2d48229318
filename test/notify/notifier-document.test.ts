import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../controller/manifest/diagnostics.ts';
import { loadManifests } from '../../controller/manifest/load.ts';
import { defaultRegistry } from '../../controller/providers/index.ts';
import { marzbanPanel } from '../helpers/marzban-fixture.ts';
import { tempDir, writeFiles } from '../helpers/temp-dir.ts';

const notifier = (name: string, spec: string) => `apiVersion: panelops.io/v1
kind: Notifier
metadata: { name: ${name} }
spec:
${spec}
`;

async function load(docs: string[], env: Record<string, string> = {}, untrusted = false) {
  const dir = await tempDir();
  await writeFiles(dir.path, { 'm/notifiers.yaml': docs.join('---\n'), 'trusted/panel.yaml': marzbanPanel() });
  const panelEnv = { MZ_URL: 'http://127.0.0.1:9', MZ_USER: 'admin', MZ_PASS: 'pass-1234' };
  const set = await loadManifests({ dir: join(dir.path, 'm'), registry: defaultRegistry(), env: { ...panelEnv, ...env }, ...(untrusted ? { untrusted: { trustedPanelsDir: join(dir.path, 'trusted') } } : {}) });
  await dir.cleanup();
  const lines = (severity: string) => set.diagnostics.filter((d) => d.severity === severity).map(formatDiagnostic).map((l) => l.slice(l.indexOf('notifiers.yaml')));
  return { notifiers: set.notifiers, errors: lines('error'), warnings: lines('warning'), unbuilt: set.unbuiltNotifiers };
}

describe('the Notifier document', () => {
  it('resolves secret refs and fills defaults (every event but revision-applied, every panel, 4h reminders)', async () => {
    const { notifiers, errors } = await load(
      [notifier('tg', '  type: telegram\n  telegram: { botToken: { env: TG }, chatId: -1001, threadId: 7 }'), notifier('hook', '  type: webhook\n  webhook: { url: { env: HOOK } }\n  events: [revision-applied]\n  panels: [eu-*]\n  remindAfter: 30m')],
      { TG: '123:abc-token', HOOK: 'https://hooks.example.com/x' },
    );
    expect(errors).toEqual([]);
    expect(notifiers[0]).toMatchObject({ name: 'tg', target: { type: 'telegram', botToken: '123:abc-token', chatId: '-1001', threadId: 7, apiUrl: 'https://api.telegram.org' }, panels: ['*'], remindAfterMs: 4 * 3600_000 });
    expect(notifiers[0]?.events).not.toContain('revision-applied');
    expect(notifiers[1]).toMatchObject({ target: { type: 'webhook', url: 'https://hooks.example.com/x' }, events: ['revision-applied'], panels: ['eu-*'], remindAfterMs: 30 * 60_000 });
  });

  it('reports every problem at file:line without quoting a secret', async () => {
    const { notifiers, errors, warnings, unbuilt } = await load(
      [
        notifier('a', '  type: slack\n  slack: { webhookUrl: https://hooks.slack.com/services/T/B/literal }'),
        notifier('b', '  type: slack\n  slack: { webhookUrl: { env: SLACK } }'),
        notifier('c', '  type: telegram\n  events: [everything]'),
        notifier('d', '  type: webhook\n  webhook: { url: { env: MISSING } }'),
        notifier('e', '  type: telegram'),
      ],
      { SLACK: 'not-a-url-but-a-secret' },
    );
    expect(notifiers).toEqual([]);
    expect(errors).toEqual([
      expect.stringMatching(/^notifiers\.yaml:6:\d+: \/spec\/slack\/webhookUrl: invalid value/),
      expect.stringMatching(/^notifiers\.yaml:20:\d+: \/spec\/events\/0: must be one of/),
      expect.stringMatching(/^notifiers\.yaml:3\d:\d+: \/spec: a telegram Notifier needs spec\.telegram$/),
    ]);
    // A secret that does not resolve here leaves its Notifier out, as a warning: the panels go on.
    expect(warnings).toEqual([
      expect.stringMatching(/^notifiers\.yaml:13:\d+: warning: \/spec\/slack\/webhookUrl: Notifier "b" is not built, nothing is sent through it \(everything else goes on\): the referenced value is not an http\(s\) URL$/),
      expect.stringMatching(/^notifiers\.yaml:27:\d+: warning: \/spec\/webhook\/url: Notifier "d" is not built, .*: environment variable MISSING is not set$/),
    ]);
    expect(unbuilt?.map((u) => u.name)).toEqual(['b', 'd']);
    expect([...errors, ...warnings].join('\n')).not.toContain('not-a-url-but-a-secret');
  });

  it('refuses two Notifiers of one name', async () => {
    const spec = '  type: webhook\n  webhook: { url: { env: HOOK } }';
    const { notifiers, errors } = await load([notifier('same', spec), notifier('same', spec)], { HOOK: 'https://h.example.com' });
    expect(notifiers).toHaveLength(1);
    expect(errors).toEqual([expect.stringMatching(/notifiers\.yaml:10:\d+: \/metadata\/name: duplicate Notifier "same"/)]);
  });

  it('checks an unreviewed change\'s Notifiers without reading their secrets', async () => {
    const spec = '  type: webhook\n  webhook: { url: { env: HOOK } }';
    expect(await load([notifier('pr', spec)], { HOOK: 'https://h.example.com' }, true)).toEqual({ notifiers: [], errors: [], warnings: [], unbuilt: [] });
    expect((await load([notifier('pr', '  type: webhook\n  colour: blue')], {}, true)).errors).toEqual([expect.stringMatching(/unknown field "colour"/)]);
  });
});
