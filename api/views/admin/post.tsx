import type { PostSummary } from '../../core/summary.ts';
import type { Interaction } from '../../core/types.ts';
import type { StoredPost } from '../../db/posts.ts';
import { AdminItem, group, threadsFor } from './items.tsx';
import { AdminPage } from './layout.tsx';
import { SummaryBlock } from './summary.tsx';

export interface PostPageData {
  siteUrl: string;
  csrf: string;
  now: Date;
  post: StoredPost;
  summary: PostSummary | undefined;
  items: Interaction[];
  notice?: string | undefined;
}

/** A post's summary above its whole conversation; held items first. */
export function PostPage(data: PostPageData) {
  const held = data.items.filter((item) => item.status === 'pending');
  const rest = data.items.filter((item) => item.status !== 'pending');
  const reactions = rest.filter((item) => item.kind === 'like' || item.kind === 'repost' || item.kind === 'bookmark');
  const thread = rest.filter((item) => !reactions.includes(item));
  return (
    <AdminPage title={data.post.title} siteUrl={data.siteUrl} csrf={data.csrf}>
      <p>
        <a href="/admin">← All conversations</a>
      </p>
      <h1>
        {data.post.title} <a href={data.post.url}>(view)</a>
      </h1>
      {data.notice ? (
        <div class="notice notice-success" role="status">
          <p>{data.notice}</p>
        </div>
      ) : null}
      {data.summary ? <SummaryBlock summary={data.summary} now={data.now} /> : <p>No published conversation yet.</p>}
      {held.length ? (
        <section aria-labelledby="held-title" class="dashboard-section">
          <h2 id="held-title">Held for your approval</h2>
          <ol class="thread">
            {held.map((item) => (
              <AdminItem item={item} csrf={data.csrf} />
            ))}
          </ol>
        </section>
      ) : null}
      <section aria-labelledby="thread-title" class="dashboard-section">
        <h2 id="thread-title">Conversation</h2>
        <ol class="thread">
          {threadsFor(thread).map(([root, ...descendants]) =>
            root ? <AdminItem item={root} csrf={data.csrf} replies={group(descendants)} /> : null,
          )}
        </ol>
        {reactions.length ? (
          <>
            <h3>Reactions</h3>
            <ol class="thread">
              {reactions.map((item) => (
                <AdminItem item={item} csrf={data.csrf} />
              ))}
            </ol>
          </>
        ) : null}
      </section>
    </AdminPage>
  );
}
