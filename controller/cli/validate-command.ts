import { EXIT, type ExitCode } from './exit-codes.ts';
import { loadOrFail, type Runtime } from './runtime.ts';
import { untrustedChange, type TrustOptions } from './trust-options.ts';

/** Schemas and the references the manifests settle alone; no panel is contacted. */
export async function validateCommand(rt: Runtime, dir: string, trust: TrustOptions = {}): Promise<ExitCode> {
  // Like `terraform validate`: an unset variable is fine here (a fork's pull request has no
  // secrets); plan and apply resolve every reference.
  const set = await loadOrFail(rt, dir, untrustedChange(trust), true);
  const open = set.openReferences.length;
  rt.stdout.write(
    `${set.files.length} file(s), ${set.panels.length} panel(s), ${set.objects.length} object(s): valid.` +
      (open ? ` ${open} reference(s) to objects that may exist only on a panel are checked by plan.` : '') +
      '\n',
  );
  return EXIT.ok;
}
