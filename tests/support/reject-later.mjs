// Preloaded (node --import) into a process under test: once the process has
// had time to start, a promise rejects with nothing to handle it, as a bug
// would. REJECT_AFTER_MS says when.
setTimeout(() => void Promise.reject(new Error('a rejection nothing handles')), Number(process.env.REJECT_AFTER_MS ?? 3000));
