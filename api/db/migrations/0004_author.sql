-- Author sessions: the cookie holds the id, signed; the row holds only its hash, so a stolen
-- database cannot be replayed as a session. Deleting the row ends the session on every instance.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Blocked domains and people, managed from /admin (PARLEY_BLOCKED_DOMAINS adds to the domains).
CREATE TABLE blocks (
  kind TEXT NOT NULL CHECK (kind IN ('domain', 'person')),
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;

-- Webhook outbox: one row per interaction that became published, written by triggers in the same
-- transaction as the change, so no published interaction is missed and no reader waits on delivery.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  event TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TRIGGER webhook_on_publish AFTER INSERT ON interactions
WHEN NEW.status = 'published' AND (SELECT value FROM settings WHERE key = 'webhook_enabled') = '1'
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER webhook_on_approve AFTER UPDATE OF status ON interactions
WHEN NEW.status = 'published' AND OLD.status != 'published' AND (SELECT value FROM settings WHERE key = 'webhook_enabled') = '1'
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
