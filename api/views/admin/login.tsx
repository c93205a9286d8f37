import { AdminPage } from './layout.tsx';

export function LoginPage({ siteUrl, error, next }: { siteUrl: string; error?: string | undefined; next?: string | undefined }) {
  return (
    <AdminPage title="Log in" siteUrl={siteUrl}>
      <h1>Log in</h1>
      <form method="post" action="/admin/login" class="comment-form">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <div class="field">
          <label for="token">Your admin token</label>
          <input
            id="token"
            name="token"
            type="password"
            required
            autocomplete="current-password"
            aria-describedby="token-hint token-error"
            aria-invalid={error ? 'true' : undefined}
          />
          <p class="field-hint" id="token-hint">
            PARLEY_ADMIN_TOKEN, or the token the server printed on its first start.
          </p>
          <p class="field-error" id="token-error" role="alert" hidden={!error}>
            {error ?? ''}
          </p>
        </div>
        <button type="submit">Log in</button>
      </form>
    </AdminPage>
  );
}
