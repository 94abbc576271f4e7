// V8 CPU profiles of a bench process over a window of its run, through the
// inspector: started when the window opens, written to a file when it closes.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts a CPU profile of this process; hand the session to stopCpuProfile. */
export async function startCpuProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

/** Stops the profile and writes it to `file` (a .cpuprofile, for Chrome DevTools). */
export async function stopCpuProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}
