-- Many instances, one database.

-- The webhook outbox fills while some instance that delivers webhooks says so: each instance with
-- PARLEY_WEBHOOK_URL keeps pushing webhook_until a few minutes ahead, and an instance without one
-- leaves it alone. Before, every start wrote webhook_enabled, so the instance started last decided
-- for all (one without a URL turned deliveries off for the one that had it).
DROP TRIGGER webhook_on_publish;
DROP TRIGGER webhook_on_approve;
DELETE FROM settings WHERE key = 'webhook_enabled';

CREATE TRIGGER webhook_on_publish AFTER INSERT ON interactions
WHEN NEW.status = 'published' AND (SELECT value FROM settings WHERE key = 'webhook_until') > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER webhook_on_approve AFTER UPDATE OF status ON interactions
WHEN NEW.status = 'published' AND OLD.status != 'published' AND (SELECT value FROM settings WHERE key = 'webhook_until') > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- Requests at once to one host, counted across every process that sends Webmentions (API
-- instances answering from /admin, `parley webmentions send` runs): a slot is a row claimed with a
-- lease, so a process that dies frees its slots when the lease runs out.
CREATE TABLE host_slots (
  host TEXT NOT NULL,
  slot INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  PRIMARY KEY (host, slot)
) WITHOUT ROWID;
