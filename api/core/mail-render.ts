/**
 * The words of every notification mail, as plain text and as HTML. Pure: the sender hands in what
 * is published now and the signed links; nothing here reads a database or knows about SMTP.
 */
import { escapeHtml } from './render-thread.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The start of a text on one line, for quotes and subjects. */
export function excerpt(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
const page = (body: string) =>
  `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem">${body}</body></html>`;
const footer = (lines: string[]) => `<hr><p style="color: #666; font-size: 0.9em">${lines.join('<br>')}</p>`;

export function confirmMail(o: { site: string; postTitle: string; postUrl: string; confirmUrl: string; days: number }): MailContent {
  const subject = `Confirm: email me when someone answers on ${o.site}`;
  const text = [
    `Someone, hopefully you, commented on “${o.postTitle}” at ${o.site} and asked to be emailed when someone answers.`,
    '',
    `To confirm this address, open: ${o.confirmUrl}`,
    '',
    `The link works for ${o.days} days. If it was not you, ignore this mail: nothing more will be sent to you.`,
    '',
    `The post: ${o.postUrl}`,
  ].join('\n');
  const html = page(
    `<p>Someone, hopefully you, commented on ${link(o.postUrl, `“${o.postTitle}”`)} at ${escapeHtml(o.site)} and asked to be emailed when someone answers.</p>` +
      `<p><strong>${link(o.confirmUrl, 'Confirm this address')}</strong></p>` +
      footer([`The link works for ${o.days} days. If it was not you, ignore this mail: nothing more will be sent to you.`]),
  );
  return { subject, text, html };
}

export interface AnswerInMail {
  postTitle: string;
  /** The reader's own words that were answered. */
  yourText: string;
  authorName: string;
  isOwner: boolean;
  /** Sanitized HTML of the answer. */
  answerHtml: string;
  answerText: string;
  answerUrl: string;
  stopThreadUrl: string;
}

const who = (answer: AnswerInMail) => (answer.isOwner ? `${answer.authorName} (the author)` : answer.authorName);

/** One answer, or a digest of the answers that came within the reader's window. */
export function answersMail(o: { site: string; answers: AnswerInMail[]; stopAllUrl: string }): MailContent {
  const [first] = o.answers;
  if (!first) throw new Error('a mail of answers needs an answer');
  const posts = new Set(o.answers.map((answer) => answer.postTitle));
  const subject =
    o.answers.length === 1
      ? `${who(first)} answered you on “${first.postTitle}”`
      : `${o.answers.length} answers to you on ${posts.size === 1 ? `“${first.postTitle}”` : o.site}`;
  const text = [
    ...o.answers.flatMap((answer) => [
      `${who(answer)} answered your comment on “${answer.postTitle}”:`,
      '',
      `> ${excerpt(answer.yourText, 300)}`,
      '',
      answer.answerText,
      '',
      `Read it and answer: ${answer.answerUrl}`,
      `Stop mail about this thread: ${answer.stopThreadUrl}`,
      '',
      '---',
      '',
    ]),
    `You get this because you asked ${o.site} to email you when someone answers your comments.`,
    `Stop all mail from ${o.site}: ${o.stopAllUrl}`,
  ].join('\n');
  const html = page(
    o.answers
      .map(
        (answer) =>
          `<p><strong>${escapeHtml(who(answer))}</strong> answered your comment on “${escapeHtml(answer.postTitle)}”:</p>` +
          `<blockquote style="color: #666; border-left: 3px solid #ccc; margin: 0; padding-left: 0.75em">${escapeHtml(excerpt(answer.yourText, 300))}</blockquote>` +
          `<div>${answer.answerHtml}</div>` +
          `<p>${link(answer.answerUrl, 'Read it and answer')} · ${link(answer.stopThreadUrl, 'Stop mail about this thread')}</p>`,
      )
      .join('<hr>') +
      footer([
        `You get this because you asked ${escapeHtml(o.site)} to email you when someone answers your comments.`,
        link(o.stopAllUrl, `Stop all mail from ${o.site}`),
      ]),
  );
  return { subject, text, html };
}

export interface AuthorItem {
  /** As the private feed titles it: "Rita replied on “Post” [held]". */
  title: string;
  text: string;
  url: string;
  adminUrl: string;
}

export interface WaitingInMail {
  name: string;
  /** "2 days" */
  waited: string;
  postTitle: string;
  excerpt: string;
  adminUrl: string;
}

/** What is new for the author, after who has waited longest for an answer. */
export function authorMail(o: { site: string; adminUrl: string; items: AuthorItem[]; waiting: WaitingInMail[] }): MailContent {
  const [first] = o.items;
  if (!first) throw new Error('an author alert needs an item');
  const longest = o.waiting[0];
  const subject =
    (o.items.length === 1 ? first.title : `${o.items.length} new on ${o.site}`) +
    (longest ? ` · ${longest.name} has waited ${longest.waited}` : '');
  const waitingText = o.waiting.length
    ? [
        'Waiting for your answer, longest first:',
        ...o.waiting.map((w) => `- ${w.name}, ${w.waited}, on “${w.postTitle}”: “${w.excerpt}” ${w.adminUrl}`),
        '',
      ]
    : [];
  const text = [
    ...waitingText,
    `New (${o.items.length}):`,
    '',
    ...o.items.flatMap((item) => [item.title, excerpt(item.text, 500), `${item.url}`, `Answer or moderate: ${item.adminUrl}`, '']),
    `Your conversations: ${o.adminUrl}`,
  ].join('\n');
  const waitingHtml = o.waiting.length
    ? `<h2>Waiting for your answer, longest first</h2><ol>${o.waiting
        .map(
          (w) =>
            `<li><strong>${escapeHtml(w.name)}</strong>, ${escapeHtml(w.waited)}, on ${link(w.adminUrl, `“${w.postTitle}”`)}: “${escapeHtml(w.excerpt)}”</li>`,
        )
        .join('')}</ol>`
    : '';
  const html = page(
    waitingHtml +
      `<h2>New (${o.items.length})</h2>` +
      o.items
        .map(
          (item) =>
            `<p><strong>${link(item.url, item.title)}</strong><br>${escapeHtml(excerpt(item.text, 500))}<br>${link(item.adminUrl, 'Answer or moderate')}</p>`,
        )
        .join('') +
      footer([
        link(o.adminUrl, 'Your conversations'),
        'Choose how often these come (immediately, hourly, daily or never) on the dashboard.',
      ]),
  );
  return { subject, text, html };
}
