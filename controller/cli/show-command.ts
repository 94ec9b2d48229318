import { readPlanFile } from '../engine/saved-plan.ts';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';
import { renderPlan, type PlanFormat } from './plan-output.ts';
import type { Runtime } from './runtime.ts';

/**
 * `panelops show PLANFILE`: a saved plan as text, Markdown or JSON, read from the file alone
 * (as `terraform show`). No manifest is loaded and no panel, state or lock is touched, so a
 * reviewer can read the plan a job saved without any credential.
 */
export async function showCommand(rt: Runtime, planFile: string, format: PlanFormat): Promise<ExitCode> {
  const plan = await readPlanFile(planFile).catch((err: Error) => Promise.reject(new CliError(err.message)));
  rt.stdout.write(renderPlan(plan, format, rt.color));
  return EXIT.ok;
}
