/**
 * The page's only script. The static page already holds the conversation as of the last build;
 * this fetches what came after and inserts it in place, turns dates relative, moves the form under
 * a comment to answer it, and posts the form inline with errors shown next to their fields.
 * Without it the page and the form work as plain HTML.
 */
import { conversationTag } from '../../api/core/conversation-tag.ts';
import { CONFIRM_NOTE } from '../../api/core/render-form.ts';
import { type RenderContext, renderReactions, renderSummaryLine, renderThreadItem } from '../../api/core/render-thread.ts';
import type { Conversation, ConversationItem } from '../../api/core/types.ts';
import { apiPaths, apiUrl } from '../../api/core/urls.ts';

const section = document.querySelector<HTMLElement>('#conversation');
const form = document.querySelector<HTMLFormElement>('#comment-form');

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

function relativeDates(root: ParentNode): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const date = new Date(time.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    const seconds = (date.getTime() - Date.now()) / 1000;
    const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
    time.title ||= date.toLocaleString();
    time.textContent = Math.abs(seconds) < 45 ? 'just now' : relative.format(Math.round(seconds / size), unit);
  }
}

if (section && form) {
  const slug = section.dataset.slug ?? '';
  const ctx: RenderContext = { slug, apiBase: section.dataset.api ?? '/api', postUrl: section.dataset.postUrl ?? '' };
  const home = form.parentElement as HTMLElement;
  const parentInput = form.elements.namedItem('parent') as HTMLInputElement;
  const replying = form.querySelector<HTMLElement>('.replying-to');
  const status = form.querySelector<HTMLElement>('.form-status');

  // the version the page was written at: the first check is a bodiless 304 when nothing is newer
  const written = section.querySelector<HTMLElement>('[data-summary]')?.dataset.version ?? '';
  let tag = /^\d+$/.test(written) ? conversationTag({ slug, version: Number(written) }) : null;

  const rootList = (): HTMLOListElement => section.querySelector(':scope > ol.thread') as HTMLOListElement;

  /** Inserts an item the page does not show yet, under its parent when the parent is there. */
  const insert = (item: ConversationItem, replyTo: string): HTMLElement | null => {
    if (document.getElementById(`comment-${item.id}`)) return null;
    const parent = item.parent === null ? null : document.getElementById(`comment-${item.parent}`);
    const article = parent?.querySelector(':scope > article');
    let list = article ? article.querySelector<HTMLOListElement>(':scope > ol.thread') : rootList();
    if (article && !list) {
      list = article.appendChild(document.createElement('ol'));
      list.className = 'thread';
    }
    list?.insertAdjacentHTML('beforeend', renderThreadItem({ ...item, children: [] }, ctx, replyTo));
    const element = document.getElementById(`comment-${item.id}`);
    element?.classList.add('is-new');
    if (element) relativeDates(element);
    return element;
  };

  const resetForm = (): void => {
    parentInput.value = '';
    if (replying) replying.hidden = true;
    if (form.parentElement !== home) home.append(form);
  };

  const refresh = async (): Promise<void> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (tag) headers['if-none-match'] = tag;
    const response = await fetch(apiUrl(ctx.apiBase, apiPaths.conversation(slug)), { headers, cache: 'no-cache' });
    if (response.status === 304) {
      section.dataset.state = 'live';
      return;
    }
    if (!response.ok) return;
    tag = response.headers.get('etag');
    const conversation = (await response.json()) as Conversation;
    const seen = new Set<number>();
    const walk = (items: ConversationItem[], replyTo: string): void => {
      for (const item of items) {
        seen.add(item.id);
        insert(item, replyTo);
        walk(item.children, item.url);
      }
    };
    walk(conversation.items, ctx.postUrl);
    // items moderated away since the build leave the page too
    for (const element of section.querySelectorAll<HTMLElement>('li.thread-item')) {
      if (!seen.has(Number(element.dataset.id))) {
        if (element.contains(form)) resetForm();
        element.remove();
      }
    }
    const reactions = section.querySelector<HTMLElement>('[data-reactions]');
    if (reactions) reactions.innerHTML = renderReactions(conversation.reactions);
    const summary = section.querySelector<HTMLElement>('[data-summary]');
    if (summary) {
      summary.innerHTML = renderSummaryLine(conversation.summary);
      relativeDates(summary);
    }
    section.dataset.state = 'live';
  };

  const showErrors = (fields: Record<string, string>): void => {
    for (const slot of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
      const name = slot.dataset.errorFor ?? '';
      const message = fields[name];
      slot.textContent = message ?? '';
      slot.hidden = !message;
      form.querySelector(`[name="${name}"]`)?.setAttribute('aria-invalid', String(Boolean(message)));
    }
    const first = Object.keys(fields)[0];
    if (first) form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  section.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-reply]');
    if (!link) return;
    event.preventDefault();
    const item = document.getElementById(`comment-${link.dataset.reply}`);
    const article = item?.querySelector(':scope > article');
    if (!article) return;
    parentInput.value = link.dataset.reply ?? '';
    const name = article.querySelector('.p-name')?.textContent ?? '';
    const label = form.querySelector('[data-replying-name]');
    if (label) label.textContent = name;
    if (replying) replying.hidden = false;
    article.querySelector(':scope > footer')?.after(form);
    form.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  });

  form.querySelector('[data-cancel-reply]')?.addEventListener('click', () => {
    resetForm();
    form.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const asked = data.notify === '1' ? ` ${CONFIRM_NOTE}` : '';
    if (button) button.disabled = true;
    if (status) status.textContent = 'Posting…';
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(data),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 201 && (body as { status?: string }).status === 'pending') {
        showErrors({});
        resetForm();
        (form.elements.namedItem('body') as HTMLTextAreaElement).value = '';
        if (status) status.textContent = `Thank you: your reply is stored and will appear once the author approves it.${asked}`;
      } else if (response.status === 201) {
        showErrors({});
        const item = body as ConversationItem;
        const parent = item.parent === null ? null : document.getElementById(`comment-${item.parent}`);
        const replyTo = parent?.querySelector<HTMLAnchorElement>(':scope > article .u-url.permalink')?.href ?? ctx.postUrl;
        resetForm();
        (form.elements.namedItem('body') as HTMLTextAreaElement).value = '';
        const element = insert(item, replyTo);
        element?.scrollIntoView({ block: 'nearest' });
        if (status) status.textContent = `Thank you: your reply is published.${asked}`;
        void refresh().catch(() => undefined);
      } else {
        const error = (body as { error?: { message?: string; fields?: Record<string, string> } }).error;
        showErrors(error?.fields ?? {});
        if (status) status.textContent = error?.message ?? `Your reply was not posted (HTTP ${response.status}).`;
      }
    } catch {
      if (status) status.textContent = 'Your reply was not posted: the network failed. Your text is kept; try again.';
    } finally {
      if (button) button.disabled = false;
    }
  });

  relativeDates(section);
  void refresh().catch(() => undefined);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh().catch(() => undefined);
  });
}
