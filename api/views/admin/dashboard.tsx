import { describeDuration, type PostSummary, type WaitingThread } from '../../core/summary.ts';
import type { Interaction } from '../../core/types.ts';
import type { StoredPost } from '../../db/posts.ts';
import { AdminItem } from './items.tsx';
import { AdminPage } from './layout.tsx';
import { MailAlerts, type MailAlertsData } from './mail-alerts.tsx';
import { summaryLine } from './summary.tsx';

export interface DashboardData {
  siteUrl: string;
  csrf: string;
  now: Date;
  activity: Interaction[];
  lastVisit: string | null;
  waiting: WaitingThread[];
  posts: { post: StoredPost; summary: PostSummary | undefined; held: number }[];
  feedUrl: string;
  mail: MailAlertsData;
  notice?: string | undefined;
}

/** One screen: what just happened, who waits for an answer, and where the conversation is. */
export function Dashboard(data: DashboardData) {
  const titles = new Map(data.posts.map(({ post }) => [post.slug, post.title]));
  return (
    <AdminPage title="Conversations" siteUrl={data.siteUrl} csrf={data.csrf}>
      <h1>Conversations</h1>
      {data.notice ? (
        <div class="notice notice-success" role="status">
          <p>{data.notice}</p>
        </div>
      ) : null}
      <section aria-labelledby="waiting-title" class="dashboard-section">
        <h2 id="waiting-title">Waiting for you</h2>
        {data.waiting.length ? (
          <ol class="waiting-list">
            {data.waiting.map((thread) => (
              <li data-item={thread.itemId}>
                <strong>{thread.author.name}</strong> has waited {describeDuration(data.now.getTime() - Date.parse(thread.since))} on{' '}
                <a href={`/admin/posts/${encodeURIComponent(thread.postSlug)}#item-${thread.itemId}`}>
                  {titles.get(thread.postSlug) ?? thread.postSlug}
                </a>
                : “{thread.excerpt}”
              </li>
            ))}
          </ol>
        ) : (
          <p>Nobody is waiting for an answer.</p>
        )}
      </section>
      <section aria-labelledby="activity-title" class="dashboard-section">
        <h2 id="activity-title">What just happened</h2>
        {data.activity.length ? (
          <ol class="thread activity">
            {data.activity.map((item) => (
              <AdminItem item={item} csrf={data.csrf} isNew={data.lastVisit !== null && item.received > data.lastVisit} />
            ))}
          </ol>
        ) : (
          <p>Nothing yet. Share a post and the first answers will show here.</p>
        )}
      </section>
      <section aria-labelledby="posts-title" class="dashboard-section">
        <h2 id="posts-title">Posts by recent conversation</h2>
        <ol class="post-ranking">
          {data.posts.map(({ post, summary, held }) => (
            <li>
              <a href={`/admin/posts/${encodeURIComponent(post.slug)}`}>{post.title}</a>
              <span class="summary-line">
                {summaryLine(summary)}
                {held ? ` · ${held} held` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <MailAlerts data={data.mail} csrf={data.csrf} />
      <p class="field-hint">
        Follow all activity in a feed reader: <a href={data.feedUrl}>private activity feed</a> (keep its address to yourself).
      </p>
    </AdminPage>
  );
}
