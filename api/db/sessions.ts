import type { Db } from './client.ts';

export interface Session {
  idHash: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(db: Db, session: Session, now = new Date()): Promise<void> {
  await db.batch(
    [
      // expired sessions are cleared whenever someone logs in, so the table stays small
      { sql: 'DELETE FROM sessions WHERE expires_at < ?', args: [now.toISOString()] },
      {
        sql: 'INSERT INTO sessions (id_hash, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?)',
        args: [session.idHash, session.csrfToken, now.toISOString(), session.expiresAt],
      },
    ],
    'write',
  );
}

/** A live session by the hash of its id; null when unknown, logged out or expired. */
export async function findSession(db: Db, idHash: string, now = new Date()): Promise<Session | null> {
  const result = await db.execute({
    sql: 'SELECT id_hash, csrf_token, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
    args: [idHash, now.toISOString()],
  });
  const row = result.rows[0];
  return row ? { idHash: String(row.id_hash), csrfToken: String(row.csrf_token), expiresAt: String(row.expires_at) } : null;
}

/** Ends a session for every instance that shares the database. */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM sessions WHERE id_hash = ?', args: [idHash] });
}
