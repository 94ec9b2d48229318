/** OpenPanel OpenAdmin JSON shapes (openpanel.md §3-§5). */

export interface WireAccountDetail {
  user: { id: number; username: string; email: string; owner?: string | null };
  plan: { id: number; name: string } | null;
  domains?: Array<{ domain_id: number; docroot: string; domain_url: string }>;
}

/** Limits come back the way opencli stores them: "10 GB", "1g", cpu "1". */
export interface WirePlan {
  id: number;
  name: string;
  description: string;
  domains_limit: number | string;
  websites_limit: number | string;
  email_limit: number | string;
  ftp_limit: number | string;
  disk_limit: number | string;
  inodes_limit: number | string;
  db_limit: number | string;
  cpu: number | string;
  ram: number | string;
  bandwidth: number | string;
  feature_set: string;
  max_email_quota?: number | string;
  max_hourly_email?: number | string;
}

export interface WireDomain {
  domain_id: number;
  docroot: string;
  domain_url: string;
  php_version?: string;
  username: string;
}

/** Domain writes answer HTTP 200 with the CLI's outcome in `returncode` (§5). */
export interface DomainOutcome {
  stdout: string;
  stderr: string;
  returncode: number;
}
