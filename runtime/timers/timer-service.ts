// Durable timers (DESIGN §6): a timer only turns into a message on its actor's
// shard stream when due. Job ids are derived from (address, timer id, arming
// version), so arming the same timer twice makes one job; the actor's own list
// of pending timers drops any fire that is no longer wanted.
import { encodeEnvelope, type Envelope } from '../envelope.ts';

export interface TimerJob {
  readonly jobId: string;
  readonly shard: number;
  /** The fire message, encoded. */
  readonly body: string;
  readonly due: number;
}

export interface TimerService {
  readonly description: string;
  arm(job: TimerJob): Promise<void>;
  cancel(jobId: string): Promise<void>;
  close(): Promise<void>;
}

export function timerJobId(address: string, timerId: string, seq: number): string {
  // BullMQ refuses ':' in custom ids; addresses are full of them.
  return encodeURIComponent(`${address}|${timerId}|${seq}`);
}

export function timerFireEnvelope(address: string, timerId: string, seq: number): Envelope {
  return {
    id: `timer:${address}:${timerId}:${seq}`,
    to: address,
    event: { type: 'xstate.timer' },
    timer: { id: timerId, seq },
  };
}

export function timerJob(address: string, shard: number, timer: { id: string; seq: number; due: number }): TimerJob {
  return {
    jobId: timerJobId(address, timer.id, timer.seq),
    shard,
    body: encodeEnvelope(timerFireEnvelope(address, timer.id, timer.seq)),
    due: timer.due,
  };
}
