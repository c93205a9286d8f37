-- Webmentions to send about a reply: one row per (reply, page it answers), written in the same
-- transaction as the reply, so a crash cannot lose the notification. A worker claims a row with a
-- lease, waits until the reply is on its public page (the receiver will fetch it there), sends,
-- and keeps the outcome; each send is also recorded in outgoing_webmentions.
CREATE TABLE reply_webmentions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  target TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (interaction_id, target)
);
CREATE INDEX reply_webmentions_due ON reply_webmentions (status, next_attempt_at);
