// message → recovery_request | other | auto_reply | bounce, with the reasons
// that decided it (SPEC §4). Order matters: a bounce often carries automatic
// headers and quotes our own 2FA wording, so it is recognised first; then
// automatic answers; only then do we read what a person asked for.

import { autoReplySigns, bounceSigns, isStrongBounce } from './automatic-mail.ts';
import type { InboundMessage, MessageKind } from './message.ts';
import {
  EARLIER_ASK,
  FACTOR_REMOVAL_ASK,
  INVITATION,
  OTHER_SERVICE,
  POLICY_QUESTION,
  PROCEDURE_FOR_OTHER,
  PROGRESS_QUESTION,
  signalsOf,
  STATUS_QUERY,
  WITHDRAWN,
  WRITES_THEMSELF,
} from './recovery-vocabulary.ts';
import { findTicketRef } from './ticket-status.ts';
import { fold, sentences } from './text-tools.ts';

export interface Classification {
  kind: MessageKind;
  reasons: string[];
}

interface RecoveryReading {
  isRecovery: boolean;
  reasons: string[];
}

/** Does the writer ask to get back in because of their 2FA, or to have it reset? */
// "Last month you kindly reset my two-factor", "vous aviez déjà réinitialisé mon accès", "jullie hebben toen mijn 2FA gereset":
// a reset we already did is history; what the writer asks now is in the other sentences.
const EARLIER_RESET = new RegExp(
  [
    // Not a request: "would you kindly reset", "can you reset".
    String.raw`(?<!\b(?:would|could|can|will|may|might|please|if|did|do) )\byou (?:kindly |already |then |once |previously )+reset\b|\byou (?:had|have) (?:kindly |already )?reset\b`,
    String.raw`(?<!\b(?:would|could|can|will|may|might|please|if|did|do) )\byou reset\b.{0,40}\b(?:last|ago|previously|earlier)\b|\b(?:last|earlier|ago)\b.{0,60}(?<!\b(?:would|could|can|will|may|might|please|if|did|do) )\byou (?:kindly )?reset\b`,
    String.raw`\bvous (?:m'|nous |l')?(?:aviez|avez) (?:deja |gentiment |bien )?reinitialise`,
    String.raw`\b(?:jullie|u) (?:hebben|heeft|hadden|had) .{0,40}gereset\b`,
    // Our own notice of a reset done, in the passive ("Your two-factor authentication has been reset", "Votre double
    // authentification a été réinitialisée", "Uw tweestapsverificatie is gereset"): a reset done, not asked for.
    // Only the 2FA's reset: "mon téléphone a été réinitialisé" is what happened to the device.
    String.raw`\b(?:2fa|two-factor|two-step|authentication|authentification|verification|verificatie|tweestapsverificatie|a2f|mfa)\b[^.]{0,40}\b(?:has|have) (?:now |just |already |successfully )?been (?:reset|disabled|removed)\b(?!.*\b(?:but|however|still|can't|cannot)\b)`,
    String.raw`\b(?:2fa|authentification|verification|a2f|mfa)\b[^.]{0,40}\b(?:a|ont) (?:bien |deja |maintenant )?ete (?:reinitialise|desactive|supprime)e?s?\b(?!.*\b(?:mais|toujours|pourtant)\b)`,
    String.raw`\b(?:2fa|tweestapsverificatie|verificatie|authenticatie|mfa)\b[^.]{0,40}\b(?:is|zijn|werd|werden) (?:nu |net |intussen )?(?:gereset|uitgeschakeld|verwijderd|opnieuw ingesteld)\b(?!.*\b(?:maar|nog steeds|nog altijd|toch)\b)`,
    // Thanks for a reset done: "Thanks for resetting my 2FA", "Merci pour la réinitialisation", "Bedankt voor de reset".
    String.raw`\b(?:thanks|thank you|many thanks|merci|bedankt|dank ?u|dank je)\b.{0,25}\b(?:for|pour|voor)\b.{0,20}\b(?:reset|resetting|reinitialis\w*|remise a zero|resetten|het resetten)\b(?!.*\b(?:but|however|still|mais|toujours|maar|nog steeds|nog altijd)\b)`,
  ].join('|'),
);

