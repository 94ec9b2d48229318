import type { LaneAnswer, LaneApi } from './http.ts';

/**
 * What a real panel answers to one request, written down from the real server. A body is a
 * subset: every key given must be there with that value (arrays element by element, same
 * length); a function tests a value the panel makes up (ids, dates, tokens).
 */
export interface Expected {
  status: number;
  body?: unknown;
  /** For a validation error: exactly these field keys, whatever the wording (it differs by release). */
  detailKeys?: readonly string[];
}

export interface ProbeStep {
  method: string;
  path: string;
  body?: unknown;
  /** Replacing the adapter's headers: `{ authorization: '' }` calls with no credentials at all. */
  headers?: Record<string, string>;
  expect: Expected;
}

/** Sends one step, compares the answer and throws the first difference; returns the answer for later steps. */
export type Exchange = (step: ProbeStep) => Promise<LaneAnswer>;

export interface ProbeContext {
  prefix: string;
  version: string;
  api: LaneApi;
}

/** A request-by-request comparison: a short sequence of requests, each answer checked as the real panel gives it. */
export interface Probe {
  name: string;
  run(exchange: Exchange, ctx: ProbeContext): Promise<void>;
  /** Removes what the probe made even when it stopped at a difference (through `ctx.api`, unchecked). */
  cleanup?(ctx: ProbeContext): Promise<void>;
}

export class ProbeDifference extends Error {}

/** The first place `actual` differs from `expected`, or undefined. */
export function firstDifference(expected: unknown, actual: unknown, at = 'body'): string | undefined {
  if (typeof expected === 'function') return (expected as (v: unknown) => boolean)(actual) ? undefined : `${at}: ${show(actual)} is not ${expected.name || 'as expected'}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${show(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${at}.${k}: missing`;
      const d = firstDifference(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** How an answer differs from what the panel answers, or undefined. */
export function answerDifference(step: ProbeStep, answer: LaneAnswer): string | undefined {
  const where = `${step.method} ${step.path}`;
  if (answer.status !== step.expect.status) return `${where}: expected ${step.expect.status}, got ${answer.status} ${show(answer.body)}`;
  if (step.expect.detailKeys) {
    const detail = (answer.body as { detail?: unknown } | null)?.detail;
    const keys = detail && typeof detail === 'object' && !Array.isArray(detail) ? Object.keys(detail).sort() : undefined;
    if (JSON.stringify(keys) !== JSON.stringify([...step.expect.detailKeys].sort())) return `${where}: expected detail keys ${show(step.expect.detailKeys)}, got ${show(answer.body)}`;
  }
  if (step.expect.body !== undefined) {
    const d = firstDifference(step.expect.body, answer.body);
    if (d) return `${where}: ${d}`;
  }
  return undefined;
}

/** Runs a probe against a panel; throws a ProbeDifference naming the first request whose answer differs. */
export async function runProbe(probe: Probe, ctx: ProbeContext): Promise<number> {
  let sent = 0;
  const exchange: Exchange = async (step) => {
    const answer = await ctx.api.call(step.method, step.path, step.body, step.headers);
    sent++;
    const d = answerDifference(step, answer);
    if (d) throw new ProbeDifference(`request ${sent}: ${d}`);
    return answer;
  };
  try {
    await probe.run(exchange, ctx);
  } finally {
    await probe.cleanup?.(ctx);
  }
  return sent;
}
