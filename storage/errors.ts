// Every error storage/ throws carries a stable `.code`; callers branch on it,
// never on message text (STYLE.md 5). Lua scripts return small numbers that are
// mapped to these codes in one place (scriptError below).

export const StorageErrorCodes = {
  /** The shard's lease epoch moved on: this node is no longer its owner. */
  FENCED: 'STORAGE_FENCED',
  /** A script replied with something the code does not know how to read. */
  BAD_SCRIPT_REPLY: 'STORAGE_BAD_SCRIPT_REPLY',
  /** A stored record could not be decoded. */
  CORRUPT_RECORD: 'STORAGE_CORRUPT_RECORD',
  /** A migration file failed or the migrations folder is inconsistent. */
  MIGRATION_FAILED: 'STORAGE_MIGRATION_FAILED',
  /** A schema name that cannot travel unquoted in search_path. */
  BAD_SCHEMA_NAME: 'STORAGE_BAD_SCHEMA_NAME',
  /** An argument breaks a storage function's contract (unsafe version, bad limit). */
  BAD_ARGUMENT: 'STORAGE_BAD_ARGUMENT',
} as const;

export type StorageErrorCode = (typeof StorageErrorCodes)[keyof typeof StorageErrorCodes];

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

/** Numeric error replies of storage/lua scripts (see each script's header). */
const scriptErrors: Record<number, StorageErrorCode> = {
  [-1]: StorageErrorCodes.FENCED,
};

export function scriptError(script: string, reply: number): StorageError {
  const code = scriptErrors[reply] ?? StorageErrorCodes.BAD_SCRIPT_REPLY;
  return new StorageError(code, `script ${script} refused with ${reply} (${code})`);
}
