// What happened to the phone, as classes of event in fr/nl/en: each class with
// its verbs in the forms people write them (participles, passives, idioms).
import { describe, expect, test } from 'vitest';
import { eventClassesOf, isCarrierEvent, isDeviceEvent, isProFormEvent } from '../../src/core/recovery-vocabulary.ts';
import { fold } from '../../src/core/text-tools.ts';

const cases: Record<string, string[]> = {
  crushed: [
    'My dog chewed up my phone last night.',
    'Mon portable a été piétiné pendant le match.',
    'Mijn gsm is overreden door een tractor.',
    'Ik ben op mijn telefoon gaan zitten.',
  ],
  water: [
    'My toddler threw my phone in the bath.',
    'Mon fils a jeté mon téléphone dans la baignoire.',
    'Mijn zoontje heeft mijn gsm in bad gegooid.',
    'I dropped my phone into the toilet at work.',
    'Mon téléphone est passé au lave-linge.',
    'Mijn telefoon is meegewassen met de jeans.',
    "Mon GSM est tombé à l'eau pendant la sortie kayak.",
  ],
  heat: ['The battery swelled and the phone overheated.', "Mon GSM a grillé pendant l'orage.", 'Mijn smartphone is gesmolten op het dashboard.'],
  finished: ['My phone finally gave up on Sunday.', "Mon téléphone est hors d'usage.", 'Mijn gsm heeft het begeven.', 'The handset is beyond repair.'],
  gone: [
    'My handset was confiscated at the border.',
    'Mijn gsm is in beslag genomen.',
    'Iemand heeft mijn gsm uit mijn tas gehaald.',
    'Mijn gsm ligt nog in de taxi.',
    'My phone was pickpocketed on the tram.',
    "J'ai égaré mon portable à la fête.",
    'Mijn gsm is zoek sinds het kamp.',
  ],
  wiped: ['The repair shop formatted my phone.', "Mon téléphone a été remis aux paramètres d'usine.", 'Mijn telefoon is geformatteerd bij de herstelling.'],
  returned: [
    'I had to hand in my work phone when I left the firm.',
    "J'ai dû rendre mon téléphone de service à mon employeur.",
    'Ik moest mijn gsm van het werk inleveren.',
  ],
  struck: [
    'My phone was hit by a falling branch in the car park.',
    'Mon smartphone a pris un coup de raquette hier.',
    'Ik kreeg een klap tegen mijn gsm tijdens de training.',
    'I caught a cricket ball on my phone during practice.',
  ],
  discarded: [
    'My husband threw my old phone away when tidying up.',
    'Mon ancien téléphone est parti à la poubelle avec les cartons.',
    'Mijn gsm is per ongeluk bij het grofvuil beland.',
    'The phone with the app ended up in the recycling.',
  ],
  changed: ['I moved from an iPhone to a Pixel last week.', "Je suis passée d'Android à iPhone.", 'Ik ben overgeschakeld naar een andere gsm.'],
};

