import { rolloutSummary } from '../rollout/rollout-report.ts';
import type { ControllerStatus } from './status.ts';

type PanelStatus = ControllerStatus['panels'][string];
type Tone = 'ok' | 'warn' | 'bad';

/**
 * The controller's read-only status page (`GET /`): every panel with its state, drift and
 * pending changes per kind, the failing ones with their error, and the last applies. One
 * server-rendered document with its style inline: no script, no external asset (its
 * Content-Security-Policy forbids them), nothing but what /status already shows, which holds
 * no secret (errors are redacted where they are made).
 */
export function renderStatusPage(status: ControllerStatus, now = new Date()): string {
  const panels = Object.entries(status.panels).sort(([a], [b]) => a.localeCompare(b));
  const last = status.lastReconcile;
  const unbuilt = Object.entries(status.notifiers ?? {}).filter(([, n]) => !n.ready);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>panelops status</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>panelops</h1>
<p class="meta">${esc(status.source)} · replica <b>${esc(status.replica ?? '')}</b> · revision <code>${esc(status.revision ?? 'none yet')}</code>${status.lastGoodRevision && status.lastGoodRevision !== status.revision ? ` (last good <code>${esc(status.lastGoodRevision)}</code>)` : ''}</p>
<p class="meta">${last ? `Last reconcile ${badge(last.result, last.result === 'succeeded' ? 'ok' : last.result === 'blocked' ? 'warn' : 'bad')} ${ago(last.at, now)} (${esc(last.reason)}, ${last.seconds.toFixed(1)} s)` : 'No reconcile yet'}${status.consecutiveFailures ? ` · ${status.consecutiveFailures} failed in a row` : ''}</p>
</header>
${status.errors.length ? section('Errors of this revision', `<ul class="errors">${status.errors.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>`) : ''}
${section(`Panels (${panels.length})`, panels.length ? table(['panel', 'state', 'mode', 'held by', 'drift and pending changes', 'last apply', 'last success'], panels.map(([name, p]) => panelRow(name, p, status, now))) : '<p>No panel planned yet.</p>')}
${panels.some(([, p]) => p.error || p.guards.length) ? section('Failing panels', `<ul class="errors">${panels.filter(([, p]) => p.error || p.guards.length).map(([name, p]) => `<li><b>${esc(name)}</b>: ${esc(p.error ?? p.guards.join('; '))}</li>`).join('')}</ul>`) : ''}
${status.rollout ? section(`Rollout ${status.rollout.rollout}`, `${status.rollout.stoppedAt ? `<ul class="errors"><li>${esc(rolloutSummary(status.rollout) ?? '')}</li></ul>` : ''}${table(['wave', 'panels', 'state'], status.rollout.waves.map((w) => [esc(w.name), esc(w.panels.join(', ')), badge(w.state, w.state === 'failed' ? 'bad' : w.state === 'not started' ? 'warn' : 'ok')]))}`) : ''}
${section('Last applies', status.applies?.length ? table(['when', 'panel', 'revision', 'succeeded', 'failed', 'skipped'], status.applies.map((a) => [ago(a.at, now), esc(a.panel), `<code>${esc(a.revision)}</code>`, String(a.succeeded), a.failed ? badge(String(a.failed), 'bad') : '0', String(a.skipped)])) : '<p>Nothing applied since this replica started.</p>')}
${status.history?.length ? section('History', table(['when', 'object', 'action', 'result', 'revision', 'by'], status.history.map((h) => [ago(h.at, now), `${esc(h.panel)}:${esc(h.kind)}/${esc(h.key)}`, esc(h.cause === 'heal' ? `${h.action} (drift healed)` : h.action), h.result === 'succeeded' ? 'ok' : badge(h.result, 'bad'), `<code>${esc((h.revision ?? '').slice(0, 12))}</code>`, esc(h.author ?? h.actor)]))) : ''}
${unbuilt.length ? section('Notifiers not built', `<ul class="errors">${unbuilt.map(([name, n]) => `<li><b>${esc(name)}</b>: ${esc(n.error ?? '')}</li>`).join('')}</ul>`) : ''}
<footer>Read-only. The same data as JSON: <a href="/status">/status</a> · metrics: <a href="/metrics">/metrics</a></footer>
</body>
</html>
`;
}

function panelRow(name: string, p: PanelStatus, status: ControllerStatus, now: Date): string[] {
  const [label, tone] = stateOf(p);
  const kinds = Object.entries(p.kinds ?? {}).map(([kind, actions]) => `${esc(kind)}: ${Object.entries(actions).map(([a, n]) => `${n} ${esc(a)}`).join(', ')}`);
  const wrote = p.applied && p.applied.succeeded + p.applied.failed > 0;
  const applied = p.applied && wrote ? `${p.applied.succeeded} ok${p.applied.failed ? `, ${p.applied.failed} failed` : ''}${p.applied.skipped ? `, ${p.applied.skipped} skipped` : ''}` : '';
  return [`<b>${esc(name)}</b>`, badge(label, tone), esc(p.mode), esc(status.leases?.[name] ?? status.replica ?? ''), kinds.join('<br>') || '—', applied || '—', p.lastSuccessAt ? ago(p.lastSuccessAt, now) : 'never'];
}

/** One word for a panel: in sync, or why not. */
function stateOf(p: PanelStatus): [string, Tone] {
  const pending = Object.values(p.changes).reduce((a, b) => a + b, 0);
  if (p.error) return ['not observed', 'bad'];
  if (p.guards.length) return ['blocked', 'bad'];
  if (p.applied?.failed) return ['apply failed', 'bad'];
  if (pending === 0) return ['in sync', 'ok'];
  if (p.mode === 'observe') return ['out of sync', 'warn'];
  if (p.applied && p.applied.succeeded === pending) return ['in sync (applied)', 'ok'];
  return ['pending', 'warn'];
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  const text = seconds < 90 ? `${seconds} s ago` : seconds < 5400 ? `${Math.round(seconds / 60)} min ago` : `${Math.round(seconds / 3600)} h ago`;
  return `<time datetime="${esc(iso)}" title="${esc(iso)}">${text}</time>`;
}

const section = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
const badge = (text: string, tone: Tone) => `<span class="badge ${tone}">${esc(text)}</span>`;
const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2330;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.meta{margin:2px 0;color:#4a5365}code{font:12px ui-monospace,monospace;background:#eceff3;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e7}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e7eaee;vertical-align:top}th{background:#eef1f5;font-weight:600}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.ok{background:#dcf3e3;color:#17623a}.warn{background:#fdf0cf;color:#7a5300}.bad{background:#fbdcdc;color:#8e1c1c}
ul.errors{background:#fff;border:1px solid #f0c9c9;padding:8px 8px 8px 28px;margin:0}ul.errors li{margin:2px 0}
footer{margin-top:24px;color:#6b7385;font-size:12px}`;
