// Reading numbers out of query strings and bodies, with a coded error that
// names the parameter; refusing query text no store can hold.
import { CONTROL_CHARACTER } from '../../runtime/address.ts';
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

/** OPS_BAD_REQUEST naming the first query parameter with a control character (PostgreSQL refuses U+0000 outright). */
export function checkQuery(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (CONTROL_CHARACTER.test(name) || CONTROL_CHARACTER.test(value)) throw new OpsError(OpsErrorCodes.BAD_REQUEST, `${JSON.stringify(name.slice(0, 40))} contains a control character`);
  }
}
