import { CONFIRM_NOTE, type FormState, renderCommentForm } from '../core/render-form.ts';
import { escapeHtml, type RenderContext, renderThread, renderThreadItem } from '../core/render-thread.ts';
import type { Conversation, ConversationItem } from '../core/types.ts';
import { commentPermalink } from '../core/urls.ts';
import { page } from './layout.ts';

interface PostView {
  title: string;
  url: string;
}

function backLink(post: PostView, anchor?: number): string {
  const href = anchor === undefined ? `${post.url}#conversation` : commentPermalink(post.url, anchor);
  return `<p><a href="${escapeHtml(href)}">Back to “${escapeHtml(post.title)}”</a></p>`;
}

/** The form on a page of its own: answering a comment without JavaScript, or fixing a failed post. */
export function formPage(options: {
  siteUrl: string;
  post: PostView;
  form: FormState;
  context: RenderContext;
  parent?: ConversationItem | undefined;
}) {
  const { post, form, parent, context } = options;
  const errors = Object.keys(form.errors ?? {}).length;
  const intro = errors
    ? `<div class="notice notice-error" role="alert"><p>Your reply was not posted: ${errors === 1 ? 'one field needs' : `${errors} fields need`} attention. What you typed is kept below.</p></div>`
    : '';
  const quoted = parent ? `<ol class="thread">${renderThreadItem({ ...parent, children: [] }, context)}</ol>` : '';
  return page({
    title: `${parent ? 'Reply' : 'Comment'} on ${post.title}`,
    siteUrl: options.siteUrl,
    body: `<h1>${parent ? 'Reply to a comment' : 'Join the conversation'} on “${escapeHtml(post.title)}”</h1>${intro}${quoted}${renderCommentForm(form)}${backLink(post, parent?.id)}`,
  });
}

/** Shown after a plain form post: the stored comment in its thread, and the way back. */
export function confirmationPage(options: {
  siteUrl: string;
  conversation: Conversation;
  comment: ConversationItem;
  context: RenderContext;
  held: boolean;
  /** The reader ticked "email me when someone answers". */
  asked?: boolean;
}) {
  const { conversation, comment, context } = options;
  const post = conversation.post;
  const notice = options.held
    ? 'Thank you: your reply is stored and waits for the author’s approval.'
    : 'Thank you: your reply is published.';
  const thread = renderThread(conversation.items, context).replace(
    `id="comment-${comment.id}"`,
    `id="comment-${comment.id}" aria-current="true"`,
  );
  return page({
    title: `Your reply on ${post.title}`,
    siteUrl: options.siteUrl,
    body:
      `<h1>Your reply on “${escapeHtml(post.title)}”</h1>` +
      `<div class="notice notice-success" role="status"><p>${notice}</p>${options.asked ? `<p>${CONFIRM_NOTE}</p>` : ''}</div>` +
      `<section class="conversation" aria-label="Conversation">${thread}</section>` +
      backLink(post, comment.id),
  });
}
