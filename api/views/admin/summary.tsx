import { describeDuration, type PostSummary } from '../../core/summary.ts';
import { When } from './items.tsx';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The one line a post gets in lists: who, what is waiting, when. */
export function summaryLine(summary: PostSummary | undefined): string {
  if (!summary) return 'No conversation yet';
  const parts = [plural(summary.people, 'person', 'people')];
  if (summary.waiting.length) parts.push(`${summary.waiting.length} waiting for you`);
  const replies = summary.replies.comments + summary.replies.webmentions;
  parts.push(plural(replies, 'reply', 'replies'));
  return parts.join(' · ');
}

/** A post's whole summary, as a description list. */
export function SummaryBlock({ summary, now }: { summary: PostSummary; now: Date }) {
  const domains = Object.entries(summary.replies.byDomain).sort((a, b) => b[1] - a[1]);
  const reactions = Object.entries(summary.reactions).filter(([, count]) => count > 0);
  return (
    <dl class="summary">
      <dt>People taking part</dt>
      <dd data-figure="people">
        {summary.people}
        {summary.returningPeople ? ` (${summary.returningPeople} returning from other posts)` : ''}
      </dd>
      <dt>Replies</dt>
      <dd data-figure="replies">
        {plural(summary.replies.comments, 'comment', 'comments')}, {plural(summary.replies.webmentions, 'webmention', 'webmentions')}
        {domains.length ? ` (${domains.map(([domain, count]) => `${domain} ${count}`).join(', ')})` : ''}
      </dd>
      <dt>Reactions</dt>
      <dd data-figure="reactions">
        {reactions.length ? reactions.map(([kind, count]) => plural(count, kind, `${kind}s`)).join(', ') : 'none'}
      </dd>
      <dt>Threads</dt>
      <dd data-figure="threads">
        {summary.threads}
        {summary.deepestThread > 1 ? `, the deepest ${summary.deepestThread} levels of back-and-forth` : ''}
      </dd>
      <dt>Waiting for you</dt>
      <dd data-figure="waiting">{summary.waiting.length ? plural(summary.waiting.length, 'thread', 'threads') : 'nobody'}</dd>
      <dt>Your median time to a first answer</dt>
      <dd data-figure="median">
        {summary.medianFirstAnswerMs === null ? 'no answers yet' : describeDuration(summary.medianFirstAnswerMs)}
      </dd>
      <dt>Last activity</dt>
      <dd data-figure="last">
        {summary.lastActivity ? (
          <>
            <When iso={summary.lastActivity} /> ({describeDuration(now.getTime() - Date.parse(summary.lastActivity))} ago)
          </>
        ) : (
          'none'
        )}
      </dd>
    </dl>
  );
}