// "Re:", "RE :", "Antw:", "AW:", "SV:", "Réf :": the subject of the mail answered, not the writer's words of today.
const REPLY_PREFIX = /^\s*(?:(?:re|antw|aw|sv|ref|r[ée]f)\s*(?:\[\d+\])?\s*:\s*)+/i;

export function readRecovery(subject: string, own: string): RecoveryReading {
  const all = sentences(`${subject}\n\n${own}`).map(fold);
  const folded = all.filter((s) => !EARLIER_RESET.test(s));
  const s = signalsOf(folded);
  const reasons: string[] = [];
  if (folded.length < all.length) reasons.push('text:earlier-reset-done');
  if (s.twoFa) reasons.push('text:2fa-term');
  if (s.deviceEvent) reasons.push('text:2fa-lost-device');
  if (s.resetAsk) reasons.push('text:2fa-reset-ask');
  if (s.accessProblem) reasons.push('text:access-problem');
  if (s.enableQuestion) reasons.push('text:enable-question');
  // "Dear customer, …": a mailing to many readers (a notice, a phishing lure), never someone asking for their account.
  if (s.massGreeting) return { isRecovery: false, reasons: [...reasons, 'text:mass-greeting'] };
  const says = (re: RegExp) => folded.some((sentence) => re.test(sentence));
  // "Kunnen jullie mijn account verwijderen?" reads as a bare reset ask, but asks for the account's deletion.
  // The second factor asked to be taken off ("retirer la clé de mon compte") is a reset asked in other words, the account
  // being only where it is taken from.
  const factorAsk = s.twoFa && says(FACTOR_REMOVAL_ASK);
  const asked = s.resetAsk || (s.bareResetAsk && !says(OTHER_SERVICE)) || factorAsk;
  // Access asked for someone else in a question about what they should do ("What should she do to get back in?") is theirs.
  const ownAccess = s.accessProblem && signalsOf(folded.filter((sentence) => !PROCEDURE_FOR_OTHER.test(sentence))).accessProblem;
  // "Vous pouvez annuler ma demande : j'ai pu me reconnecter": the request is withdrawn (our subject it echoes asks nothing).
  if (says(WITHDRAWN) && !s.accessProblem) return { isRecovery: false, reasons: [...reasons, 'text:request-withdrawn'] };
  // Something else asked (deleting the account), an invitation, a rule asked about, what someone else should do:
  // a request needs the writer to ask for access or a reset, not merely to mention a lost phone.
  if (!asked && !s.accessProblem) {
    if (says(OTHER_SERVICE)) return { isRecovery: false, reasons: [...reasons, 'text:other-service-asked'] };
    if (says(INVITATION)) return { isRecovery: false, reasons: [...reasons, 'text:invitation'] };
  }
  if (!asked && !ownAccess && says(PROCEDURE_FOR_OTHER)) return { isRecovery: false, reasons: [...reasons, 'text:procedure-for-someone-else'] };
  if (!asked && says(WRITES_THEMSELF)) return { isRecovery: false, reasons: [...reasons, 'text:procedure-for-someone-else'] };
  if (says(POLICY_QUESTION) && !s.accessProblem && !s.deviceEvent && !asked) return { isRecovery: false, reasons: [...reasons, 'text:policy-question'] };
  // "Thanks, I could log in again": the trouble is over and nothing more is asked.
  // The sentence that says so may be the one that thanks for the reset ("all working again, thanks for the quick reset!"):
  // set aside as history for what it asks, it still says the trouble is over.
  const resolved = s.resolved || signalsOf(all.filter((sentence) => EARLIER_RESET.test(sentence))).resolved;
  if (resolved && !s.accessProblem && !s.resetAsk && !s.bareResetAsk) return { isRecovery: false, reasons: [...reasons, 'text:already-resolved'] };
  // The same when only the subject asks ("2FA reset" over "… everything has worked fine since, thanks!"): the subject
  // names the matter, the text says it is over and asks for nothing.
  const body = signalsOf(all.slice(sentences(subject).length).filter((sentence) => !EARLIER_RESET.test(sentence)));
  // Under a reply's subject ("Re: Can't log in after switching phones") the lock-out the subject names is the thread's
  // matter, told before: the text is what is new, and a text that says the matter is over settles it.
  const subjectTold = !s.accessProblem || REPLY_PREFIX.test(subject);
  if (body.resolved && !body.accessProblem && !body.resetAsk && !body.bareResetAsk && subjectTold)
    return { isRecovery: false, reasons: [...reasons, 'text:already-resolved'] };
  // "My phone was stolen, but I'm still logged in on my laptop: what should I do?", "je peux donc me connecter
  // normalement", "ik kan nog gewoon inloggen, maar hoe verander ik het nummer?": access is not lost, nothing to reset.
  if (s.stillHasAccess && !s.resetAsk && !s.bareResetAsk) return { isRecovery: false, reasons: [...reasons, 'text:still-has-access'] };
  // "I get a new phone next week: how do I move the app?" asks how, for later.
  if (s.plannedChange && s.enableQuestion && !s.accessProblem) return { isRecovery: false, reasons: [...reasons, 'text:planned-device-change'] };
  // Subject "New phone", text "I get it on Monday: should I do anything first?": the change is still to come.
  if (s.plannedChange && !s.accessProblem && !s.resetAsk && !s.bareResetAsk && !signalsOf(sentences(own).map(fold)).deviceEvent) {
    return { isRecovery: false, reasons: [...reasons, 'text:planned-device-change'] };
  }
  // "New phone, how do I move the app? I still have the old one": asks how, neither locked out nor asking for a reset.
  // ("My phone was stolen: should I move the app to the new one?" cannot move it: that is a request.)
  if (s.enableQuestion && !s.accessProblem && !s.resetAsk && !s.deviceLoss) return { isRecovery: false, reasons: [...reasons, 'text:how-to-question'] };
  if (s.twoFa && (s.deviceEvent || s.resetAsk || s.accessProblem)) return { isRecovery: true, reasons };
  if (factorAsk && !s.enableQuestion) return { isRecovery: true, reasons: [...reasons, 'text:2fa-factor-removal-ask'] };
  // "Mes codes n'arrivent plus. Vous pouvez réinitialiser ?": the reset's object is the 2FA named in another sentence.
  if (s.twoFa && s.bareResetAsk && !s.enableQuestion) return { isRecovery: true, reasons: [...reasons, 'text:2fa-bare-reset-ask'] };
  // "I lost my phone and can't log in" names no 2FA term but means it.
  if (s.phoneLoss && s.accessProblem) return { isRecovery: true, reasons: [...reasons, 'text:phone-lost-no-access'] };
  // "My phone broke and the new one doesn't have the app": the app on a lost phone is the authenticator.
  if (s.phoneLoss && s.appOrCode && (!s.enableQuestion || s.deviceLoss)) return { isRecovery: true, reasons: [...reasons, 'text:phone-lost-app'] };
  // "Thanks, but I still can't log in" under our notice that the 2FA was reset: the 2FA is named in the notice we set
  // aside as history, and the writer is still locked out.
  if (!s.twoFa && s.accessProblem && folded.length < all.length && signalsOf(all).twoFa && !s.resolved && !s.stillHasAccess) {
    return { isRecovery: true, reasons: [...reasons, 'text:still-locked-after-reset'] };
  }
  if (!s.twoFa) reasons.push('text:no-2fa-mention');
  else if (!s.enableQuestion) reasons.push('text:2fa-no-recovery-ask');
  return { isRecovery: false, reasons };
}

