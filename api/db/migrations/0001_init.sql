-- Posts the build has published. A post that leaves the site stays as 'gone' so its
-- conversation is kept and its URL can answer 410.
CREATE TABLE posts (
  slug TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  published TEXT NOT NULL,
  updated TEXT,
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'gone')),
  -- bumped with every change to the post's conversation: ETags and caches key on it
  version INTEGER NOT NULL DEFAULT 0,
  synced_at TEXT NOT NULL
);

-- Every comment, reply, reaction and mention, whatever its origin.
CREATE TABLE interactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  post_slug TEXT NOT NULL REFERENCES posts (slug),
  kind TEXT NOT NULL CHECK (kind IN ('comment', 'reply', 'like', 'repost', 'bookmark', 'mention')),
  origin TEXT NOT NULL CHECK (origin IN ('comment', 'webmention')),
  parent_id INTEGER REFERENCES interactions (id),
  author_name TEXT NOT NULL,
  author_url TEXT,
  author_photo TEXT,
  -- given by commenters for the author's eyes only: never shown, never returned
  author_email TEXT,
  is_owner INTEGER NOT NULL DEFAULT 0,
  content_html TEXT NOT NULL,
  content_text TEXT NOT NULL,
  -- the source page of a webmention; comments derive their permalink from the post URL
  url TEXT,
  published TEXT NOT NULL,
  updated TEXT,
  received TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('pending', 'published', 'spam', 'removed'))
);
CREATE INDEX interactions_by_post ON interactions (post_slug, status, id);
CREATE INDEX interactions_by_parent ON interactions (parent_id);

-- Fixed-window counters per hashed client address; shared by every API instance.
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
) WITHOUT ROWID;

-- Instance-wide values generated once (e.g. the secret that hashes client addresses).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
