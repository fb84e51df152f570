import { html, type SafeHtml } from '../html.ts';
import { retryable } from '../../core/directory-reset.ts';
import type { ConsoleTicket, ShownMessage } from '../../steps/console-view.ts';
import { IDENTITY_CHECKS } from '../../steps/add-note.ts';
import {
  authBadge,
  authReasonText,
  FLAG_HINTS,
  FLAG_LABELS,
  fieldLabel,
  MESSAGE_OUTCOME_LABELS,
  flagBadges,
  likenessBadge,
  NO_ANSWER_LABELS,
  statusBadge,
  UNMATCHED_LABELS,
  when,
} from './labels.ts';
import { flash, layout, type PageContext } from './layout.ts';

export interface TicketPageInput {
  ticket: ConsoleTicket;
  approvers: number;
  ok?: string | null;
  error?: string | null;
}

const IMPORTANT_EVENTS = new Set([
  'approval_refused',
  'request_refused',
  'step_up_failed',
  'cancelled_by_user',
  'approval_override',
  'approval_voided',
  'disputed_by_holder',
  'holder_wrote_again',
  'reset_needs_attention',
  'directory_reset_after_close',
]);

function alerts(t: ConsoleTicket): SafeHtml {
  const items: SafeHtml[] = [];
  if (!t.signals.senderAuthenticated)
    items.push(
      html`<div class="flag">
        <strong>Sender not authenticated</strong> (${authReasonText(t.signals.authReason)}): anyone could have written this From line. Approval needs an
        override reason and a second approver.
      </div>`,
    );
  for (const flag of t.signals.flags)
    items.push(html`<div class="flag"><strong>${FLAG_LABELS[flag] ?? flag}</strong>${FLAG_HINTS[flag] ? `: ${FLAG_HINTS[flag]}.` : ''}</div>`);
  const noAnswer = NO_ANSWER_LABELS[String(t.signals.noAutoAnswer)];
  if (noAnswer)
    items.push(html`<div class="flag"><strong>${noAnswer}</strong>: nothing was sent to the holder; request details, approve or reject from here.</div>`);
  if (t.recoveryLockedUntil && t.recoveryLockedUntil > new Date())
    items.push(
      html`<div class="flag"><strong>Email recovery locked until ${when(t.recoveryLockedUntil)}</strong>: the account holder cancelled a recent reset.</div>`,
    );
  if (t.signals.emailChangedRecently)
    items.push(html`<div class="flag"><strong>The account's email changed recently</strong> (${when(t.emailChangedAt)}).</div>`);
  if (t.earlier.length) items.push(html`<div class="flag"><strong>${t.earlier.length} earlier recovery ticket(s)</strong> for this account.</div>`);
  if (t.events.some((e) => e.type === 'cancelled_by_user'))
    items.push(html`<div class="flag"><strong>Cancelled by the account holder</strong> from the link sent to the stored address.</div>`);
  return html`${items}`;
}

function field(label: string, stated: unknown, snippet: unknown, onFile: SafeHtml | string, badge: SafeHtml): SafeHtml {
  return html`<tr>
    <td>${label}</td>
    <td>
      ${stated ? html`<strong>${String(stated)}</strong>` : html`<span class="badge warn">missing</span>`}${snippet ? html`<div class="meta">“${String(snippet)}”</div>` : ''}
    </td>
    <td>${onFile}</td>
    <td>${badge}</td>
  </tr>`;
}

/** The value on file, and the passage of the writer's text that names it, if any (issue 14). */
function onFileCell(value: string, named: { snippet: string } | undefined, what: string, senderAuthenticated: boolean): SafeHtml {
  // Eve can copy the holder's name and organisation (a signature from their public mail): from an
  // unauthenticated sender the passage is only what someone wrote.
  const unverified = senderAuthenticated ? '' : ' (by an unverified sender: anyone who knows the holder can write it)';
  return html`${value}${named ? html`<div class="meta named-on-file">${what} on file named in the text${unverified}: «${named.snippet}»</div>` : ''}`;
}