describe('events as classes', () => {
  for (const [name, sentences] of Object.entries(cases)) {
    test(`${name}: fr, nl, en`, () => {
      for (const s of sentences) {
        expect(isDeviceEvent(fold(s)), s).toBe(true);
        if (eventClassesOf(fold(s)).length > 0) expect(eventClassesOf(fold(s)), s).toContain(name);
      }
    });
  }

  test('each class reads at least one sentence on its own, not through the older list', () => {
    for (const [name, sentences] of Object.entries(cases))
      expect(
        sentences.some((s) => eventClassesOf(fold(s)).includes(name)),
        name,
      ).toBe(true);
  });

  test('the same words without a device, in the future or as an ordinary phrase are no event', () => {
    expect(isDeviceEvent(fold('Ik ben op zoek naar de instellingen van de app.'))).toBe(false);
    expect(isDeviceEvent(fold('In case my phone ever falls into the sea, what should I do?'))).toBe(false);
    expect(isDeviceEvent(fold('The treasurer finally gave up on the paper ledger.'))).toBe(false);
    expect(isDeviceEvent(fold('Notre local a été inondé et tout est trempé.'))).toBe(false);
    // Where the writer uses the app is not where the phone fell.
    expect(isDeviceEvent(fold('I use the app in the pool office every day.'))).toBe(false);
    expect(isDeviceEvent(fold("J'utilise l'application à la piscine communale."))).toBe(false);
  });

  test('loop 17: a phone gone overboard, a device sent back to whoever supplied it', () => {
    for (const s of [
      'During the regatta my mobile slipped overboard, so the codes are gone.',
      'Mon portable est tombé par-dessus bord pendant la sortie en kayak.',
      'Bij het vissen is mijn telefoon overboord gevallen.',
      'The old handset was sent back to the leasing firm with the app still on it.',
      "L'ancien smartphone a été renvoyé au fournisseur avec l'application dessus.",
      'Mijn vorige werkgsm is teruggestuurd naar de firma, met de app erop.',
    ])
      expect(isDeviceEvent(fold(s)), s).toBe(true);
    // Controls: a board of directors, a message sent back, are no event of a device.
    expect(isDeviceEvent(fold('The chair went overboard with the new rules for the board.'))).toBe(false);
    expect(isDeviceEvent(fold('Ik heb het formulier teruggestuurd naar het secretariaat.'))).toBe(false);
    expect(isDeviceEvent(fold('Ik werk in het zwembad en gebruik de app.'))).toBe(false);
  });
});

describe('fifth loop: more of the same event classes', () => {
  test.each([
    ['water', 'er is koffie over mijn gsm gegaan en nu doet hij niets meer'],
    ['water', 'my phone went into the rain barrel in the garden'],
    ['water', 'mijn telefoon is in de regenton gevallen'],
    ['water', "j'ai renversé mon café sur mon téléphone"],
    ['gone', "j'ai oublié ma veste dans le train avec mon téléphone dedans"],
    ['gone', 'I left my bag on the tram with the phone in it and never got it back'],
    ['gone', 'ik heb mijn rugzak met mijn gsm in de trein laten liggen'],
  ])('%s: %s', (cls, sentence) => {
    expect(eventClassesOf(fold(sentence))).toContain(cls);
  });

  test('the autocorrected "gem" after a possessive is a phone; other "gem" is not', () => {
    expect(isDeviceEvent(fold('mijn gem is in de vijver gevallen'))).toBe(true);
    expect(isDeviceEvent(fold('de gem. temperatuur is gevallen'))).toBe(false);
  });
});

describe('eighth loop: events told the way ordinary people tell them', () => {
  test.each([
    // A non-native writer names the phone in their own language.
    'Hier mon celular est tombé dans les escaliers.',
    'Yesterday somebody stole my telefone on the tram.',
    'Mijn Handy is gestolen op de markt.',
    'Il mio cellulare was stolen at the station last week.',
    // A past auxiliary with a modal or a causative before an infinitive: what someone had to do to the device.
    'Le réparateur a dû changer toute la carte de mon portable.',
    'Mon fils a fait effacer le téléphone avant de le vendre.',
    'The shop had to wipe my phone to fix the screen.',
    'De hersteller heeft mijn gsm moeten resetten.',
    'Mijn dochter liet de telefoon formatteren voor de verhuis.',
  ])('%s', (sentence) => {
    expect(isDeviceEvent(fold(sentence))).toBe(true);
  });

  test('the same verbs asked for, or "handy" as an adjective, are no event', () => {
    expect(isDeviceEvent(fold('Pouvez-vous réinitialiser mon application ?'))).toBe(false);
    expect(isDeviceEvent(fold('Kunnen jullie de app resetten?'))).toBe(false);
    expect(isDeviceEvent(fold('Ik had graag dat jullie de app resetten.'))).toBe(false);
    expect(isDeviceEvent(fold('Could you reset the app? That would be handy.'))).toBe(false);
  });
});

