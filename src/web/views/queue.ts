import { html, type SafeHtml } from '../html.ts';
import type { QueueFilter, QueueRow } from '../../steps/console-view.ts';
import type { HeldRow } from '../../steps/held-mail.ts';
import { authBadge, fieldLabel, flagBadges, likenessBadge, STATUS_LABELS, statusBadge, when } from './labels.ts';
import { layout, type PageContext } from './layout.ts';

const TABS: QueueFilter[] = [
  'open',
  'ready',
  'needs_attention',
  'waiting_details',
  'waiting_confirmation',
  'approved',
  'done',
  'rejected',
  'cancelled',
  'unmatched',
  'disputed',
  'quarantined',
  'held',
  'all',
];

/** A list page's table: its header cells and one row per item. */
function table(headers: string[], rows: SafeHtml[], className = ''): SafeHtml {
  return html`<table class="${className}">
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function tabs(active: QueueFilter): SafeHtml {
  return html`<nav class="filters" aria-label="Filter by status">
    ${TABS.map((tab) => html`<a href="/tickets?status=${tab}" class="${tab === active ? 'on' : ''}">${STATUS_LABELS[tab]}</a>`)}
  </nav>`;
}

export function queuePage(context: PageContext, filter: QueueFilter, rows: QueueRow[]): SafeHtml {
  const body = rows.length
    ? table(
        ['Ticket', 'Opened', 'Status', 'Account / sender', 'Signals', 'Missing'],
        rows.map(
          (row) =>
            html`<tr>
              <td>
                <a href="/tickets/${row.ref}"><strong>${row.ref}</strong></a>
              </td>
              <td>${when(row.createdAt)}</td>
              <td>${statusBadge(row.status)}</td>
              <td>${row.accountEmail ?? html`<span class="meta">no account · </span>${row.senderAddress}`}</td>
              <td>
                ${authBadge(row.senderAuthenticated)}${row.confirmed ? html`<span class="badge ok">Confirmed by link</span>` : ''}${likenessBadge('Name', row.nameMatch, row.senderAuthenticated)}${likenessBadge('Org', row.organisationMatch, row.senderAuthenticated)}${flagBadges(row.flags)}${row.emailChangedRecently ? html`<span class="badge bad">Email changed recently</span>` : ''}
              </td>
              <td>
                ${row.missing.length ? html`${row.missing.map((m) => html`<span class="badge warn">${fieldLabel(m)}</span>`)}` : html`<span class="meta">—</span>`}
              </td>
            </tr>`,
        ),
      )
    : html`<div class="card empty">No tickets here.</div>`;
  return layout(
    'Queue',
    context,
    html`<h1>Recovery tickets <span class="meta">· ${STATUS_LABELS[filter]} · oldest first</span></h1>
      ${tabs(filter)}${body}`,
  );
}

export function quarantinePage(
  context: PageContext,
  rows: { id: number; fromAddress: string | null; reason: string | null; size: number; receivedAt: Date; source: string }[],
  notice: string | null = null,
): SafeHtml {
  const admin = context.agent?.role === 'admin';
  // Replay sends the message through the pipeline again (after a fix or a raised limit): admins only.
  const replay = (id: number) =>
    admin
      ? html`<form method="post" action="/quarantine/${String(id)}/replay">
          <input type="hidden" name="_csrf" value="${context.csrf ?? ''}" /><button type="submit">Replay</button>
        </form>`
      : html`<span class="meta">admins replay</span>`;
  const body = rows.length
    ? html`${table(
          ['Message', 'Received', 'From', 'Reason', 'Size', ''],
          rows.map(
            (row) =>
              html`<tr>
                <td>#${row.id} <span class="meta">(${row.source})</span></td>
                <td>${when(row.receivedAt)}</td>
                <td>${row.fromAddress ?? '—'}</td>
                <td><span class="badge bad">${row.reason ?? 'unknown'}</span></td>
                <td>${Math.ceil(row.size / 1024)} KiB</td>
                <td>${replay(row.id)}</td>
              </tr>`,
          ),
        )}
        <p class="meta">Quarantined messages are kept raw; fix the cause (a limit, a bug), then replay them.</p>`
    : html`<div class="card empty">Nothing is quarantined.</div>`;
  const banner = notice ? html`<div class="card">${notice}</div>` : html``;
  return layout(
    'Quarantined messages',
    context,
    html`<h1>Recovery tickets <span class="meta">· Quarantined messages</span></h1>
      ${tabs('quarantined')}${banner}${body}`,
  );
}

/** Requests read but not acted on (SPEC §6 rule 16): the agent sees each one and why. */
export function heldPage(context: PageContext, rows: HeldRow[]): SafeHtml {
  const body = rows.length
    ? html`${table(
          ['Message', 'Received', 'From', 'Reason', 'Ticket'],
          rows.map(
            (row) =>
              html`<tr data-reason="${row.reason ?? ''}">
                <td>#${row.id}</td>
                <td>${when(row.receivedAt)}</td>
                <td>${row.fromAddress ?? '—'} ${authBadge(Boolean(row.authenticated))}</td>
                <td><span class="badge warn">${row.reason ?? 'unknown'}</span> <span class="meta">${row.why}</span></td>
                <td>${row.ticketRef ? html`<a href="/tickets/${row.ticketRef}">${row.ticketRef}</a>` : html`<span class="meta">—</span>`}</td>
              </tr>`,
          ),
          'held',
        )}
        <p class="meta">
          Held messages opened or changed no ticket and got no answer. A throttled request from the holder can be read here; forged ones are counted apart and
          never use up the holder's allowance.
        </p>`
    : html`<div class="card empty">Nothing is held.</div>`;
  return layout(
    'Held messages',
    context,
    html`<h1>Recovery tickets <span class="meta">· Held messages</span></h1>
      ${tabs('held')}${body}`,
  );
}
