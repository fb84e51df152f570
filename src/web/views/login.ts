import { html, type SafeHtml } from '../html.ts';
import { flash, layout } from './layout.ts';

export function loginPage(input: { csrf: string; error?: string | null; email?: string }): SafeHtml {
  return layout(
    'Sign in',
    {},
    html`<div class="login card">
      <h1>Agent sign-in</h1>
      ${flash('error', input.error)}
      <form method="post" action="/login" autocomplete="off">
        <input type="hidden" name="_csrf" value="${input.csrf}" />
        <label for="email">Email</label><input id="email" type="email" name="email" required value="${input.email ?? ''}" autocomplete="username" />
        <label for="password">Password</label><input id="password" type="password" name="password" required autocomplete="current-password" />
        <label for="code">Code from your authenticator</label
        ><input id="code" class="code" type="text" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code" />
        <p><button type="submit">Sign in</button></p>
      </form>
      <p class="meta">Five failed attempts lock the sign-in for 15 minutes. Every attempt is recorded.</p>
    </div>`,
  );
}
