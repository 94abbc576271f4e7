// Preloaded (node --import) into a process under test: once the process is
// serving (its /healthz on PORT answers) and REJECT_AFTER_MS more have passed,
// a promise rejects with nothing to handle it, as a bug would. Waiting for the
// port, not a fixed delay: a start slower than the delay (a busy CI machine)
// would otherwise meet the rejection before it serves.
const port = Number(process.env.PORT ?? 3000);
const after = Number(process.env.REJECT_AFTER_MS ?? 1000);

async function serving() {
  for (;;) {
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

void serving().then(() => setTimeout(() => void Promise.reject(new Error('a rejection nothing handles')), after));
