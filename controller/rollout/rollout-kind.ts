import type { DiagnosticAt } from '../manifest/documents-to-objects.ts';
import { PANEL_API_VERSION } from '../manifest/panel-kind.ts';
import { durationSchema, objectSchema, panelopsDocumentSchema } from '../manifest/schema-fragments.ts';
import { parseDurationSeconds } from '../manifest/units.ts';
import type { SchemaValidator } from '../manifest/validator.ts';
import type { SourceDocument } from '../manifest/yaml-documents.ts';

/** A label selector as Kubernetes spells it: every listed label must match. `{}` selects every panel. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
}

/** The Rollout document (published as schemas/Rollout.json): panels in waves, the first wave first. */
export const rolloutDocumentSchema: Record<string, unknown> = panelopsDocumentSchema(
  PANEL_API_VERSION,
  'Rollout',
  objectSchema(
    {
      waves: {
        type: 'array',
        minItems: 1,
        description: 'Waves in order. A panel belongs to the first wave that selects it; panels no wave selects form a last wave, "rest".',
        items: objectSchema(
          {
            name: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'Shown in output, /status and notifications.' },
            selector: objectSchema({ matchLabels: { type: 'object', additionalProperties: { type: 'string' }, description: 'Panel labels (metadata.labels) that must all match.' } }, []),
          },
          ['name', 'selector'],
        ),
      },
      pause: durationSchema('How long the controller waits after a wave checks out before it starts the next (default 0).'),
    },
    ['waves'],
  ),
);

export interface RolloutConfig {
  name: string;
  waves: Array<{ name: string; selector: LabelSelector }>;
  pauseSeconds: number;
  /** Where the document is, for messages. */
  at: string;
}

interface RawRollout {
  metadata: { name: string };
  spec: { waves: Array<{ name: string; selector: LabelSelector }>; pause?: string | number };
}

/** Validates a Rollout document; a second one in the same manifests is refused (which order would win?). */
export function buildRollout(doc: SourceDocument, validator: SchemaValidator, report: DiagnosticAt, existing: RolloutConfig | undefined): RolloutConfig | undefined {
  const issues = validator.validate(rolloutDocumentSchema, doc.value);
  for (const issue of issues) report(doc, issue.path, issue.message);
  if (issues.length > 0) return existing;
  const raw = doc.value as RawRollout;
  if (existing) {
    report(doc, ['kind'], `a second Rollout "${raw.metadata.name}": the manifests may hold one (the first is "${existing.name}" at ${existing.at})`);
    return existing;
  }
  const names = new Set<string>();
  raw.spec.waves.forEach((w, i) => {
    if (names.has(w.name)) report(doc, ['spec', 'waves', i, 'name'], `duplicate wave "${w.name}"`);
    names.add(w.name);
  });
  return { name: raw.metadata.name, waves: raw.spec.waves, pauseSeconds: raw.spec.pause === undefined ? 0 : parseDurationSeconds(raw.spec.pause), at: `${doc.file}:${doc.position([]).line}` };
}