function comparison(t: ConsoleTicket): SafeHtml {
  const { fields, snippets } = t;
  const account = t.account;
  const named = account ? t.signals.onFileNamed : undefined;
  return html`<section class="card">
    <h2>Request beside the account on file</h2>
    <table class="compare">
      <thead>
        <tr>
          <th></th>
          <th>In the request</th>
          <th>On file</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>Email</td>
          <td class="mono">${t.senderAddress}</td>
          <td class="mono">${account?.email ?? 'no account'}</td>
          <td>${account ? html`<span class="badge ok">exact match</span>` : html`<span class="badge bad">no account</span>`}</td>
        </tr>
        ${field('Full name', fields.fullName, snippets.fullName, onFileCell(account?.fullName ?? '—', named?.fullName, 'name', Boolean(t.signals.senderAuthenticated)), likenessBadge('Name', t.signals.nameMatch, Boolean(t.signals.senderAuthenticated)))}
        ${field(
          'Organisation',
          fields.organisation,
          snippets.organisation,
          onFileCell(account ? account.organisations.join(', ') || '—' : '—', named?.organisation, 'organisation', Boolean(t.signals.senderAuthenticated)),
          likenessBadge('Org', t.signals.organisationMatch, Boolean(t.signals.senderAuthenticated)),
        )}
        ${field('Explanation', fields.explanation, snippets.explanation, '', html``)}
        <tr>
          <td>2FA on account</td>
          <td></td>
          <td>${account ? (account.totpEnabled ? 'enabled' : 'not enabled (already cleared)') : '—'}</td>
          <td></td>
        </tr>
      </tbody>
    </table>
  </section>`;
}

/**
 * Each message's own verdict, on its own card: the ticket's badge is its opening (or taking-over)
 * message's, and a forged follow-up kept on an authenticated ticket is From the holder's address
 * too, so without this it would read as the holder's words.
 */
function messageVerdict(m: ShownMessage): SafeHtml {
  const held = m.outcomeReason ? html` <span class="meta">· ${MESSAGE_OUTCOME_LABELS[m.outcomeReason] ?? m.outcomeReason}</span>` : '';
  if (m.authenticated === true) return html`${authBadge(true)}${held}`;
  if (m.authenticated === false)
    return html`${authBadge(false)} <span class="meta">${authReasonText(m.authReason)}: anyone could have written this message</span>${held}`;
  return html`<span class="badge neutral">not judged</span>${held}`;
}

function message(m: ShownMessage, index: number): SafeHtml {
  return html`<article class="card">
    <h2>Message ${index + 1} <span class="meta">· received ${when(m.receivedAt)}</span></h2>
    <dl class="kv">
      <dt>Sender</dt>
      <dd>${messageVerdict(m)}</dd>
      <dt>From</dt>
      <dd class="mono">${m.from}</dd>
      ${
        m.replyTo
          ? html`<dt>Reply-To</dt>
              <dd class="mono">${m.replyTo}</dd>`
          : ''
      }
      <dt>Subject</dt>
      <dd>${m.subject || '—'}</dd>
      <dt>Date header</dt>
      <dd>${m.date ?? '—'}</dd>
    </dl>
    ${m.htmlOnly ? html`<p class="meta">This message had only HTML: it is shown as text; its markup, scripts and images are never rendered or loaded.</p>` : ''}
    ${m.purged ? html`<p class="meta">The raw message was purged after the retention period; its verdicts remain.</p>` : html`<pre class="mail">${m.own}</pre>`}
    ${
      m.quoted
        ? html`<details>
            <summary>Show the whole message, with quoted history and signatures</summary>
            <pre class="mail">${m.quoted}</pre>
          </details>`
        : ''
    }
    ${
      m.attachments.length
        ? html`<h3>Attachments (listed, never opened)</h3>
            <ul>
              ${m.attachments.map((a) => html`<li><span class="mono">${a.filename ?? '(no name)'}</span> <span class="meta">${a.contentType}, ${Math.ceil(a.size / 1024)} KiB</span></li>`)}
            </ul>`
        : ''
    }
    ${
      m.auth
        ? html`<details>
            <summary>Authentication evidence</summary>
            <pre class="mail">${JSON.stringify(m.auth, null, 2)}</pre>
          </details>`
        : ''
    }
  </article>`;
}