// A question put to us, by its grammar: a modal in the second person ("could you …", "pourriez-vous …", "kunnen jullie …").
const ASKED_OF_US =
  /\b(?:can|could|would|will) you\b|\b(?:pouvez|pourriez|voulez|voudriez)[- ]vous\b|\b(?:kunnen|kunt|zou|zouden|wil|willen|wilt) (?:jullie|u)\b|\bvous (?:pouvez|pourriez) (?:faire|regler|arranger|aider)\b/;

/**
 * The writer's own words tell a lock-out, whoever's it is ("Mme Lambot n'arrive plus à se connecter", "zij geraakt er niet
 * meer in", "I can't log in") and ask us to act on it ("Pourriez-vous faire le nécessaire ?", "Kunnen jullie haar helpen?"):
 * who passes a colleague's mail on with these words makes the request, though the mail below tells what happened (loop 28a).
 */
export function asksUsAboutLockOut(own: string): boolean {
  const folded = sentences(own).map(fold);
  const s = signalsOf(folded);
  if (!s.accessProblem || s.resolved || s.stillHasAccess || folded.some((x) => PROCEDURE_FOR_OTHER.test(x) || WRITES_THEMSELF.test(x))) return false;
  return s.resetAsk || s.bareResetAsk || folded.some((x) => ASKED_OF_US.test(x));
}

