import type { PanelConfig, PanelType } from '../contract/panel.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { DiagnosticAt, RawObject } from './documents-to-objects.ts';

/**
 * The Panel an object belongs to: the one its `metadata.panel` names (of its type), or the only
 * Panel of its type. Anything else is reported at the object's document.
 */
export function resolvePanel(raw: RawObject, panels: readonly PanelConfig[], report: DiagnosticAt): PanelConfig | undefined {
  const type: PanelType = raw.provider.type;
  const metaPath = ['metadata', 'panel'];
  if (raw.panel !== undefined) {
    const panel = panels.find((p) => p.name === raw.panel);
    if (!panel) report(raw.doc, metaPath, `panel "${raw.panel}" is not defined (defined: ${panels.map((p) => p.name).join(', ') || 'none'})`);
    else if (panel.type !== type) report(raw.doc, metaPath, `panel "${raw.panel}" is of type ${panel.type}, but ${raw.provider.apiVersion} objects need a ${type} panel`);
    else return panel;
    return undefined;
  }
  const candidates = panels.filter((p) => p.type === type);
  if (candidates.length === 1) return candidates[0];
  report(
    raw.doc,
    ['metadata'],
    candidates.length === 0
      ? `no Panel of type ${type} is defined for this ${raw.kind.kind}`
      : `metadata.panel is required: ${candidates.length} panels of type ${type} exist (${candidates.map((p) => p.name).join(', ')})`,
  );
  return undefined;
}

/** One Panel per name: a later one of the same name is an error naming the first, and is dropped. */
export function checkDuplicatePanels(panels: PanelConfig[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, PanelConfig>();
  for (let i = 0; i < panels.length; i++) {
    const p = panels[i];
    if (!p) continue;
    const first = seen.get(p.name);
    if (first) {
      diagnostics.push({ severity: 'error', ...p.source, pointer: '/metadata/name', message: `duplicate Panel "${p.name}" (first defined at ${first.source.file}:${first.source.line})` });
      panels.splice(i--, 1);
    } else seen.set(p.name, p);
  }
}