test('a hypothesis counts in the clause that tells the event: "in case it helps: my phone was stolen" is what happened', () => {
  expect(isDeviceEvent(fold('In case it helps: my phone was stolen at the gym on Tuesday.'))).toBe(true);
  expect(isDeviceEvent(fold("Au cas où ça vous aide : mon portable est tombé dans l'escalier."))).toBe(true);
  expect(isDeviceEvent(fold('In case my phone is ever stolen: what should I do?'))).toBe(false);
  expect(isDeviceEvent(fold('Voor het geval mijn gsm ooit gestolen wordt; wat moet ik dan doen?'))).toBe(false);
});

describe('loop 12: the event named as a noun, what did not come across said in the passive', () => {
  test.each([
    'After the replacement of my work phone the authenticator was gone.',
    'Since the theft of my phone on Saturday I cannot log in.',
    "Depuis le changement de mon GSM professionnel, je n'ai plus les codes.",
    'Na de vervanging van mijn oude gsm kan ik niet meer inloggen.',
    'The authenticator app was not transferred to the new handset.',
    "L'application n'a pas été migrée vers le nouvel appareil.",
    'De app is helaas niet overgezet naar de nieuwe telefoon.',
  ])('%s', (sentence) => {
    expect(isDeviceEvent(fold(sentence))).toBe(true);
  });

  test('the same nouns of something else are no event', () => {
    expect(isDeviceEvent(fold('The replacement of the printer is planned for March.'))).toBe(false);
    expect(isDeviceEvent(fold('Le changement de président aura lieu en juin.'))).toBe(false);
    expect(isDeviceEvent(fold('De vervanging van de voorzitter is goedgekeurd.'))).toBe(false);
  });
});

describe('loop 12: the phone "going for a swim", and a change of carrier', () => {
  test.each([
    'My phone took a swim in the harbour during the regatta.',
    'Mon GSM a pris un bain dans la Semois.',
    'Mijn gsm is gaan zwemmen in de vijver.',
    "Depuis que j'ai changé d'opérateur, mon téléphone ne reçoit plus rien.",
    'I switched carrier and my phone number changed.',
  ])('%s', (sentence) => {
    expect(isDeviceEvent(fold(sentence))).toBe(true);
  });

  test('a person going swimming, with the phone beside, is no event', () => {
    expect(isDeviceEvent(fold('We went swimming and I kept my phone in the locker.'))).toBe(false);
  });
});

test('loop 12: a screen gone black is a phone finished (en, nl; fr had "écran noir")', () => {
  expect(isDeviceEvent(fold('My phone screen went black after the update and nothing helps.'))).toBe(true);
  expect(isDeviceEvent(fold('Het scherm van mijn gsm blijft helemaal zwart.'))).toBe(true);
  expect(isDeviceEvent(fold('I prefer the black theme on my phone.'))).toBe(false);
});

test('loop 12: a bag snatched ("se faire arracher"), a phone given to someone', () => {
  expect(isDeviceEvent(fold('Je me suis fait arracher mon sac avec mon téléphone dedans.'))).toBe(true);
  expect(isDeviceEvent(fold('Mijn oude gsm heb ik aan mijn broer gegeven.'))).toBe(true);
  expect(isDeviceEvent(fold("J'ai fait arracher une dent, rien à voir avec le téléphone."))).toBe(false);
});

test('loop 13: a phone that ends up under something heavy is crushed; an app found empty is wiped (fr, nl, en)', () => {
  const crushed = [
    'My phone slid under a delivery van in the car park.',
    'Mon gsm est passé sous un chariot élévateur au dépôt.',
    'Mijn gsm is onder de wielen van een tractor beland.',
  ];
  const wiped = [
    'After the iOS update my authenticator app was completely empty.',
    "Depuis la mise à jour, l'application d'authentification est vide.",
    'Sinds de update is de authenticator leeg.',
  ];
  for (const s of crushed) expect(eventClassesOf(fold(s)), s).toContain('crushed');
  for (const s of wiped) expect(eventClassesOf(fold(s)), s).toContain('wiped');
  // Controls: a battery run down, being under the shower, a blank web page are no event of the phone.
  for (const s of ['Mijn batterij is helemaal leeg.', 'Ik stond onder de douche toen de code kwam.', 'The screen is blank when I open the website.'])
    expect(isDeviceEvent(fold(s)), s).toBe(false);
});

