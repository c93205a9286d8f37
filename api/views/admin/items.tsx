import { raw } from 'hono/html';
import { renderAvatar } from '../../core/render-thread.ts';
import type { Interaction } from '../../core/types.ts';
import { hostOf } from '../../core/urls.ts';
import { Csrf } from './layout.tsx';

export const STATUS_LABEL: Record<Interaction['status'], string> = {
  pending: 'Held',
  published: 'Published',
  spam: 'Spam',
  removed: 'Removed',
};

const hostOr = (url: string) => hostOf(url) || url;

export function When({ iso }: { iso: string }) {
  return <time datetime={iso}>{new Date(iso).toUTCString().replace(/:\d\d GMT$/, ' UTC')}</time>;
}

function ActionButton({ slug, id, action, label, csrf }: { slug: string; id: number; action: string; label: string; csrf: string }) {
  return (
    <form method="post" action={`/admin/posts/${encodeURIComponent(slug)}/items/${id}/${action}`} class="inline-form">
      <Csrf token={csrf} />
      <button type="submit" class={`action action-${action}`}>
        {label}
      </button>
    </form>
  );
}

/** One item as the author sees it: whatever its status, with what can be done to it. */
export function AdminItem({ item, csrf, replies, isNew }: { item: Interaction; csrf: string; replies?: Interaction[][]; isNew?: boolean }) {
  const slug = item.postSlug;
  const reaction = item.kind === 'like' || item.kind === 'repost' || item.kind === 'bookmark';
  return (
    <li class={`admin-item status-${item.status}${isNew ? ' is-new' : ''}`} id={`item-${item.id}`}>
      <article class={`comment${item.author.isOwner ? ' by-owner' : ''}`}>
        <header class="comment-meta">
          <span class="h-card">
            {raw(renderAvatar(item.author))}
            {item.author.url ? (
              <a class="p-name" href={item.author.url} rel="nofollow ugc">
                {item.author.name}
              </a>
            ) : (
              <span class="p-name">{item.author.name}</span>
            )}
          </span>
          {item.author.isOwner ? <span class="badge">Author</span> : null}
          <span class="kind">{item.origin === 'webmention' ? `${item.kind} via ${hostOr(item.url)}` : item.kind}</span>
          <a href={item.url}>
            <When iso={item.published} />
          </a>
          {item.status !== 'published' ? <span class={`status-badge status-${item.status}`}>{STATUS_LABEL[item.status]}</span> : null}
          {isNew ? <span class="status-badge new-badge">New</span> : null}
        </header>
        {reaction ? null : <div class="comment-body">{raw(item.content.html)}</div>}
        {item.author.isOwner ? null : (
          <div class="item-actions">
            {item.status === 'pending' ? <ActionButton slug={slug} id={item.id} action="approve" label="Approve" csrf={csrf} /> : null}
            {item.status === 'spam' || item.status === 'removed' ? (
              <ActionButton slug={slug} id={item.id} action="restore" label="Restore" csrf={csrf} />
            ) : null}
            {item.status !== 'spam' ? <ActionButton slug={slug} id={item.id} action="spam" label="Mark spam" csrf={csrf} /> : null}
            {item.status !== 'removed' ? <ActionButton slug={slug} id={item.id} action="remove" label="Remove" csrf={csrf} /> : null}
            <ActionButton slug={slug} id={item.id} action="block-person" label={`Block ${item.author.name}`} csrf={csrf} />
            {item.origin === 'webmention' || item.author.url ? (
              <ActionButton
                slug={slug}
                id={item.id}
                action="block-domain"
                label={`Block ${hostOr(item.origin === 'webmention' ? item.url : (item.author.url ?? ''))}`}
                csrf={csrf}
              />
            ) : null}
          </div>
        )}
        {reaction || item.status !== 'published' ? null : (
          <details class="answer">
            <summary>Answer {item.author.name}</summary>
            <form method="post" action={`/admin/posts/${encodeURIComponent(slug)}/items/${item.id}/answer`} class="comment-form">
              <Csrf token={csrf} />
              <label for={`answer-${item.id}`}>Your answer</label>
              <textarea id={`answer-${item.id}`} name="body" rows={4} required maxlength={10000} />
              <button type="submit">Publish answer</button>
            </form>
          </details>
        )}
        {replies?.length ? (
          <ol class="thread">
            {replies.map(([child, ...rest]) => (child ? <AdminItem item={child} csrf={csrf} replies={group(rest)} /> : null))}
          </ol>
        ) : null}
      </article>
    </li>
  );
}

/** Threads a list for the author's view: [item, ...its descendants] per root, oldest first. */
export function threadsFor(items: Interaction[]): Interaction[][] {
  const ids = new Set(items.map((item) => item.id));
  const roots = items.filter((item) => item.parentId === null || !ids.has(item.parentId));
  const under = (parent: Interaction): Interaction[] =>
    items.filter((item) => item.parentId === parent.id).flatMap((child) => [child, ...under(child)]);
  return roots.map((root) => [root, ...under(root)]);
}

/** Splits a flattened subtree back into [child, ...its descendants] groups. */
export function group(flat: Interaction[]): Interaction[][] {
  const ids = new Set(flat.map((item) => item.id));
  return flat
    .filter((item) => item.parentId === null || !ids.has(item.parentId))
    .map((child) => {
      const collect = (parent: Interaction): Interaction[] =>
        flat.filter((item) => item.parentId === parent.id).flatMap((next) => [next, ...collect(next)]);
      return [child, ...collect(child)];
    });
}
