-- Every change to a post's conversation bumps its version; this numbers those changes across all
-- posts, so each instance asks "what changed since N?" with one indexed read instead of comparing
-- every post's version, and patches just those pages.
ALTER TABLE posts ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX posts_change_seq ON posts (change_seq);

CREATE TRIGGER posts_change_seq AFTER UPDATE OF version ON posts
WHEN NEW.version != OLD.version
BEGIN
  UPDATE posts SET change_seq = (SELECT max(change_seq) FROM posts) + 1 WHERE slug = NEW.slug;
END;