describe('loop 16: what could not be moved, said with a modal; the app found empty, its codes named', () => {
  test.each([
    'Mijn nieuwe werk-gsm kwam van de IT-dienst en de codes konden niet worden meegenomen.',
    'My employer gave me a new handset and the authenticator could not be migrated.',
    "J'ai reçu un nouveau smartphone et l'appli n'a pas pu être récupérée.",
    'Sinds de update van mijn gsm is de app voor de codes helemaal leeg.',
    'After the update my phone showed the app with all codes empty.',
    "Depuis la mise à jour de mon téléphone, l'application avec les codes est vide.",
  ])('%s', (sentence) => {
    expect(isDeviceEvent(fold(sentence))).toBe(true);
  });

  test('controls: files that could not be moved, a battery empty, are no event of the app', () => {
    expect(eventClassesOf(fold('De foto’s konden niet worden overgezet naar de nieuwe laptop.'))).toContain('named');
    expect(isDeviceEvent(fold('De foto’s konden niet worden overgezet naar de nieuwe laptop.'))).toBe(false);
    expect(eventClassesOf(fold('De batterij van mijn gsm is leeg.'))).not.toContain('wiped');
  });
});

describe('loop 18: a phone that stopped working, a move that failed, a device its holder no longer has', () => {
  test('stopped working, in the three languages', () => {
    for (const s of [
      'Mijn werktelefoon is vorige week gestopt met werken.',
      'Mijn oude gsm is ermee opgehouden.',
      'Mon smartphone a cessé de fonctionner pendant les vacances.',
      "Mon téléphone s'est arrêté de marcher d'un coup.",
      'My mobile just quit working on Sunday.',
      'The handset ceased to work after the update.',
    ])
      expect(eventClassesOf(fold(s)), s).toContain('finished');
    // Controls: a person who stopped, a habit given up, are no event of a device.
    expect(isDeviceEvent(fold('De vorige voorzitter is gestopt met werken bij de club.'))).toBe(false);
    expect(isDeviceEvent(fold('Notre secrétaire a cessé de venir aux réunions.'))).toBe(false);
  });

  test('a move to the new phone that failed, told with a modal', () => {
    for (const s of [
      'De authenticator-app heb ik niet kunnen overbrengen.',
      'Helaas kon ik de authenticator niet meenemen.',
      "Je n'ai pas réussi à transférer l'application.",
      "Nous n'avons pas pu migrer l'appli, hélas.",
      "I wasn't able to migrate the authenticator.",
      "We didn't manage to carry over the app.",
    ])
      expect(isDeviceEvent(fold(s)), s).toBe(true);
    // Controls: the same verbs of a file or a number, with no device, are no event.
    expect(isDeviceEvent(fold("Je n'ai pas pu transférer la facture au comptable."))).toBe(false);
    expect(isDeviceEvent(fold('Ik heb de foto’s niet kunnen overzetten naar mijn laptop.'))).toBe(false);
  });

  test('a device whose holder no longer has it (a handover), in the third person too', () => {
    for (const s of [
      "La validation en deux étapes est sur le portable de l'ancienne secrétaire, qui ne l'a plus.",
      'De authenticator staat op de telefoon van mijn voorganger en die heeft zij niet meer.',
      "The codes went to the former chair's phone and he doesn't have that phone anymore.",
    ])
      expect(isDeviceEvent(fold(s)), s).toBe(true);
    // Controls: something else no longer had, with no device, is no event.
    expect(isDeviceEvent(fold("L'ancien président n'a plus le temps de s'en occuper."))).toBe(false);
    expect(isDeviceEvent(fold('Onze voorzitter heeft geen tijd meer en de vergadering heeft hij niet meer bijgewoond.'))).toBe(false);
  });
});

