-- Received Webmentions: one row per (source, target). A re-sent pair is re-queued, not duplicated.
CREATE TABLE webmentions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- the unguessable part of the status URL
  token TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  post_slug TEXT NOT NULL REFERENCES posts (slug),
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'accepted', 'rejected', 'deleted')),
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  -- a claim is a lease: a worker that dies leaves the row to be claimed again when it expires
  lease_owner TEXT,
  lease_until TEXT,
  interaction_id INTEGER REFERENCES interactions (id),
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source, target)
);
CREATE INDEX webmentions_due ON webmentions (status, next_attempt_at);

-- The webmention source an interaction came from: one interaction per (post, source page).
ALTER TABLE interactions ADD COLUMN source_url TEXT;
CREATE UNIQUE INDEX interactions_by_source ON interactions (post_slug, source_url) WHERE source_url IS NOT NULL;
CREATE INDEX interactions_by_url ON interactions (url) WHERE url IS NOT NULL;