/** A sentence that asks for the reset or access, or tells what happened: a request's words, not a question of news. */
function asksOrTells(folded: string): boolean {
  const s = signalsOf([folded]);
  return s.resetAsk || s.bareResetAsk || s.accessProblem || s.deviceEvent || FACTOR_REMOVAL_ASK.test(folded);
}

/**
 * A reply ("Re: Informations manquantes pour votre demande", "Antw: Ontbrekende gegevens") whose quoted mail names the 2FA
 * while the writer's words do not: the thread's matter is the 2FA, and what the writer tells of their device in it ("Mon
 * gsm a été volé dans le métro") is what happened to the second step, as when they name it. Only the writer's own words
 * can tell the event; a nudge, thanks for a reset or a question of how stays what it is (loop 28a).
 */
function threadRecovery(message: InboundMessage, own: string, recovery: RecoveryReading): RecoveryReading {
  if (recovery.isRecovery || !recovery.reasons.includes('text:no-2fa-mention')) return recovery;
  if (!REPLY_PREFIX.test(message.subject) && !message.inReplyTo && message.references.length === 0) return recovery;
  const ownFolded = sentences(own).map(fold);
  const o = signalsOf(ownFolded);
  if (!o.deviceEvent || o.resolved || o.stillHasAccess || o.plannedChange || o.enableQuestion) return recovery;
  if (ownFolded.some((s) => STATUS_QUERY.test(s) || EARLIER_ASK.test(s) || WITHDRAWN.test(s))) return recovery;
  // The thread names the 2FA, and not as a reset done ("Re: Your two-factor authentication has been reset": thanks, news).
  const thread = sentences(`${message.subject}\n\n${message.text}`).map(fold);
  if (!signalsOf(thread).twoFa || thread.some((s) => EARLIER_RESET.test(s))) return recovery;
  return { isRecovery: true, reasons: [...recovery.reasons.filter((r) => r !== 'text:no-2fa-mention'), 'text:device-event-in-2fa-thread'] };
}

function listMarks(message: InboundMessage): string[] {
  const marks: string[] = [];
  if (['list-id', 'list-unsubscribe', 'list-post'].some((h) => (message.headers[h]?.length ?? 0) > 0)) marks.push('header:list');
  if (/^\s*(bulk|list|junk)\s*$/i.test(message.headers.precedence?.[0] ?? '')) marks.push('header:precedence-bulk');
  return marks;
}