// Loop 20: the old device given back, named by a pro-form ("the old one", "l'ancien"); not having thought to move the app.
test('the old device given back as "the old one", and not having thought to move the app, are events', () => {
  for (const s of [
    'I picked up my new company phone on Monday and gave the old one back to IT straight away.',
    "J'ai acheté un nouveau smartphone et je n'ai pas pensé à migrer Authenticator avant de le revendre.",
    'Ik kreeg een nieuwe gsm en had er niet aan gedacht om de codes over te zetten.',
    "I switched phones and didn't think to transfer the authenticator first.",
  ])
    expect(isDeviceEvent(fold(s)), s).toBe(true);
  // Controls: "one" given back with no device named, and thinking of a move to come, tell nothing.
  expect(isDeviceEvent(fold('I gave the new one back to my son, he prefers the blue cover.'))).toBe(false);
  expect(isDeviceEvent(fold("J'ai pensé à transférer l'application demain."))).toBe(false);
});

test('"again" said by a re- verb says the trouble is over, not when negated', async () => {
  const { signalsOf } = await import('../../src/core/recovery-vocabulary.ts');
  expect(signalsOf([fold('Merci, tout refonctionne !')]).resolved).toBe(true);
  expect(signalsOf([fold("L'appli remarche depuis ce matin.")]).resolved).toBe(true);
  expect(signalsOf([fold('Ça ne remarche pas.')]).resolved).toBe(false);
  expect(signalsOf([fold('Mon compte refonctionne pas')]).resolved).toBe(false);
});

describe('loop 21: events told over two sentences, a handover, a morning gone by', () => {
  test('"deze morgen" is a morning gone by, "morgen" alone tomorrow', () => {
    expect(isDeviceEvent(fold('Mijn gsm is deze morgen in de gracht gevallen.'))).toBe(true);
    expect(isDeviceEvent(fold('Mijn gsm gaat morgen naar de winkel en wordt vervangen.'))).toBe(false);
  });

  test('the 2FA on someone else’s phone, that person gone', () => {
    expect(isDeviceEvent(fold('Our volunteer set up the 2FA on his own phone; he has left and we cannot reach him.'))).toBe(true);
    expect(isDeviceEvent(fold("La stagiaire avait configuré l'application sur son propre téléphone, elle est partie en juin."))).toBe(true);
    // Control: someone else’s phone still here.
    expect(isDeviceEvent(fold('Our volunteer set up the 2FA on his own phone and still uses it.'))).toBe(false);
  });

  test('a bag lost or taken, the phone in it said next', () => {
    expect(isCarrierEvent(fold('My backpack was stolen on the train.'), fold('My phone was in it.'))).toBe(true);
    expect(isCarrierEvent(fold("On m'a volé mon sac au marché."), fold('Mon téléphone était dedans.'))).toBe(true);
    // Control: the phone not in it.
    expect(isCarrierEvent(fold('My backpack was stolen on the train.'), fold('Luckily my phone was in my pocket.'))).toBe(false);
  });

  test('an event of the device as a pronoun, after the sentence that names it', () => {
    expect(isProFormEvent(fold('I lost it on Saturday at the stadium.'), fold('I sign in with a YubiKey.'))).toBe(true);
    // Control: the sentence before names no device.
    expect(isProFormEvent(fold('I lost it on Saturday at the stadium.'), fold('I am the club treasurer.'))).toBe(false);
  });

  test('loop 22: the device as a pronoun on what carried it, lost with it, in one sentence', () => {
    const key = fold('My second factor is a security key.');
    expect(isProFormEvent(fold('It hung on my keychain, and the keychain was stolen from my coat at the gym.'), key)).toBe(true);
    expect(isProFormEvent(fold("Elle était sur mon trousseau, et j'ai perdu le trousseau au marché."), fold("J'utilise une YubiKey."))).toBe(true);
    // Controls: the keyring still here; the sentence before names no device.
    expect(isProFormEvent(fold('It hangs on my keychain, which I still have.'), key)).toBe(false);
    expect(isProFormEvent(fold('It hung on my keychain, and the keychain was stolen from my coat at the gym.'), fold('I am the treasurer.'))).toBe(false);
  });

  test('loop 22: a device that would not start any more, gave up, or whose battery was swollen; a phone changed, its name elided', () => {
    for (const s of [
      'Mijn telefoon kon na het laden niet meer opstarten.',
      'De gsm van mijn vader start niet meer op sinds zondag.',
      'Zijn oude smartphone gaf het vorige week helemaal op.',
      'Mon portable ne voulait plus s’allumer ce matin.',
      'My phone died, the battery was swollen.',
      "J'ai changé d'appareil la semaine passée.",
    ])
      expect(isDeviceEvent(fold(s)), s).toBe(true);
    // Controls: a request to start, a plan, no device.
    expect(isDeviceEvent(fold('Kan ik de app opnieuw opstarten op mijn gsm?'))).toBe(false);
    expect(isDeviceEvent(fold('Ik gaf het formulier gisteren op aan de balie.'))).toBe(false);
  });
});

