/**
 * How much a manifest directory may hold before it is refused, read before any file is
 * parsed. The YAML parser keeps a node tree for positions: about 95 MiB of memory per MiB
 * of YAML (7.5 MB, 100,000 users: 712 MiB), so a 50 MB list ran out of heap. JSON needs
 * about 0.6 KiB per object (1,000,000 users: 646 MiB), which is why large fleets are JSON.
 */
export interface ManifestLimits {
  /** Largest YAML file (bytes). */
  yamlFileBytes: number;
  /** All YAML files together (bytes): each keeps its node tree while the run lasts. */
  yamlTotalBytes: number;
  /** Largest JSON file (bytes): below V8's largest string. */
  jsonFileBytes: number;
  /** Objects in all manifests together (a List counts its items). */
  objects: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = {
  yamlFileBytes: 8 * MiB,
  yamlTotalBytes: 24 * MiB,
  jsonFileBytes: 256 * MiB,
  objects: 1_000_000,
};

/** The variables that raise or lower a limit, named in the errors that enforce it. */
export const LIMIT_VARIABLES = {
  yamlFileBytes: 'PANELOPS_MAX_YAML_FILE_MB',
  yamlTotalBytes: 'PANELOPS_MAX_YAML_TOTAL_MB',
  jsonFileBytes: 'PANELOPS_MAX_JSON_FILE_MB',
  objects: 'PANELOPS_MAX_OBJECTS',
} as const satisfies Record<keyof ManifestLimits, string>;

/** The defaults, with any limit set in the environment (sizes in MiB); a value that is not a positive number is ignored. */
export function manifestLimitsFrom(env: NodeJS.ProcessEnv): ManifestLimits {
  const limits = { ...DEFAULT_MANIFEST_LIMITS };
  for (const key of Object.keys(LIMIT_VARIABLES) as (keyof ManifestLimits)[]) {
    const n = Number(env[LIMIT_VARIABLES[key]]);
    if (env[LIMIT_VARIABLES[key]] && Number.isFinite(n) && n > 0) limits[key] = key === 'objects' ? Math.floor(n) : Math.floor(n * MiB);
  }
  return limits;
}

export const inMiB = (bytes: number): string =>
  bytes < MiB ? `${Math.ceil(bytes / 1024)} KiB` : `${Math.round((bytes / MiB) * 10) / 10} MiB`;
