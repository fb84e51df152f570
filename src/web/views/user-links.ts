// The pages account holders reach from our emails, in their request's language (fr/nl/en).
// Opening a link only shows a button: mail scanners that follow links change nothing.
import { html, type SafeHtml } from '../html.ts';
import { userLayout } from './layout.ts';

export type UserLang = 'fr' | 'nl' | 'en';
type Page = 'confirmAsk' | 'confirmDone' | 'cancelAsk' | 'cancelDone' | 'invalid';

const TEXT: Record<UserLang, Record<Page, { title: string; body: string; button?: string }>> = {
  en: {
    confirmAsk: {
      title: 'Confirm your request',
      body: 'You asked us to reset the two-factor authentication of your Bpart account. Confirm that this request is yours; an agent will then review it.',
      button: 'Yes, this request is mine',
    },
    confirmDone: { title: 'Thank you', body: 'Your request is confirmed. An agent will review it and you will hear from us by email.' },
    cancelAsk: {
      title: 'Cancel the reset',
      body: 'A reset of two-factor authentication was approved for your Bpart account. If you did not ask for it, cancel it now: your two-factor authentication stays as it is, and recovery by email is locked for 30 days.',
      button: 'Cancel the reset',
    },
    cancelDone: {
      title: 'The reset is cancelled',
      body: 'Your two-factor authentication stays as it is. Recovery by email is locked for 30 days and our team has been alerted. If you did not make the request, change your password.',
    },
    invalid: {
      title: 'This link cannot be used',
      body: 'It has expired, was used already, or is not valid. If you need help, write to support from the address linked to your account.',
    },
  },
  fr: {
    confirmAsk: {
      title: 'Confirmez votre demande',
      body: "Vous nous avez demandé de réinitialiser l'authentification à deux facteurs de votre compte Bpart. Confirmez que cette demande vient de vous ; un agent l'examinera ensuite.",
      button: 'Oui, cette demande vient de moi',
    },
    confirmDone: { title: 'Merci', body: 'Votre demande est confirmée. Un agent va l’examiner et vous recevrez notre réponse par e-mail.' },
    cancelAsk: {
      title: 'Annuler la réinitialisation',
      body: "Une réinitialisation de l'authentification à deux facteurs a été approuvée pour votre compte Bpart. Si vous ne l'avez pas demandée, annulez-la maintenant : votre double authentification reste en place et la récupération par e-mail est bloquée pendant 30 jours.",
      button: 'Annuler la réinitialisation',
    },
    cancelDone: {
      title: 'La réinitialisation est annulée',
      body: "Votre authentification à deux facteurs reste en place. La récupération par e-mail est bloquée pendant 30 jours et notre équipe est prévenue. Si vous n'êtes pas à l'origine de la demande, changez votre mot de passe.",
    },
    invalid: {
      title: 'Ce lien ne peut pas être utilisé',
      body: "Il a expiré, a déjà servi ou n'est pas valide. Pour obtenir de l'aide, écrivez au support depuis l'adresse liée à votre compte.",
    },
  },
  nl: {
    confirmAsk: {
      title: 'Bevestig uw aanvraag',
      body: 'U vroeg ons de tweestapsverificatie van uw Bpart-account te resetten. Bevestig dat deze aanvraag van u komt; daarna bekijkt een medewerker ze.',
      button: 'Ja, deze aanvraag komt van mij',
    },
    confirmDone: { title: 'Dank u', body: 'Uw aanvraag is bevestigd. Een medewerker bekijkt ze en u hoort per e-mail van ons.' },
    cancelAsk: {
      title: 'De reset annuleren',
      body: 'Een reset van de tweestapsverificatie werd goedgekeurd voor uw Bpart-account. Hebt u daar niet om gevraagd, annuleer dan nu: uw tweestapsverificatie blijft zoals ze is en herstel via e-mail wordt 30 dagen geblokkeerd.',
      button: 'De reset annuleren',
    },
    cancelDone: {
      title: 'De reset is geannuleerd',
      body: 'Uw tweestapsverificatie blijft zoals ze is. Herstel via e-mail is 30 dagen geblokkeerd en ons team is verwittigd. Hebt u de aanvraag niet gedaan, wijzig dan uw wachtwoord.',
    },
    invalid: {
      title: 'Deze link kan niet gebruikt worden',
      body: 'Hij is verlopen, werd al gebruikt of is niet geldig. Hebt u hulp nodig, schrijf dan naar support vanaf het adres dat aan uw account gekoppeld is.',
    },
  },
};

export function userLang(language: string | null | undefined): UserLang {
  return language === 'fr' || language === 'nl' ? language : 'en';
}

export function userPage(lang: UserLang, page: Page): SafeHtml {
  const t = TEXT[lang][page];
  return userLayout(
    t.title,
    lang,
    html`<h1>${t.title}</h1>
      <p>${t.body}</p>
      ${t.button ? html`<form method="post"><button type="submit">${t.button}</button></form>` : ''}`,
  );
}

/** For a link we cannot tie to a ticket, every language at once. */
export function invalidLinkPage(): SafeHtml {
  return userLayout(
    TEXT.en.invalid.title,
    'en',
    html`${(['en', 'fr', 'nl'] as const).map(
      (lang) =>
        html`<section lang="${lang}">
          <h1>${TEXT[lang].invalid.title}</h1>
          <p>${TEXT[lang].invalid.body}</p>
        </section>`,
    )}`,
  );
}
