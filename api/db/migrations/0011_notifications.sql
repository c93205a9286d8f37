-- Email notifications: readers told of answers to their comments, the author told of new
-- interactions. Triggers fill the outbox in the same transaction as the publication, so nothing
-- published is missed and no reader waits on mail. See docs/notifications.md.

-- An imported interaction (import_source set, migration 0010) tells no one: no subscription, no
-- reply mail, no author alert.
-- 1: the commenter ticked "email me when someone answers"; the trigger below subscribes them.
ALTER TABLE interactions ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0;

-- One row per address that asked for answers by email. Deleted when it unsubscribes from
-- everything, when its last subscription goes, or when it is never confirmed.
CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- lower case; never shown, never returned
  email TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  -- when a confirmation link was last queued: one per address per three days, however often it is asked
  confirm_requested_at TEXT,
  -- null until the link is followed: nothing but the confirmation is sent before
  confirmed_at TEXT
);

-- The comments whose answers a subscriber wants.
CREATE TABLE subscriptions (
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (interaction_id, subscriber_id)
) WITHOUT ROWID;
CREATE INDEX subscriptions_by_subscriber ON subscriptions (subscriber_id);

-- The mail outbox. A row names what to tell (kind, interaction) and to whom (recipient), never an
-- address or a text: the mail is written when it is sent, from what is published then.
-- status: queued -> sending (handed to SMTP) -> sent; or failed, skipped (no longer to be said),
-- unknown (the sender died or lost the line after handing it over: never sent again).
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('confirm', 'reply', 'author')),
  -- 'author', or 'reader:<subscriber id>': rows of one recipient and kind go out as one mail
  recipient TEXT NOT NULL,
  subscriber_id INTEGER,
  -- the answer (reply), the new interaction (author), the comment that asked (confirm)
  interaction_id INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
-- an answer is told to each subscriber once, and each interaction to the author once
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (kind, recipient, interaction_id);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_recipient ON mail_outbox (recipient, status);

CREATE TRIGGER mail_subscribe AFTER INSERT ON interactions
WHEN NEW.notify_replies = 1 AND NEW.author_email IS NOT NULL AND NEW.import_source IS NULL AND NEW.status != 'spam'
BEGIN
  INSERT OR IGNORE INTO subscribers (email, created_at)
  VALUES (lower(NEW.author_email), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  INSERT OR IGNORE INTO subscriptions (interaction_id, subscriber_id, created_at)
  SELECT NEW.id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM subscribers WHERE email = lower(NEW.author_email);
  INSERT OR IGNORE INTO mail_outbox (kind, recipient, subscriber_id, interaction_id, next_attempt_at, created_at)
  SELECT 'confirm', 'reader:' || id, id, NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM subscribers
  WHERE email = lower(NEW.author_email) AND confirmed_at IS NULL
    AND (confirm_requested_at IS NULL OR confirm_requested_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days'));
  UPDATE subscribers SET confirm_requested_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE email = lower(NEW.author_email) AND confirmed_at IS NULL
    AND (confirm_requested_at IS NULL OR confirm_requested_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days'));
END;

-- A published answer: one row per confirmed subscriber of its parent, unless they wrote it.
CREATE TRIGGER mail_reply_on_publish AFTER INSERT ON interactions
WHEN NEW.status = 'published' AND NEW.parent_id IS NOT NULL AND NEW.import_source IS NULL
BEGIN
  INSERT OR IGNORE INTO mail_outbox (kind, recipient, subscriber_id, interaction_id, next_attempt_at, created_at)
  SELECT 'reply', 'reader:' || s.id, s.id, NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
  WHERE sub.interaction_id = NEW.parent_id AND s.confirmed_at IS NOT NULL
    AND (NEW.author_email IS NULL OR lower(NEW.author_email) != s.email);
END;

CREATE TRIGGER mail_reply_on_approve AFTER UPDATE OF status ON interactions
WHEN NEW.status = 'published' AND OLD.status != 'published' AND NEW.parent_id IS NOT NULL AND NEW.import_source IS NULL
BEGIN
  INSERT OR IGNORE INTO mail_outbox (kind, recipient, subscriber_id, interaction_id, next_attempt_at, created_at)
  SELECT 'reply', 'reader:' || s.id, s.id, NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
  WHERE sub.interaction_id = NEW.parent_id AND s.confirmed_at IS NOT NULL
    AND (NEW.author_email IS NULL OR lower(NEW.author_email) != s.email);
END;

-- Something new for the author: published or held, never spam and never the author's own.
-- Queued while an instance that can mail the author says so ('mail_author_until', kept ahead by
-- each such instance and never moved back, as webhook_until is) and the author has not chosen
-- 'never' in /admin.
CREATE TRIGGER mail_author_on_insert AFTER INSERT ON interactions
WHEN NEW.is_owner = 0 AND NEW.import_source IS NULL AND NEW.status IN ('published', 'pending')
  AND (SELECT value FROM settings WHERE key = 'mail_author_until') > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  AND coalesce((SELECT value FROM settings WHERE key = 'mail_author_digest'), 'immediately') != 'never'
BEGIN
  INSERT OR IGNORE INTO mail_outbox (kind, recipient, interaction_id, next_attempt_at, created_at)
  VALUES ('author', 'author', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
