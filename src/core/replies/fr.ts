// French reply templates.

import type { LanguageTemplates, TemplateInput } from './types.ts';

function confirmParagraphs(input: TemplateInput): string[] {
  if (!input.confirmUrl) return [];
  return [
    `Pour confirmer que cette demande vient bien de vous, ouvrez ce lien dans les 24 heures :\n${input.confirmUrl}`,
    "Si vous n'êtes pas à l'origine de cette demande, n'ouvrez pas le lien : votre compte reste protégé et rien ne changera.",
  ];
}

/** Le lien « Ce n'était pas moi » du titulaire : ce qu'il fait, en mots simples. */
function disputeParagraphs(input: TemplateInput, done = false): string[] {
  if (!input.disputeUrl) return [];
  const does = done
    ? 'il alerte immédiatement notre équipe et bloque la récupération par e-mail pendant 30 jours'
    : 'il arrête la récupération et bloque la récupération par e-mail pendant 30 jours';
  return [`Si vous n'êtes pas à l'origine de cette demande, utilisez ce lien : ${does}.\n${input.disputeUrl}`];
}

export const fr: LanguageTemplates = {
  subjects: {
    acknowledgement: 'Votre demande de réinitialisation 2FA',
    request_details: 'Votre demande de réinitialisation 2FA : informations manquantes',
    confirmation: 'Double authentification retirée de votre compte',
    rejection: "Votre demande de réinitialisation 2FA n'a pas été acceptée",
    wrong_address: "Merci d'écrire depuis l'adresse liée à votre compte",
    approved_notice: 'Votre demande de réinitialisation 2FA a été approuvée',
  },
  fieldNames: {
    fullName: 'votre nom complet (prénom et nom)',
    organisation: "l'organisation que vous gérez ou représentez",
    explanation:
      "une courte explication de ce qui s'est passé (par exemple : téléphone perdu, volé, cassé ou remplacé, ou application d'authentification supprimée)",
  },
  greeting: 'Bonjour,',
  referenceLine: (ref) => `Votre référence : ${ref}. Merci de la garder dans l'objet de vos réponses.`,
  signOff: "Cordialement,\nL'équipe support Bpart",
  bodies: {
    acknowledgement: (input) => [
      'Nous avons bien reçu votre demande de réinitialisation de la double authentification (2FA) de votre compte Bpart.',
      "Un membre de notre équipe support va la vérifier manuellement. Nous vous écrirons à cette adresse dès qu'elle aura été traitée.",
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    request_details: (input) => [
      'Nous avons bien reçu votre demande de réinitialisation de la double authentification (2FA) de votre compte Bpart.',
      `Avant de pouvoir la vérifier, nous avons besoin des informations suivantes :\n${input.missing.map((f) => `- ${fr.fieldNames[f]}`).join('\n')}`,
      "Merci de répondre à ce message avec ces informations, depuis l'adresse e-mail liée à votre compte Bpart.",
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    confirmation: (input) => [
      'La double authentification (2FA) a été retirée de votre compte Bpart, comme vous l’avez demandé. Vous pouvez maintenant vous connecter avec votre mot de passe.',
      "Pour votre sécurité, réactivez la double authentification sans attendre : connectez-vous, ouvrez les paramètres de votre compte, choisissez Sécurité puis Double authentification, et scannez le nouveau QR code avec votre application d'authentification.",
      ...disputeParagraphs(input, true),
    ],
    rejection: (input) => [
      "Nous n'avons pas pu accepter votre demande de réinitialisation de la double authentification (2FA) de votre compte Bpart.",
      ...(input.reason ? [`Motif indiqué par notre équipe support :\n${input.reason}`] : []),
      "La double authentification reste active sur votre compte. Si vous avez encore besoin d'aide, répondez à ce message.",
      ...disputeParagraphs(input),
    ],
    wrong_address: () => [
      'Nous avons reçu un message concernant la double authentification (2FA) envoyé depuis cette adresse e-mail.',
      "Nous ne pouvons traiter ce type de demande que si elle vient de l'adresse e-mail liée à votre compte Bpart. Merci de nous écrire à nouveau depuis cette adresse.",
      'Si vous ne nous avez pas écrit, vous pouvez ignorer ce message.',
    ],
    approved_notice: (input) => [
      'Un membre de notre équipe support a approuvé votre demande de réinitialisation de la double authentification (2FA) de votre compte Bpart.',
      "Pour votre sécurité, la réinitialisation n'aura lieu qu'après un délai d'attente. Nous vous écrirons à nouveau une fois qu'elle sera effectuée.",
      ...(input.cancelUrl ? [`Pour annuler cette réinitialisation avant qu'elle n'ait lieu, utilisez ce lien :\n${input.cancelUrl}`] : []),
      ...disputeParagraphs(input),
    ],
  },
};