function describeEvent(type: string, data: Record<string, unknown>): SafeHtml {
  switch (type) {
    case 'note':
      return html`<div><pre class="mail">${String(data.text ?? '')}</pre></div>`;
    case 'identity_check':
      return html`<ul>
          ${((data.checks as string[]) ?? []).map((c) => html`<li>${IDENTITY_CHECKS[c as keyof typeof IDENTITY_CHECKS] ?? c}</li>`)}
        </ul>
        ${data.detail ? html`<div class="meta">${String(data.detail)}</div>` : ''}`;
    default: {
      const shown = Object.entries(data).filter(([key, value]) => !['evidence', 'ip'].includes(key) && value !== null && value !== undefined);
      return shown.length
        ? html`<div class="meta">${shown.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}</div>`
        : html``;
    }
  }
}

function timeline(t: ConsoleTicket): SafeHtml {
  const items = [
    ...t.events.map((e) => ({
      at: e.at,
      important: IMPORTANT_EVENTS.has(e.type),
      body: html`<strong>${e.type.replaceAll('_', ' ')}</strong>
        <span class="meta">by ${e.actor} · ${when(e.at)}</span>${describeEvent(e.type, e.data as Record<string, unknown>)}`,
    })),
    ...t.replies.map((r) => ({
      at: r.sentAt ?? '\uffff',
      important: false,
      body: html`<strong>reply ${r.kind.replaceAll('_', ' ')}</strong>
        <span class="meta">to ${r.to} · ${r.status}${r.sentAt ? ` · ${when(r.sentAt)}` : ''}</span>
        <div class="meta">${r.subject}</div>`,
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return html`<section class="card">
    <h2>Timeline</h2>
    <ol class="timeline">
      ${items.map((i) => html`<li class="${i.important ? 'important' : ''}">${i.body}</li>`)}
    </ol>
  </section>`;
}

function signalsCard(t: ConsoleTicket): SafeHtml {
  const s = t.signals;
  const known = new Set([
    'senderAuthenticated',
    'authReason',
    'nameMatch',
    'organisationMatch',
    'flags',
    'emailChangedRecently',
    'earlierTickets',
    'recoveryLocked',
    // shown elsewhere on the page: the "on file" column, the messages, the alerts
    'onFile',
    'onFileNamed',
    'mergedMessageIds',
    'noAutoAnswer',
    'unmatchedReason',
    'holderWroteAgainAt',
  ]);
  const others = Object.entries(s).filter(([key, value]) => !known.has(key) && value !== null && value !== undefined);
  const onFile = s.onFile;
  return html`<section class="card">
    <h2>Signals</h2>
    <dl class="kv">
      <dt>Sender</dt>
      <dd>${authBadge(Boolean(s.senderAuthenticated))} <span class="meta">${s.authReason ? authReasonText(s.authReason) : ''}</span></dd>
      <dt>Confirmation link</dt>
      <dd>
        ${t.confirmedAt ? html`<span class="badge ok">confirmed ${when(t.confirmedAt)}</span>` : t.status === 'waiting_confirmation' ? html`<span class="badge warn">waiting for the holder</span>` : html`<span class="badge neutral">not used</span>`}
      </dd>
      <dt>Name</dt>
      <dd>${likenessBadge('Name', s.nameMatch, Boolean(s.senderAuthenticated))}</dd>
      <dt>Organisation</dt>
      <dd>${likenessBadge('Org', s.organisationMatch, Boolean(s.senderAuthenticated))}</dd>
      <dt>Flags</dt>
      <dd>${t.signals.flags.length ? flagBadges(t.signals.flags) : html`<span class="badge ok">none</span>`}</dd>
      <dt>Email changed recently</dt>
      <dd>${s.emailChangedRecently ? html`<span class="badge bad">yes</span>` : 'no'}</dd>
      <dt>Recovery locked</dt>
      <dd>${s.recoveryLocked || (t.recoveryLockedUntil && t.recoveryLockedUntil > new Date()) ? html`<span class="badge bad">yes</span>` : 'no'}</dd>
      ${
        onFile
          ? html`<dt>Account directory</dt>
              <dd>${onFile.directory} · account ${onFile.id}${onFile.version ? html` <span class="meta mono">version ${onFile.version}</span>` : ''}</dd>`
          : ''
      }
      ${
        s.unmatchedReason
          ? html`<dt>No account</dt>
              <dd>${UNMATCHED_LABELS[s.unmatchedReason] ?? s.unmatchedReason}</dd>`
          : ''
      }
      ${
        s.holderWroteAgainAt
          ? html`<dt>Holder wrote again</dt>
              <dd>${when(s.holderWroteAgainAt)}</dd>`
          : ''
      }
      ${others.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd class="mono">${JSON.stringify(v)}</dd>`,
      )}
    </dl>
    <h3>Earlier tickets</h3>
    ${
      t.earlier.length
        ? html`<ul>
            ${t.earlier.map((e) => html`<li><a href="/tickets/${e.ref}">${e.ref}</a> ${statusBadge(e.status)} <span class="meta">${when(e.createdAt)}</span></li>`)}
          </ul>`
        : html`<p class="meta">None.</p>`
    }
  </section>`;
}

const CODE_INPUT = (id: string) =>
  html`<input id="${id}" class="code" type="text" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autocomplete="one-time-code" />`;

/** What became of the latest approval's notice to the stored address (the reset waits for it). */
function approvalNoticeState(t: ConsoleTicket): string | null {
  const notices = t.replies.filter((r) => r.kind === 'approved_notice');
  return notices.at(-1)?.status ?? null;
}

function actions(t: ConsoleTicket, csrf: string, approvers: number): SafeHtml {
  const csrfField = html`<input type="hidden" name="_csrf" value="${csrf}" />`;
  const approvable = t.status === 'ready' || t.status === 'waiting_confirmation';
  const exceptional = !t.signals.senderAuthenticated || t.status === 'waiting_confirmation';
  const required = exceptional || approvers === 2 ? 2 : 1;
  const open = ['waiting_details', 'waiting_confirmation', 'ready'].includes(t.status);
  return html`<section class="card" id="actions">
    <h2>Decision</h2>
    ${
      t.status === 'approved' && t.directoryReset?.status === 'pending'
        ? html`<p class="notice">
            Approved. The reset is being carried out in the account directory (${t.directoryReset.attempts} call${t.directoryReset.attempts === 1 ? '' : 's'} so
            far${t.directoryReset.lastError ? html`; last failure: ${t.directoryReset.lastError}` : ''}). The ticket is done, and the holder told, only once the
            directory shows two-factor authentication gone.
          </p>`
        : t.status === 'approved'
          ? approvalNoticeState(t) === 'suppressed'
            ? html`<div class="error" role="alert">
                <p>
                  <strong>The account holder was not told of this approval</strong>: the notice with the cancel link was suppressed (too many mails to the
                  stored address). The reset will not run at ${when(t.resetDueAt)}: it goes back for review, to be approved again once mail reaches the holder.
                </p>
              </div>`
            : html`<p class="notice">
                Approved. The reset runs at <strong>${when(t.resetDueAt)}</strong> unless the account holder cancels from the link sent to the stored address.
              </p>`
          : ''
    }
    ${t.status === 'needs_attention' ? resetNeedsAttention(t, csrfField) : ''}
    ${
      open && t.missing.length && t.account
        ? html`<form class="action" method="post" action="/tickets/${t.ref}/request-details">
            ${csrfField}
            <p class="meta">Sends the fixed request for: ${t.missing.map(fieldLabel).join(', ')} — to the stored address only.</p>
            <button type="submit" class="secondary">Request missing details</button>
          </form>`
        : ''
    }
    ${
      approvable
        ? html`<form class="action" method="post" action="/tickets/${t.ref}/approve">
            ${csrfField}
            <input type="hidden" name="evidence" value="${t.evidenceHash}" />
            <p class="meta">
              ${required > 1 ? 'Needs 2 different approvers' : 'Needs one approver'}${t.approvedBy.length ? html` · approved so far by ${t.approvedBy.map((a) => a.email).join(', ')}` : ''}.
              Your approval is bound to the evidence on this page.
            </p>
            <label for="reason">Override reason${exceptional ? ' (required: sender not authenticated or request not confirmed)' : ' (optional)'}</label>
            <textarea id="reason" name="reason" ${exceptional ? html`required` : ''}></textarea>
            <label for="approve-code">Your fresh authenticator code</label>${CODE_INPUT('approve-code')}
            <p><button type="submit" class="approve">Approve 2FA reset</button></p>
          </form>`
        : ''
    }
    ${
      open || t.status === 'unmatched' || t.status === 'needs_attention'
        ? html`<form class="action" method="post" action="/tickets/${t.ref}/reject">
            ${csrfField} <label for="reject-reason">Reason for rejecting (the account holder is told)</label
            ><textarea id="reject-reason" name="reason" required></textarea>
            <p><button type="submit" class="danger">Reject</button></p>
          </form>`
        : ''
    }
    ${!open && !['unmatched', 'approved', 'needs_attention'].includes(t.status) ? html`<p class="meta">This ticket is closed.</p>` : ''}
  </section>`;
}

/** An external reset a human must finish: why, and the two ways on (SPEC §9). */
function resetNeedsAttention(t: ConsoleTicket, csrfField: SafeHtml): SafeHtml {
  const reset = t.directoryReset;
  return html`<div class="error" role="alert">
      <p>
        <strong>The reset needs attention</strong> (${reset?.reason ?? 'unknown'}): ${reset?.explanation ?? ''}.
        ${reset?.lastError ? html`Last answer: <code>${reset.lastError}</code>.` : ''} Nothing was reported done to the holder.
      </p>
    </div>
    ${
      retryable(reset?.reason)
        ? html`<form class="action" method="post" action="/tickets/${t.ref}/retry-reset">
            ${csrfField}
            <p class="meta">Once the cause is fixed (the directory is back, its secret or queries corrected): the same reset again, read back before done.</p>
            <label for="retry-code">Your fresh authenticator code</label>${CODE_INPUT('retry-code')}
            <p><button type="submit" class="approve">Retry the reset</button></p>
          </form>`
        : ''
    }
    <form class="action" method="post" action="/tickets/${t.ref}/review-reset">
      ${csrfField}
      <p class="meta">Asks the directory for the account as it is now and puts the ticket back for review: it must be approved again.</p>
      <label for="review-code">Your fresh authenticator code</label>${CODE_INPUT('review-code')}
      <p><button type="submit" class="secondary">Send back to review</button></p>
    </form>`;
}

function identityCheck(t: ConsoleTicket, csrf: string): SafeHtml {
  return html`<section class="card">
    <h2>Independent identity check</h2>
    <p class="meta">Record which independent check you made. Never ask for copies of identity documents.</p>
    <form class="action" method="post" action="/tickets/${t.ref}/identity-check">
      <input type="hidden" name="_csrf" value="${csrf}" />
      ${Object.entries(IDENTITY_CHECKS).map(([key, label]) => html`<label class="check"><input type="checkbox" name="checks" value="${key}" /> <span>${label}</span></label>`)}
      <label for="check-detail">Details (who, when, which number from our records)</label><textarea id="check-detail" name="detail"></textarea>
      <p><button type="submit" class="secondary">Record the check</button></p>
    </form>
    <h2>Internal note</h2>
    <form class="action" method="post" action="/tickets/${t.ref}/note">
      <input type="hidden" name="_csrf" value="${csrf}" /> <label for="note">Only agents see notes</label><textarea id="note" name="text" required></textarea>
      <p><button type="submit" class="secondary">Add note</button></p>
    </form>
  </section>`;
}

export function ticketPage(context: PageContext & { csrf: string }, input: TicketPageInput): SafeHtml {
  const t = input.ticket;
  return layout(
    t.ref,
    context,
    html`<h1>${t.ref} ${statusBadge(t.status)} <span class="meta">· opened ${when(t.createdAt)} · language ${t.language ?? '?'}</span></h1>
      ${flash('success', input.ok)}${flash('error', input.error)} ${alerts(t)}
      <div class="grid">
        <div>${comparison(t)} ${t.messages.map(message)} ${timeline(t)}</div>
        <div>${actions(t, context.csrf, input.approvers)} ${signalsCard(t)} ${identityCheck(t, context.csrf)}</div>
      </div>`,
  );
}
