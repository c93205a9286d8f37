import { escapeHtml } from '../core/render-thread.ts';
import type { LinkAnswer } from '../services/notifications.ts';
import { page } from './layout.ts';

function notice(kind: 'success' | 'error', text: string): string {
  return `<div class="notice notice-${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><p>${escapeHtml(text)}</p></div>`;
}

function button(action: string, label: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** The pages a link from a notification mail opens: confirm, stopped, expired, not valid. */
export function mailLinkPage(options: { siteUrl: string; answer: LinkAnswer; action: string; stopAllAction: string | null }) {
  const { answer, siteUrl } = options;
  const back = `<p><a href="${escapeHtml(siteUrl)}/">Back to the blog</a></p>`;
  let title: string;
  let body: string;
  if (answer.status === 'invalid') {
    title = 'This link is not valid';
    body = notice('error', 'This link is not valid any more. To be told of answers, comment again with the box ticked.');
  } else if (answer.status === 'expired') {
    title = 'This link has expired';
    body = notice(
      'error',
      answer.link.action === 'confirm'
        ? 'This confirmation link has expired. Comment again with the box ticked to get a new one.'
        : 'This link has expired. Every mail brings a fresh one: use the link in the newest mail.',
    );
  } else if (answer.status === 'ready') {
    title = 'Confirm your address';
    body = `<p>You asked to be emailed when someone answers your comment.</p>${button(options.action, 'Yes, email me when someone answers')}`;
  } else if (answer.link.action === 'confirm') {
    title = 'Your address is confirmed';
    body = notice('success', 'Confirmed: you will get an email when someone answers your comment.');
  } else if (answer.link.action === 'stop-all') {
    title = 'No more mail';
    body = notice('success', 'Done: this site will send you no more mail, and has forgotten your address.');
  } else {
    title = 'No more mail about this thread';
    body =
      notice('success', 'Done: you will get no more mail about this thread.') +
      (options.stopAllAction ? `<p>Other threads still mail you.</p>${button(options.stopAllAction, 'Stop all mail from this site')}` : '');
  }
  return page({ title, siteUrl, body: `<h1>${escapeHtml(title)}</h1>${body}${back}` });
}