test('loop 24: a screen that has gone black is a device finished; a black phone is not', () => {
  for (const s of [
    'I dropped my phone on the stairs and the screen has gone dark.',
    'Mijn gsm viel van de tafel en het scherm blijft zwart.',
    "Mon téléphone est tombé du vélo et l'écran est resté noir.",
  ])
    expect(eventClassesOf(fold(s)), s).toContain('finished');
  // Controls: the colour of a phone, a screen dimmed on purpose.
  expect(eventClassesOf(fold('My new phone is black and has a bigger screen.'))).not.toContain('finished');
  expect(eventClassesOf(fold("J'ai mis l'écran en mode sombre sur mon téléphone."))).not.toContain('finished');
});

describe('loop 25a: a fall told by the device, a verb of motion in the past and the path it took', () => {
  test('reads the fall (en, nl, fr), whatever the verb', () => {
    expect(isDeviceEvent(fold('Last night my mobile skidded off the roof of the car as we drove away.'))).toBe(true);
    expect(isDeviceEvent(fold('I set my phone on the railing and it tumbled down into the courtyard.'))).toBe(true);
    expect(isDeviceEvent(fold('Gisteren is mijn telefoon van de trap gerold.'))).toBe(true);
    expect(isDeviceEvent(fold('Bij het uitladen is mijn gsm tussen de kratten geschoven.'))).toBe(true);
    expect(eventClassesOf(fold('Gisteren is mijn telefoon van de trap gerold.'))).toContain('fell');
  });
  test('not a device that was set up, bought or logged in somewhere', () => {
    expect(isDeviceEvent(fold('My phone logged out of the app this morning.'))).toBe(false);
    expect(isDeviceEvent(fold('My phone connected through the hotel wifi.'))).toBe(false);
    expect(isDeviceEvent(fold('Mijn gsm is in de winkel gekocht.'))).toBe(false);
  });
  test('kwijt- compounds and a Dutch device that fell silent', () => {
    expect(isDeviceEvent(fold('Ik heb mijn gsm kwijtgespeeld op de kermis.'))).toBe(true);
    expect(isDeviceEvent(fold('Mijn telefoon is zaterdag plots stilgevallen.'))).toBe(true);
    // Control: a power cut, no device.
    expect(isDeviceEvent(fold('De stroom is zaterdag uitgevallen.'))).toBe(false);
  });
  test('the key on what carried it, taken up by a relative pronoun', () => {
    const before = fold("J'ouvre ma session avec une clé de sécurité.");
    expect(isProFormEvent(fold("Elle était dans mon sac, que j'ai oublié dans le train."), before)).toBe(true);
    // Control: the bag still at hand.
    expect(isProFormEvent(fold("Elle était dans mon sac, que j'ai encore."), before)).toBe(false);
  });
});

