/** Where the controller reads manifests from: a directory, or a git branch. */
export interface ManifestSource {
  /** For logs and /status, without credentials. */
  readonly description: string;
  /** Brings the manifests up to date; returns their directory, revision and the root that paths are shown relative to. */
  sync(): Promise<{ dir: string; revision: string; root?: string }>;
  /** Calls `onChange` when the source may have moved (a file changed; not used for git). */
  watch(onChange: () => void): void;
  close(): Promise<void>;
}
