import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { apiUrl, commentPermalink, listPath, postPath, postUrl, tagPath } from '../../api/core/urls.ts';
import { splitStatements } from '../../api/db/migrate.ts';

describe('the URL builder', () => {
  it('builds post, tag, list and comment URLs', () => {
    assert.equal(postPath('hello'), '/posts/hello/');
    assert.equal(postUrl('https://blog.example', 'hello'), 'https://blog.example/posts/hello/');
    assert.equal(postUrl('https://blog.example/sub/', 'hello'), 'https://blog.example/posts/hello/');
    assert.equal(tagPath('IndieWeb'), '/tags/indieweb/');
    assert.equal(listPath(1), '/');
    assert.equal(listPath(3), '/page/3/');
    assert.equal(commentPermalink('https://blog.example/posts/hello/#conversation', 12), 'https://blog.example/posts/hello/#comment-12');
    assert.equal(apiUrl('/api/', '/health'), '/api/health');
  });
});

describe('splitStatements', () => {
  it('splits a migration into statements and drops comments', () => {
    assert.deepEqual(splitStatements('-- a table\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i ON a (x);\n'), [
      'CREATE TABLE a (x TEXT)',
      'CREATE INDEX i ON a (x)',
    ]);
  });
});

describe('splitStatements with triggers', () => {
  it('keeps a trigger body whole', () => {
    const sql =
      'CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  INSERT INTO b VALUES (1);\n  INSERT INTO b VALUES (2);\nEND;\nCREATE INDEX i ON a (x);';
    const statements = splitStatements(sql);
    assert.equal(statements.length, 3);
    assert.match(statements[1] ?? '', /BEGIN\n {2}INSERT INTO b VALUES \(1\);\n {2}INSERT INTO b VALUES \(2\);\nEND$/);
  });
});

describe('hosts and domains', async () => {
  const { hostOf, isOnDomain } = await import('../../api/core/urls.ts');
  it('reads the host of an absolute URL', () => {
    assert.equal(hostOf('https://User@Social.Example:8443/@w/1'), 'social.example');
    assert.equal(hostOf('not a url'), '');
    assert.equal(hostOf(null), '');
  });
  it('matches a domain and its subdomains, nothing else', () => {
    assert.equal(isOnDomain('spam.example', ['spam.example']), true);
    assert.equal(isOnDomain('WWW.Spam.Example', ['spam.example']), true);
    assert.equal(isOnDomain('notspam.example', ['spam.example']), false);
    assert.equal(isOnDomain('spam.example.org', ['spam.example']), false);
  });
});