export function classify(message: InboundMessage, own: string): Classification {
  const bounce = bounceSigns(message);
  if (isStrongBounce(bounce)) return { kind: 'bounce', reasons: bounce };

  const auto = autoReplySigns(message, own);
  if (auto.strong.length > 0) return { kind: 'auto_reply', reasons: [...auto.strong, ...auto.weak, ...auto.wording] };

  const recovery = threadRecovery(message, own, readRecovery(message.subject, own));
  // "Is er al nieuws over mijn aanvraag?" under our subject: news asked of a request already made, whose words the
  // subject echoes. Only the writer's own text could make it a new request.
  // Under a reply's subject ("Re: 2FA reset"), the thread of the request made, the sentences that ask for news or speak of the
  // request as made ("just checking whether you got my request from Tuesday about resetting the 2FA?") are set aside first, as
  // under our ticket below: they name the request, they do not make it again. (Without a reply's subject or our reference, such
  // a nudge may be the first we hear of the request: its words stay the request, loop 15.)
  const ownSentences = sentences(own);
  const ownFolded = ownSentences.map(fold);
  // A reply that speaks of its request as made ("Ik heb vorige woensdag een aanvraag gestuurd om …", "I had emailed you on
  // Tuesday about …") asks news of it with any question that is not itself the request ("Is dat al bekeken?", "Is daar al
  // iets mee gebeurd?", "Has anyone looked at it?"): the shape of a nudge, whatever its words of news (loop 27a).
  // Our ticket's reference written in the writer's own text ("ik heb gevraagd om … te resetten (referentie REC-2026-001350)")
  // is the same evidence as a reply's subject: the request they speak of is the one we opened (loop 29). Not when the writer
  // tells a lock-out beside it ("I still cannot log in"): that asks for access again, as it did before this reading.
  const reply = REPLY_PREFIX.test(message.subject) || (findTicketRef(own) !== null && !signalsOf(ownFolded).accessProblem);
  const nudgeQuestion = (i: number) => ownSentences[i]!.includes('?') && !asksOrTells(ownFolded[i]!);
  const replyNudge = reply && ownFolded.some((s) => EARLIER_ASK.test(s)) && ownFolded.some((_, i) => nudgeQuestion(i));
  const beyondNews = reply
    ? ownSentences.filter((_, i) => !STATUS_QUERY.test(ownFolded[i]!) && !EARLIER_ASK.test(ownFolded[i]!) && !(replyNudge && nudgeQuestion(i))).join('\n\n')
    : own;
  if (recovery.isRecovery && (ownFolded.some((s) => STATUS_QUERY.test(s)) || replyNudge) && !readRecovery('', beyondNews).isRecovery) {
    return { kind: 'other', reasons: [...recovery.reasons, 'text:status-query'] };
  }
  // The same asked in the writer's own words, under our ticket's subject: a question of when or how far ("Weten jullie al
  // wanneer dat in orde komt?", "Mag ik vragen hoe ver het staat …?") about the request already made, which the text speaks
  // of as made ("mijn aanvraag van vrijdag", "Maandag heb ik gevraagd om …"). Positive evidence on three counts; and the
  // text, that earlier ask set aside, must not be a request of its own (a device lost now, a reset asked now).
  // Our ticket's reference written by the writer in their own text ("met referentie REC-2027-000219") is the same evidence
  // as our subject: they speak of the ticket we opened.
  if (recovery.isRecovery && (findTicketRef(message.subject) !== null || findTicketRef(own) !== null)) {
    const own_ = sentences(own);
    const folded = own_.map(fold);
    const asksProgress = own_.some((s, i) => s.includes('?') && PROGRESS_QUESTION.test(folded[i]!));
    const earlier = folded.filter((s) => EARLIER_ASK.test(s));
    if (asksProgress && earlier.length > 0 && !readRecovery('', own_.filter((_, i) => !EARLIER_ASK.test(folded[i]!)).join('\n\n')).isRecovery) {
      return { kind: 'other', reasons: [...recovery.reasons, 'text:status-query'] };
    }
  }
  // Out-of-office wording wins unless the writer's own text (not a subject
  // that may echo ours) is itself a recovery request.
  const ownRecovery = recovery.isRecovery && readRecovery('', own).isRecovery;
  if (auto.wording.length > 0 && (auto.weak.length > 0 || !ownRecovery)) {
    return { kind: 'auto_reply', reasons: [...auto.weak, ...auto.wording] };
  }
  const sentByProgram = auto.weak.includes('header:auto-submitted') || auto.weak.includes('return-path:null');
  // A program's answer under our subject ("Request received: RE: Your 2FA reset request") echoes our words:
  // only its own text could make it a request.
  if (sentByProgram && !ownRecovery) {
    return { kind: 'auto_reply', reasons: [...auto.weak, ...recovery.reasons] };
  }
  // Mailing-list and bulk mail (newsletters, digests) is never someone asking
  // for their own account, however much it talks about 2FA.
  const list = listMarks(message);
  if (list.length > 0) return { kind: 'other', reasons: [...recovery.reasons, ...list] };
  // A program-sent message that reads like a person's recovery request (a
  // forwarding rule, a web form relay) still reaches an agent; the automatic
  // marks travel with it in the reasons so no automatic answer goes out.
  const marks = [...bounce, ...auto.weak, ...auto.wording];
  return {
    kind: recovery.isRecovery ? 'recovery_request' : 'other',
    reasons: [...recovery.reasons, ...marks],
  };
}
