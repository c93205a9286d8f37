-- Webmentions this site sends: one row per (source, target), the last outcome of that pair.
-- links_hash is the hash of the source's links when it was sent: a source is sent again only when
-- it changes. linked turns 0 once a removed link (or a gone source) has been notified.
CREATE TABLE outgoing_webmentions (
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  links_hash TEXT,
  linked INTEGER NOT NULL DEFAULT 1,
  endpoint TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'no_endpoint', 'rejected', 'unreachable', 'failed')),
  http_status INTEGER,
  -- the start of the endpoint's answer, or the error: why a send was refused
  response TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (source, target)
);
