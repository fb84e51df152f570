// The page of the holder's "This wasn't me" link (SPEC §6 rule 15), in the request's language.
// Opening the link only shows one button: a mail scanner following it changes nothing.
import { html, type SafeHtml } from '../html.ts';
import { userLayout } from './layout.ts';
import type { UserLang } from './user-links.ts';

export type DisputePage = 'ask' | 'cancelled' | 'flagged' | 'already_done' | 'expired';

const TEXT: Record<UserLang, Record<DisputePage, { title: string; body: string; button?: string }>> = {
  en: {
    ask: {
      title: 'This wasn’t me',
      body: 'Someone asked us to remove two-factor authentication from your Bpart account. If it was not you, press the button: the recovery stops, recovery by email is locked for 30 days and our team is alerted.',
      button: 'This wasn’t me: stop the recovery',
    },
    cancelled: {
      title: 'The recovery is stopped',
      body: 'Your two-factor authentication stays as it is. Recovery by email is locked for 30 days and our team has been alerted. Change your password: whoever asked may know it.',
    },
    flagged: {
      title: 'Our team has been alerted',
      body: 'This recovery had already been carried out. Our team has been alerted and will contact you at this address; recovery by email is locked for 30 days. Change your password and turn two-factor authentication back on as soon as you can.',
    },
    already_done: {
      title: 'Already done',
      body: 'You already told us this request was not yours. Nothing more was changed: the recovery is stopped and our team was alerted.',
    },
    expired: {
      title: 'This link has expired',
      body: 'It was valid until 30 days after the request was closed. Nothing was changed. If you need help, write to support from the address linked to your account.',
    },
  },
  fr: {
    ask: {
      title: 'Ce n’était pas moi',
      body: "Quelqu'un nous a demandé de retirer la double authentification de votre compte Bpart. Si ce n'était pas vous, appuyez sur le bouton : la récupération s'arrête, la récupération par e-mail est bloquée pendant 30 jours et notre équipe est alertée.",
      button: 'Ce n’était pas moi : arrêter la récupération',
    },
    cancelled: {
      title: 'La récupération est arrêtée',
      body: "Votre double authentification reste en place. La récupération par e-mail est bloquée pendant 30 jours et notre équipe est alertée. Changez votre mot de passe : l'auteur de la demande le connaît peut-être.",
    },
    flagged: {
      title: 'Notre équipe est alertée',
      body: 'Cette récupération avait déjà été effectuée. Notre équipe est alertée et vous contactera à cette adresse ; la récupération par e-mail est bloquée pendant 30 jours. Changez votre mot de passe et réactivez la double authentification dès que possible.',
    },
    already_done: {
      title: 'Déjà fait',
      body: "Vous nous avez déjà signalé que cette demande ne venait pas de vous. Rien d'autre n'a été modifié : la récupération est arrêtée et notre équipe a été alertée.",
    },
    expired: {
      title: 'Ce lien a expiré',
      body: "Il était valable jusqu'à 30 jours après la clôture de la demande. Rien n'a été modifié. Pour obtenir de l'aide, écrivez au support depuis l'adresse liée à votre compte.",
    },
  },
  nl: {
    ask: {
      title: 'Dit was ik niet',
      body: 'Iemand vroeg ons de tweestapsverificatie van uw Bpart-account te verwijderen. Was u het niet, druk dan op de knop: het herstel stopt, herstel via e-mail wordt 30 dagen geblokkeerd en ons team wordt verwittigd.',
      button: 'Dit was ik niet: stop het herstel',
    },
    cancelled: {
      title: 'Het herstel is gestopt',
      body: 'Uw tweestapsverificatie blijft zoals ze is. Herstel via e-mail is 30 dagen geblokkeerd en ons team is verwittigd. Wijzig uw wachtwoord: wie de aanvraag deed, kent het misschien.',
    },
    flagged: {
      title: 'Ons team is verwittigd',
      body: 'Dit herstel was al uitgevoerd. Ons team is verwittigd en neemt contact met u op via dit adres; herstel via e-mail is 30 dagen geblokkeerd. Wijzig uw wachtwoord en zet de tweestapsverificatie zo snel mogelijk opnieuw aan.',
    },
    already_done: {
      title: 'Al gebeurd',
      body: 'U liet ons al weten dat deze aanvraag niet van u kwam. Er is niets meer gewijzigd: het herstel is gestopt en ons team is verwittigd.',
    },
    expired: {
      title: 'Deze link is verlopen',
      body: 'Hij was geldig tot 30 dagen na het afsluiten van de aanvraag. Er is niets gewijzigd. Hebt u hulp nodig, schrijf dan naar support vanaf het adres dat aan uw account gekoppeld is.',
    },
  },
};

/** The token travels in the form, not in the address the button posts to. */
export function disputePage(lang: UserLang, page: DisputePage, token?: string): SafeHtml {
  const t = TEXT[lang][page];
  const form =
    t.button && token
      ? html`<form method="post" action="/r/not-me"><input type="hidden" name="token" value="${token}" /><button type="submit">${t.button}</button></form>`
      : '';
  return userLayout(
    t.title,
    lang,
    html`<h1>${t.title}</h1>
      <p>${t.body}</p>
      ${form}`,
  );
}
