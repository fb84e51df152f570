import { html, type SafeHtml } from '../html.ts';
import type { SessionAgent } from '../../steps/agent-login.ts';

export interface PageContext {
  agent?: SessionAgent | null;
  csrf?: string;
}

export function layout(title: string, context: PageContext, body: SafeHtml): SafeHtml {
  const { agent, csrf } = context;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${title} · recovery-desk</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/tickets">recovery-desk</a>
          ${
            agent
              ? html`<nav>
                    <a href="/tickets">Queue</a><a href="/tickets?status=ready">Ready for review</a><a href="/tickets?status=quarantined">Quarantined</a>
                    ${agent.role === 'admin' ? html`<a href="/admin/queues">Job queues</a>` : ''}
                  </nav>
                  <div class="who">
                    <span>${agent.name} · ${agent.role}</span>
                    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf ?? ''}" /><button type="submit">Log out</button></form>
                  </div>`
              : html`<nav></nav>`
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

/** The pages account holders see: no console chrome, readable on a phone. */
export function userLayout(title: string, lang: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${title}</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <header class="top"><span class="brand">Bpart</span></header>
        <main class="user">${body}</main>
      </body>
    </html>`;
}

export function flash(kind: 'error' | 'success' | 'notice', text: string | null | undefined): SafeHtml {
  return text ? html`<div class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>` : html``;
}
