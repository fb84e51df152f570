// Dutch reply templates.

import type { LanguageTemplates, TemplateInput } from './types.ts';

function confirmParagraphs(input: TemplateInput): string[] {
  if (!input.confirmUrl) return [];
  return [
    `Open binnen 24 uur deze link om te bevestigen dat u deze aanvraag hebt gedaan:\n${input.confirmUrl}`,
    'Hebt u deze aanvraag niet gedaan? Open de link dan niet: uw account blijft beschermd en er verandert niets.',
  ];
}

/** De link "Dit was ik niet" van de houder: wat hij doet, in gewone woorden. */
function disputeParagraphs(input: TemplateInput, done = false): string[] {
  if (!input.disputeUrl) return [];
  const does = done
    ? 'hij verwittigt ons team meteen en blokkeert herstel via e-mail gedurende 30 dagen'
    : 'hij stopt het herstel en blokkeert herstel via e-mail gedurende 30 dagen';
  return [`Hebt u dit niet gevraagd? Gebruik dan deze link: ${does}.\n${input.disputeUrl}`];
}

export const nl: LanguageTemplates = {
  subjects: {
    acknowledgement: 'Uw aanvraag om 2FA te resetten',
    request_details: 'Uw aanvraag om 2FA te resetten: gegevens ontbreken',
    confirmation: 'Tweestapsverificatie verwijderd van uw account',
    rejection: 'Uw aanvraag om 2FA te resetten is niet goedgekeurd',
    wrong_address: 'Schrijf ons vanaf het adres dat aan uw account gekoppeld is',
    approved_notice: 'Uw aanvraag om 2FA te resetten is goedgekeurd',
  },
  fieldNames: {
    fullName: 'uw volledige naam (voornaam en achternaam)',
    organisation: 'de organisatie die u beheert of vertegenwoordigt',
    explanation: 'een korte uitleg van wat er gebeurd is (bijvoorbeeld: telefoon verloren, gestolen, kapot of vervangen, of de authenticator-app verwijderd)',
  },
  greeting: 'Beste,',
  referenceLine: (ref) => `Uw referentie: ${ref}. Laat die in het onderwerp van uw antwoorden staan.`,
  signOff: 'Met vriendelijke groeten,\nHet supportteam van Bpart',
  bodies: {
    acknowledgement: (input) => [
      'We hebben uw aanvraag ontvangen om de tweestapsverificatie (2FA) van uw Bpart-account te resetten.',
      'Een medewerker van ons supportteam controleert ze manueel. We schrijven u op dit adres zodra ze behandeld is.',
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    request_details: (input) => [
      'We hebben uw aanvraag ontvangen om de tweestapsverificatie (2FA) van uw Bpart-account te resetten.',
      `Voordat we ze kunnen controleren, hebben we de volgende gegevens nodig:\n${input.missing.map((f) => `- ${nl.fieldNames[f]}`).join('\n')}`,
      'Antwoord op dit bericht met deze gegevens, vanaf het e-mailadres dat aan uw Bpart-account gekoppeld is.',
      ...confirmParagraphs(input),
      ...disputeParagraphs(input),
    ],
    confirmation: (input) => [
      'De tweestapsverificatie (2FA) is van uw Bpart-account verwijderd, zoals u gevraagd hebt. U kunt nu inloggen met uw wachtwoord.',
      'Zet voor uw veiligheid de tweestapsverificatie meteen opnieuw aan: log in, open de instellingen van uw account, kies Beveiliging en dan Tweestapsverificatie, en scan de nieuwe QR-code met uw authenticator-app.',
      ...disputeParagraphs(input, true),
    ],
    rejection: (input) => [
      'We konden uw aanvraag om de tweestapsverificatie (2FA) van uw Bpart-account te resetten niet goedkeuren.',
      ...(input.reason ? [`Reden opgegeven door ons supportteam:\n${input.reason}`] : []),
      'De tweestapsverificatie blijft actief op uw account. Hebt u nog hulp nodig? Antwoord dan op dit bericht.',
      ...disputeParagraphs(input),
    ],
    wrong_address: () => [
      'We hebben vanaf dit e-mailadres een bericht ontvangen over tweestapsverificatie (2FA).',
      'We kunnen zulke aanvragen alleen behandelen als ze komen van het e-mailadres dat aan uw Bpart-account gekoppeld is. Schrijf ons opnieuw vanaf dat adres.',
      'Hebt u ons niet geschreven? Dan kunt u dit bericht negeren.',
    ],
    approved_notice: (input) => [
      'Een medewerker van ons supportteam heeft uw aanvraag goedgekeurd om de tweestapsverificatie (2FA) van uw Bpart-account te resetten.',
      'Voor uw veiligheid gebeurt de reset pas na een wachttijd. We schrijven u opnieuw zodra hij uitgevoerd is.',
      ...(input.cancelUrl ? [`Om deze reset te annuleren voor hij gebeurt, gebruik deze link:\n${input.cancelUrl}`] : []),
      ...disputeParagraphs(input),
    ],
  },
};