describe('loop 26a: what happened told by its structure rather than by one verb', () => {
  test('an indefinite agent taking the device, in any tense a writer uses', () => {
    expect(isDeviceEvent(fold('At the market someone has grabbed my mobile out of my basket.'))).toBe(true);
    expect(isDeviceEvent(fold('In the bus somebody take my phone from my pocket.'))).toBe(true);
    // Controls: someone taking something else than the device or what carried it.
    expect(isDeviceEvent(fold('Somebody took my seat on the train, so I sat with my phone on the floor.'))).toBe(false);
    expect(isDeviceEvent(fold('Someone has taken my place in the queue while I was on my phone.'))).toBe(false);
  });
  test('the laundry, a handed-down phone reset by its new holder, a phone sent flying, the screen that will not come on', () => {
    expect(isDeviceEvent(fold('My phone stayed in my apron and the apron went into the laundry.'))).toBe(true);
    expect(isDeviceEvent(fold('Mon téléphone était dans ma blouse, partie à la blanchisserie.'))).toBe(true);
    expect(isDeviceEvent(fold('My old mobile went to my niece and she wiped it the same evening.'))).toBe(true);
    expect(isDeviceEvent(fold("Mon gsm était sur la table et le chien l'a envoyé par terre."))).toBe(true);
    expect(isDeviceEvent(fold("Mon gsm était sur le muret et le vent l'a envoyé dans le ravin."))).toBe(true);
    expect(isDeviceEvent(fold("Since then my phone won't come on at all."))).toBe(true);
    expect(isDeviceEvent(fold('Mon portable m’a glissé des mains sur le quai.'))).toBe(true);
    expect(isDeviceEvent(fold('The club gave me a new service phone on Monday.'))).toBe(true);
    expect(isDeviceEvent(fold("Mon gsm était en réparation et le magasin l'a envoyé à Liège pour un devis."))).toBe(false);
    // Controls: the laundry without the phone in it; a phone that went to a meeting; a reset asked, not done.
    expect(isDeviceEvent(fold('I do the laundry on Fridays, my phone is on the shelf.'))).toBe(false);
    expect(isDeviceEvent(fold('My phone went to the meeting with me.'))).toBe(false);
    expect(isDeviceEvent(fold('Could someone reset my phone settings for the app?'))).toBe(false);
  });
});

describe('loop 27a: Dutch device changes told by morphology, and the app told by where it was', () => {
  test('loop 27a: a new device as a neuter noun or closing a compound, and the noun left out after "new"', () => {
    expect(isDeviceEvent(fold('Gisteren kreeg ik van de zaak een nieuw toestel.'))).toBe(true);
    expect(isDeviceEvent(fold('Sinds maandag heb ik een nieuwe werktelefoon van de school.'))).toBe(true);
    expect(isDeviceEvent(fold('Mijn telefoon deed raar en ik heb er een nieuwe besteld.'))).toBe(true);
    expect(isDeviceEvent(fold("Mon portable faisait des siennes, j'en ai acheté un nouveau et l'application n'y est plus."))).toBe(true);
    // Controls: a new device still to come; a new one wanted, not had.
    expect(isDeviceEvent(fold('Volgende maand krijg ik een nieuw toestel van de gemeente.'))).toBe(false);
    expect(isDeviceEvent(fold('Ik wil een nieuwe kopen, werkt de app dan nog?'))).toBe(false);
  });
  test('loop 27a: separable verbs of going out of use or going back (particle + ge + participle)', () => {
    expect(isDeviceEvent(fold('Zaterdag is mijn smartphone plots weggevallen en hij komt niet meer terug.'))).toBe(true);
    expect(isDeviceEvent(fold('Mijn gsm is uitgevallen tijdens de wandeling.'))).toBe(true);
    expect(isDeviceEvent(fold('Het oude toestel is teruggestuurd naar de winkel.'))).toBe(true);
    expect(isDeviceEvent(fold('Mijn vorige gsm heb ik doorgegeven aan mijn neef.'))).toBe(true);
    // Controls: a phone found back; a present habit; something else that fell out, no device named.
    expect(isDeviceEvent(fold('Gelukkig heb ik mijn gsm teruggevonden in de auto.'))).toBe(false);
    expect(isDeviceEvent(fold('Mijn gsm valt soms even uit als het koud is.'))).toBe(false);
    expect(isDeviceEvent(fold('De repetitie van dinsdag is uitgevallen.'))).toBe(false);
  });
  test('loop 27a: the app on the old device, or no longer on the one in hand', () => {
    expect(isDeviceEvent(fold('Het programmaatje met de cijfers stond alleen op mijn vorige.'))).toBe(true);
    expect(isDeviceEvent(fold('Na de reparatie stond de app er niet meer op.'))).toBe(true);
    expect(isDeviceEvent(fold('The authenticator was only on my old handset.'))).toBe(true);
    expect(isDeviceEvent(fold('Les codes se trouvaient uniquement sur mon ancien téléphone.'))).toBe(true);
    // Controls: the app still there.
    expect(isDeviceEvent(fold('Na de update stond de app er nog op.'))).toBe(false);
    expect(isDeviceEvent(fold('Is de app op mijn oude gsm nog te gebruiken?'))).toBe(false);
  });
});

