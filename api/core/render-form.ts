/**
 * The comment form, as one HTML string used by the static page and by the API's own pages (reply
 * without JavaScript, a failed post shown again with its errors and what was typed).
 */
import { escapeHtml } from './render-thread.ts';

/** What a reader who asked for answers by email is told: the same whether or not the address is known here. */
export const CONFIRM_NOTE = 'If your address is new here, we have sent it a link to confirm; answers are emailed once it is confirmed.';

export interface FormState {
  /** Where the form posts: the API's comments URL for the post. */
  action: string;
  parent?: { id: number; name: string } | undefined;
  values?: Partial<Record<'name' | 'url' | 'email' | 'body' | 'notify', string>>;
  /** Offer "email me when someone answers": the site sends mail (PARLEY_SMTP_URL is set). */
  mail?: boolean | undefined;
  errors?: Record<string, string>;
  message?: string;
}

interface FieldSpec {
  name: 'name' | 'url' | 'email' | 'body';
  label: string;
  hint?: string;
  attrs: string;
}

const FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Name', attrs: 'required maxlength="80" autocomplete="name"' },
  {
    name: 'url',
    label: 'Website',
    hint: '(optional, shown with your name)',
    attrs: 'type="url" maxlength="2000" placeholder="https://" autocomplete="url"',
  },
  { name: 'email', label: 'Email', hint: '(optional, never shown)', attrs: 'type="email" maxlength="254" autocomplete="email"' },
  { name: 'body', label: 'Your reply', attrs: 'required maxlength="10000" rows="6"' },
];

/** The opt-in box: a plain checkbox, so it posts with the form whether or not the script runs. */
function notifyBox(state: FormState): string {
  const error = state.errors?.notify;
  const checked = state.values?.notify === '1' ? ' checked' : '';
  return (
    `<div class="field field-check"><label for="comment-notify"><input type="checkbox" id="comment-notify" name="notify" value="1"${checked} aria-describedby="comment-notify-hint comment-notify-error"> Email me when someone answers</label>` +
    `<p class="field-hint" id="comment-notify-hint">Needs your email. The first time, we send a link to confirm it; every mail has a link to stop.</p>` +
    `<p class="field-error" id="comment-notify-error" data-error-for="notify"${error ? '' : ' hidden'}>${escapeHtml(error ?? '')}</p></div>`
  );
}

function field(spec: FieldSpec, state: FormState): string {
  const id = `comment-${spec.name}`;
  const value = state.values?.[spec.name] ?? '';
  const error = state.errors?.[spec.name];
  const described = spec.name === 'body' ? `${id}-hint ${id}-error` : `${id}-error`;
  const common = `id="${id}" name="${spec.name}" ${spec.attrs} aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''}`;
  const control =
    spec.name === 'body'
      ? `<textarea ${common}>${escapeHtml(value)}</textarea>` +
        `<p class="field-hint" id="${id}-hint">Markdown works: *emphasis*, **strong**, [links](https://example.org), \`code\`, &gt; quotes and lists.</p>`
      : `<input ${common} value="${escapeHtml(value)}">`;
  const hint = spec.hint ? ` <span class="field-hint">${spec.hint}</span>` : '';
  return (
    `<div class="field"><label for="${id}">${spec.label}${hint}</label>${control}` +
    `<p class="field-error" id="${id}-error" data-error-for="${spec.name}"${error ? '' : ' hidden'}>${escapeHtml(error ?? '')}</p></div>`
  );
}

export function renderCommentForm(state: FormState): string {
  const parent = state.parent;
  const otherErrors = Object.entries(state.errors ?? {}).filter(
    ([name]) => !FIELDS.some((spec) => spec.name === name) && !(name === 'notify' && state.mail),
  );
  return (
    `<form id="comment-form" class="comment-form" method="post" action="${escapeHtml(state.action)}" aria-labelledby="comment-form-title">` +
    `<h3 id="comment-form-title">Join the conversation</h3>` +
    `<p class="replying-to"${parent ? '' : ' hidden'}>Replying to <strong data-replying-name>${escapeHtml(parent?.name ?? '')}</strong>. ` +
    `<button type="button" class="link-button" data-cancel-reply>Cancel reply</button></p>` +
    `<input type="hidden" name="parent" value="${parent ? parent.id : ''}">` +
    FIELDS.map((spec) => field(spec, state) + (spec.name === 'email' && state.mail ? notifyBox(state) : '')).join('') +
    `<div class="hp" aria-hidden="true"><label>Leave this field empty <input name="website" tabindex="-1" autocomplete="off"></label></div>` +
    otherErrors.map(([, message]) => `<p class="notice notice-error">${escapeHtml(message)}</p>`).join('') +
    `<p class="form-status" role="status" aria-live="polite">${escapeHtml(state.message ?? '')}</p>` +
    `<button type="submit">Post reply</button></form>`
  );
}
