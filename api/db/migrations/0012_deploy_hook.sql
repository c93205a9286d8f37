-- The deploy hook's state, for a static host: which change to the pages (posts.change_seq, see
-- migration 0008: every change to a conversation numbers one) the last successful call covered, so
-- the hook is called after new published interactions without anyone remembering them in memory,
-- and at most once per interval across every instance.
CREATE TABLE deploy_hook (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  deployed INTEGER NOT NULL DEFAULT 0,
  covering INTEGER,
  hook_called_at TEXT,
  last_error TEXT
);
INSERT INTO deploy_hook (id) VALUES (1);