describe('loop 27a: the key on what carried it, whatever the determiner, and what was done to the carrier after the fact', () => {
  const before = fold('Ik gebruik een YubiKey als tweede stap voor bPart.');
  test('loop 27a: a gerund or a past infinitive after "after" tells what was done to the carrier', () => {
    expect(
      isProFormEvent(
        fold('It hung on a keychain in a coat I borrowed, and I only noticed after handing back the coat.'),
        fold('My login uses a security key.'),
      ),
    ).toBe(true);
    expect(isProFormEvent(fold('Hij zat in een jas van de vereniging en ik merkte het pas na het inleveren van de jas.'), before)).toBe(true);
    // Controls: the carrier kept, and a present state with no event.
    expect(isProFormEvent(fold('It hung on a keychain in a coat I borrowed, and I still wear the coat.'), fold('My login uses a security key.'))).toBe(false);
    expect(isProFormEvent(fold('Hij zit in een jas die ik nog draag.'), before)).toBe(false);
  });
});

test('loop 28a: a demonstrative before the device reads as its definite article, never a relative pronoun before an owner', () => {
  const event = (s: string) => isDeviceEvent(fold(s));
  expect(event('We had to give this work mobile back to the agency in March.')).toBe(true);
  expect(event('Cet appareil, je l’ai rendu à mon ancien employeur.')).toBe(true);
  expect(event('Dat oude toestel heb ik teruggegeven aan de zaak.')).toBe(true);
  // Controls: the same demonstratives with no event; "die" as a relative pronoun before the owner's device stays none.
  expect(event('That phone is the one I use for work.')).toBe(false);
  expect(event('Voor klanten die hun gsm gebruiken om te betalen is er een nieuwe kassa.')).toBe(false);
});

test('loop 28a: Flemish "plat" after the copula or an adverb of degree is a device crushed dead', () => {
  expect(eventClassesOf(fold('Mijn smartphone is na de val van de ladder helemaal plat.'))).toContain('crushed');
  expect(isDeviceEvent(fold('Mijn toestel kwam onder een kar terecht, compleet plat.'))).toBe(true);
  // Controls: laid flat, and "plat" as a dialect or a dish, no copula nor degree before it.
  expect(isDeviceEvent(fold('Ik leg mijn gsm altijd plat op tafel tijdens de repetitie.'))).toBe(false);
  expect(isDeviceEvent(fold('Il a photographié le plat du jour avec son téléphone.'))).toBe(false);
});

test('loop 28a: the device as a pronoun after the sentence that names it is an event whoever dropped it', () => {
  const previous = fold('Our old chairman kept the authenticator on his work phone.');
  expect(isProFormEvent(fold('She dropped it off the ferry last week.'), previous)).toBe(true);
  expect(isProFormEvent(fold('They lost it at the festival.'), previous)).toBe(true);
  // Controls: the pronoun with no event told of it, and a pronoun with no device named before.
  expect(isProFormEvent(fold('He gave it to me at the meeting.'), previous)).toBe(false);
  expect(isProFormEvent(fold('She dropped it in the pond.'), fold('Our treasurer bought a new boat.'))).toBe(false);
});
