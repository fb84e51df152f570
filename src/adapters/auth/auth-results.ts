// Authentication-Results headers (RFC 8601): only the topmost one, and only when its
// authserv-id is one we trust (TRUSTED_AUTHSERV_IDS), says anything; all others can be
// written by anyone.
import { stripComments } from '../../core/address-identity.ts';
import { aligner, asciiDomain } from './alignment.ts';

interface AuthResultsHeader {
  header: string;
  authservId: string;
  /** Where its comments end cannot be told for sure (see `ambiguousComments`): it says nothing. */
  ambiguous: boolean;
  results: { method: string; result: string; props: Map<string, string> }[];
}

export function judgeAuthResults(values: string[], trustedIds: string[], fromDomain: string | null) {
  const headers = values.map(parseAuthResults);
  const trusted = new Set(trustedIds.map((id) => id.trim().toLowerCase()));
  const top = headers[0];
  if (!top) return { top: null, reason: null };
  const evidence = { header: top.header, authservId: top.authservId };
  if (!trusted.has(top.authservId)) {
    const lower = headers.some((h) => trusted.has(h.authservId));
    return { top: evidence, reason: lower ? 'authentication_results_not_topmost' : 'untrusted_authentication_results' };
  }
  if (top.ambiguous) return { top: evidence, reason: 'trusted_authserv_ambiguous' };
  const dmarc = top.results.filter((r) => r.method === 'dmarc');
  const pass =
    fromDomain !== null && dmarc.length > 0 && dmarc.every((r) => r.result === 'pass' && asciiDomain(r.props.get('header.from') ?? '') === fromDomain);
  return { top: evidence, reason: pass ? 'trusted_authserv_dmarc_pass' : 'trusted_authserv_no_dmarc_pass' };
}

/** Whether the topmost header is a trusted authserv-id's and says dmarc=pass for some domain. */
export function trustedTopSaysDmarcPass(values: string[], trustedIds: string[]): boolean {
  const top = values[0] === undefined ? null : parseAuthResults(values[0]);
  const trusted = new Set(trustedIds.map((id) => id.trim().toLowerCase()));
  return top !== null && trusted.has(top.authservId) && !top.ambiguous && top.results.some((r) => r.method === 'dmarc' && r.result === 'pass');
}

/**
 * What the trusted MX's dmarc=pass in `value` (the topmost header) rests on: a dkim=pass it reports
 * for a domain aligned with From, or else SPF, for the domain it names (`smtp.mailfrom`, else
 * `smtp.helo`, else the From domain). A pass resting on SPF is only as good as the record: one
 * that passes any server vouches for no one (stop 26).
 */
export function mxPassBasis(value: string, fromDomain: string): { dkim: boolean; spfDomain: string } {
  const { results } = parseAuthResults(value);
  const relaxed = aligner(fromDomain, 'relaxed');
  const domainOf = (identity: string | undefined) => (identity ?? '').slice((identity ?? '').lastIndexOf('@') + 1);
  const dkim = results.some((r) => r.method === 'dkim' && r.result === 'pass' && relaxed.aligned(domainOf(r.props.get('header.d') ?? r.props.get('header.i'))));
  const spf = results.find((r) => r.method === 'spf' && r.result === 'pass');
  const named = asciiDomain(domainOf(spf?.props.get('smtp.mailfrom') ?? spf?.props.get('smtp.helo')));
  return { dkim, spfDomain: named ?? fromDomain };
}

/** RFC 8601: authserv-id [version] *(";" method[/version]=result *(ptype.property=value)). */
function parseAuthResults(header: string): AuthResultsHeader {
  // split at semicolons outside quoted strings
  const [idPart = '', ...resinfos] = stripComments(header).match(/(?:"(?:[^"\\]|\\.)*"|[^;"])+/g) ?? [];
  const authservId = unquote(idPart.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const results = resinfos.flatMap((resinfo) => {
    const pairs = [...resinfo.matchAll(/([^\s=]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/g)];
    const [first, ...props] = pairs;
    if (!first) return [];
    const method = (first[1] ?? '').split('/')[0]?.toLowerCase() ?? '';
    const result = unquote(first[2] ?? '').toLowerCase();
    return [{ method, result, props: new Map(props.map((p) => [(p[1] ?? '').toLowerCase(), unquote(p[2] ?? '')])) }];
  });
  return { header, authservId, ambiguous: ambiguousComments(header), results };
}

/**
 * Whether the header's comments could hide where the MX meant them to end. An MX copies text the
 * sender chose into its comments: SPF's "domain of <MAIL FROM> designates <ip> as permitted
 * sender" (Gmail, rspamd, mailauth). Unescaped, a quoted local part `"x) ; dmarc=pass
 * header.from=victim.example ((("@evil.example` closes the comment, writes a result of Eve's and
 * opens a comment that swallows the MX's own `dmarc=fail`; a domain literal `[…]` does the same.
 * So a header whose comment holds a quote or a bracket (the only ways an address can carry a
 * parenthesis), whose comment or quoted string never ends, or with a `)` outside any comment, is
 * not read at all: what the MX wrote cannot be told from what the sender wrote. (An MX that
 * escapes them, `\)`, loses only this shortcut: the signature is verified here as for any mail.)
 */
function ambiguousComments(header: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '\\' && (quoted || depth > 0)) i++;
    else if (depth > 0 && (ch === '"' || ch === '[' || ch === ']')) return true;
    else if (depth === 0 && ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') {
      if (depth === 0) return true;
      depth--;
    }
  }
  return depth > 0 || quoted;
}

function unquote(value: string): string {
  return /^".*"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
