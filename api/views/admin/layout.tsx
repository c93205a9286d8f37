import type { Child } from 'hono/jsx';

export interface AdminPageProps {
  title: string;
  siteUrl: string;
  csrf?: string | undefined;
  children?: Child;
}

/** The shell of every /admin page: the site's stylesheet plus a few rules of the dashboard's own. */
export function AdminPage({ title, siteUrl, csrf, children }: AdminPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="robots" content="noindex" />
        <title>{title} · Parley</title>
        <link rel="stylesheet" href={`${siteUrl}/parley.css`} />
        <link rel="stylesheet" href={`${siteUrl}/admin.css`} />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="site-title" href="/admin">
            Conversations
          </a>
          {csrf ? (
            <nav aria-label="Author">
              <ul>
                <li>
                  <a href={`${siteUrl}/`}>View the blog</a>
                </li>
                <li>
                  <form method="post" action="/admin/logout" class="inline-form">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="link-button">
                      Log out
                    </button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
