-- Where an imported interaction came from: the system (wordpress, disqus, webmention.io, parley)
-- and its id there. Both NULL for everything Parley received itself. The unique index is what
-- makes an import idempotent: a rerun finds every item it already stored.
ALTER TABLE interactions ADD COLUMN import_source TEXT;
ALTER TABLE interactions ADD COLUMN import_id TEXT;
CREATE UNIQUE INDEX interactions_by_import ON interactions (import_source, import_id) WHERE import_source IS NOT NULL;

-- Imported rows never enter an outbox: they were announced, answered and notified years ago on
-- the system they came from. Every outbox trigger checks NEW.import_source IS NULL.
DROP TRIGGER webhook_on_publish;
CREATE TRIGGER webhook_on_publish AFTER INSERT ON interactions
WHEN NEW.status = 'published' AND NEW.import_source IS NULL AND (SELECT value FROM settings WHERE key = 'webhook_until') > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

DROP TRIGGER webhook_on_approve;
CREATE TRIGGER webhook_on_approve AFTER UPDATE OF status ON interactions
WHEN NEW.status = 'published' AND OLD.status != 'published' AND NEW.import_source IS NULL AND (SELECT value FROM settings WHERE key = 'webhook_until') > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
BEGIN
  INSERT INTO webhook_deliveries (interaction_id, event, next_attempt_at, created_at)
  VALUES (NEW.id, 'interaction.published', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
