// Reading numbers out of query strings and bodies, with a coded error that
// names the parameter.
import { OpsError, OpsErrorCodes } from '../errors.ts';

/** A whole number ≥ 0 from a query parameter, or the fallback when absent. */
export function integer(value: string | null | undefined, name: string, fallback?: number): number {
  if (value === null || value === undefined || value === '') {
    if (fallback === undefined) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `"${name}" is required`);
    return fallback;
  }
  if (!/^\d{1,15}$/.test(value)) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `"${name}" must be a whole number ≥ 0, got "${value.slice(0, 40)}"`);
  return Number(value);
}

/** The actor version a change says it is based on (`expect`), if it says. */
export function basedOn(body: unknown): number | undefined {
  const expect = (body as { expect?: unknown } | null)?.expect;
  if (expect === undefined || expect === null || expect === '') return undefined;
  const value = typeof expect === 'string' && /^\d{1,15}$/.test(expect) ? Number(expect) : expect;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new OpsError(OpsErrorCodes.BAD_REQUEST, '"expect" must be the actor version the change is based on');
  return value;
}
