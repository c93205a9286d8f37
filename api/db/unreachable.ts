/**
 * Telling an unreachable database from one that answered with an error, for the build: only an
 * unreachable one lets the build go on without conversations (the documented fallback).
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'HRANA_WEBSOCKET_ERROR',
]);

/**
 * True when an error says the database could not be reached at all (refused, unresolvable, timed
 * out, a file that cannot be opened), as opposed to a database that answered with an error (a bad
 * query, a refused token). The build ships without conversations only in the first case.
 */
export function isUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
    if (current.message === 'fetch failed' || current.message.startsWith('ConnectionFailed(')) return true;
  }
  return false;
}

/** Set once per build process, whichever part of the build (integration hook or page) noticed first. */
const NOTICED = Symbol.for('parley.build.databaseUnreachable');
type Flagged = typeof globalThis & { [NOTICED]?: boolean };

/** Whether this build already found the database unreachable (and said so). */
export function unreachableThisBuild(): boolean {
  return (globalThis as Flagged)[NOTICED] === true;
}

/**
 * Records that the build cannot reach the database and prints the one line that says so; later
 * calls print nothing, so a build log carries exactly one such line.
 */
export function noteUnreachable(url: string, error: unknown, print: (line: string) => void = console.warn): void {
  if (unreachableThisBuild()) return;
  (globalThis as Flagged)[NOTICED] = true;
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  print(
    `[parley] WARNING: database ${url.split('?')[0]} is unreachable (${reason}): building without conversations; each page's script will load its conversation, and npm start syncs the post list.`,
  );
}
