-- What the static pages show changes with every published interaction (new, edited, approved,
-- removed). Triggers count those changes in the same transaction, so a static host's deploy hook
-- can be called after new published interactions without anyone remembering them in memory.
-- deployed is the count the last successful deploy hook call covered.
CREATE TABLE page_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  changes INTEGER NOT NULL DEFAULT 0,
  deployed INTEGER NOT NULL DEFAULT 0,
  hook_called_at TEXT,
  last_error TEXT
);
INSERT INTO page_changes (id) VALUES (1);

CREATE TRIGGER page_changes_on_insert AFTER INSERT ON interactions
WHEN NEW.status = 'published'
BEGIN
  UPDATE page_changes SET changes = changes + 1 WHERE id = 1;
END;

CREATE TRIGGER page_changes_on_update AFTER UPDATE ON interactions
WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
  UPDATE page_changes SET changes = changes + 1 WHERE id = 1;
END;

CREATE TRIGGER page_changes_on_delete AFTER DELETE ON interactions
WHEN OLD.status = 'published'
BEGIN
  UPDATE page_changes SET changes = changes + 1 WHERE id = 1;
END;
