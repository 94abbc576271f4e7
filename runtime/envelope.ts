// The message format on the shard streams, and its pure decoder (a bad entry is
// reported, never thrown past the consumer loop — STYLE.md 7).
import { z } from 'zod';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';

/** Largest accepted message body; bigger bodies are refused before parsing. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const eventSchema = z.looseObject({ type: z.string().min(1).max(64) });

const envelopeSchema = z.object({
  id: z.string().min(1).max(300),
  to: z.string().min(3).max(240),
  event: eventSchema,
  from: z.string().max(240).optional(),
  replyTo: z.string().max(200).optional(),
  corr: z.string().max(100).optional(),
  // `now`: fired by hand ahead of its due time (ops console); the event takes effect now, not at `due`.
  timer: z.object({ id: z.string().max(300), seq: z.number().int().nonnegative(), now: z.literal(true).optional() }).optional(),
  /** The actor version the sender saw (ops console): refused with RUNTIME_VERSION_MOVED when the actor has moved on. */
  expect: z.number().int().nonnegative().optional(),
});

export type RuntimeEvent = z.infer<typeof eventSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

export type Decoded = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly error: RuntimeError };

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

/**
 * The body of a message a client is about to send, refused here (a
 * RuntimeError the caller gets) when the node would refuse it on arrival
 * (decodeEnvelope): too large, or holding a NUL. Sent anyway, it would only
 * become a dead letter and the caller would wait out its timeout.
 */
export function encodeForSending(envelope: Envelope): string {
  const body = encodeEnvelope(envelope);
  const refused = refusedBody(body);
  if (refused) throw refused;
  return body;
}

function refusedBody(body: string): RuntimeError | null {
  if (body.length > MAX_MESSAGE_BYTES) return new RuntimeError(RuntimeErrorCodes.MESSAGE_TOO_LARGE, `message of ${body.length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  // PostgreSQL's jsonb cannot hold U+0000, and the message log goes there as jsonb.
  if (body.includes('\\u0000')) return new RuntimeError(RuntimeErrorCodes.MALFORMED_MESSAGE, 'message contains a NUL character');
  return null;
}

export function decodeEnvelope(body: string): Decoded {
  const refused = refusedBody(body);
  if (refused) return { ok: false, error: refused };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: new RuntimeError(RuntimeErrorCodes.MALFORMED_MESSAGE, 'message is not JSON') };
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: new RuntimeError(RuntimeErrorCodes.MALFORMED_MESSAGE, `message ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`),
    };
  }
  return { ok: true, envelope: parsed.data };
}
