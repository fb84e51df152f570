// What people write about 2FA, their devices and what happened to them, in
// French, Dutch and English. Every pattern runs on fold()ed text (lower case,
// no accents, straight apostrophes), one sentence at a time.

const TWO_FA = new RegExp(
  [
    String.raw`\b2\s?-?fa\b`,
    String.raw`\btwo[- ]?(factor|step)`,
    String.raw`\b2[- ]?(step|staps|stappen|factor|facteurs?|etapes?)\b`,
    String.raw`\bdouble[- ]?(authentification|authentication|authentificatie|facteur|factor|verification|validation)`,
    String.raw`\bauthentification (a |en )?(deux|2|double|forte)`,
    String.raw`\b(verification|validation|connexion|identification) en (deux|2) (etapes|temps)`,
    String.raw`\ba2f\b`,
    String.raw`\bmfa\b`,
    String.raw`\b(t|h)?otp\b`,
    String.raw`authenticat(or|eur)`,
    String.raw`\bauthy\b`,
    String.raw`\bcodes? (de verification|d'authentification|de securite|a usage unique|de connexion|a (6|six) chiffres|d'acces)`,
    String.raw`\bverificatie-?codes?`,
    String.raw`\b(beveiligings|inlog|authenticatie|verificatie)-?codes?`,
    String.raw`\btwee-?(staps|factor|ledige)`,
    String.raw`\b2-?staps`,
    String.raw`\bdubbele (authenticatie|verificatie|beveiliging)`,
    String.raw`\b(verification|security|authentication|one-time|login|6-digit|six-digit) codes?\b`,
    String.raw`\bauthenticat(ion|ie) (app|applicatie)`,
    String.raw`\bsecond (factor|facteur)`,
    String.raw`\bmulti-?fa(ct|k)tor`,
  ].join('|'),
);

const DEVICE = String.raw`(?:(?:tele|smart|i|cell ?|mobile ?)?phone|gsm|portable|telephone|telefoon|smartphone|mobiel(?:tje)?|toestel|appareil|device|tablet(?:te)?|ipad|android|samsung|\bapp\b|\bappli\b|application|applicatie|authenticat(?:or|eur)|authy|yubikey|(?:security |cle de securite|beveiligings)?sleutel|security key)`;

// Things that happen to a device or an app. Verbs are past forms on purpose:
// "reset"/"réinitialiser"/"resetten" as requests are not what happened.
const EVENT = new RegExp(
  [
    // English
    String.raw`\b(lost|stolen|broke|broken|smashed|cracked|died|dead|damaged|wiped|erased|replaced|upgraded|deleted|uninstalled|removed|drowned|misplaced|fell|dropped|(was|been|got|had|i) (factory )?reset|factory reset|new (phone|device|iphone|smartphone|mobile|handset)|(changed|switched|swapped) (my )?(phone|device|mobile)s?|no longer (have|has|work|works|opens|available)|(doesn't|does not|don't|won't|will not|is not|isn't) (work|open|load|start|turn on)|stopped working|not working|can't find|cannot find|can no longer (find|open|use|access)|lost access|crashed|(shows|gives|generates) (the )?wrong codes?|codes? (are|is) (wrong|invalid|incorrect|rejected|not accepted))\b`,
    // French
    String.raw`\b(perdu|perte|vole|volee|vol|casse|cassee|brise|tombee?|hs|hors service|en panne|noye|ne (fonctionne|marche|s'ouvre|s'allume) plus|remplace|remplacee|change de (telephone|portable|gsm|smartphone|mobile|appareil)|nouveau (telephone|portable|gsm|smartphone|mobile|appareil)|nouvel (appareil|iphone|android)|reinitialise|reinitialisee|formate|remis a zero|supprime|supprimee|desinstalle|desinstallee|efface|effacee|plus acces|n'ai plus|n'est plus (disponible|accessible)|ecran (casse|noir)|disparu|disparue|plante|crashe|codes? (incorrects?|invalides?|refuses?)|ne (sont|est) plus (valides?|acceptes?|reconnus?))\b`,
    // Dutch
    String.raw`\b(kwijt|kwijtgeraakt|verloren|verlies|gestolen|diefstal|kapot|stuk|gebroken|gevallen|beschadigd|nieuwe (telefoon|gsm|smartphone|toestel|iphone)|vervangen|gereset|fabrieksinstellingen|gewist|verwijderd|gedeinstalleerd|(werkt|doet het) niet meer|geen toegang meer|heb (ik )?(de app |het toestel |die )?niet meer|overgestapt|veranderd van (telefoon|gsm|toestel)|verdwenen|gecrasht|(is|zijn) weg|(foute|verkeerde|ongeldige) codes?|codes? (zijn|is) (fout|ongeldig))\b`,
  ].join('|'),
);

const DEVICE_RE = new RegExp(DEVICE);

// "Please reset / remove / disable my 2FA" and their nouns ("2FA reset").
const RESET = new RegExp(
  String.raw`\b(reset|resets|resetting|remove|removal|disable|deactivate|deactivation|turn off|switch off|clear|bypass|unlink|delete|reinitialiser|reinitialisez|reinitialisation|reinitialiseren|desactiver|desactivez|desactivation|supprimer|supprimez|suppression|retirer|enlever|annuler|remettre a zero|resetten|gereset worden|reset worden|uitschakelen|uitzetten|uit te schakelen|uit te zetten|verwijderen|verwijdering|deactiveren|opnieuw instellen|herstellen|loskoppelen|terugzetten)\b`,
);

const ACCESS = new RegExp(
  [
    String.raw`\b(can't|cannot|can not|unable to|no longer able to|not able to) (log ?in|sign ?in|login|access|get (in|into|back))`,
    String.raw`\b(locked out|lost access|regain access|get back into|back into my account)`,
    String.raw`\b(ne )?(peux|parviens|arrive|pouvons) (plus|pas) (a )?(me |nous )?(connecter|acceder|entrer|rentrer|identifier)`,
    String.raw`\b(impossible|incapable) de (me )?(connecter|acceder)`,
    String.raw`\b(recuperer|retrouver) (l'acces|mon acces|mon compte|l'acces a mon compte)`,
    String.raw`\b(n'ai|n'avons) plus acces|\bbloquee? (hors|dehors)|\bbloque\b`,
    String.raw`\b(kan|geraak|raak|kunnen) (er )?(niet meer|niet) (in ?loggen|aanmelden|binnen|inloggen)`,
    String.raw`\bgeen toegang( meer)?|\bbuitengesloten|\btoegang (terug|herstellen|terugkrijgen)`,
  ].join('|'),
);

const ENABLE = new RegExp(
  [
    String.raw`\b(how|where) (do|can|should|would) (i|we) (enable|activate|set ?up|turn on|switch on|configure|add|use)`,
    String.raw`\b(want|like|wish|plan) to (enable|activate|set ?up|turn on|switch on)`,
    String.raw`\bcomment (puis-je |peut-on |faire pour )?(activer|mettre en place|configurer|installer|utiliser)`,
    String.raw`\b(souhaite|voudrais|veux|aimerais) (activer|mettre en place|configurer)`,
    String.raw`\bhoe (kan ik|kunnen we|moet ik|activeer ik|zet ik|stel ik)`,
    String.raw`\b(wil|zou|willen) (graag )?.{0,40}(inschakelen|activeren|instellen|aanzetten)`,
  ].join('|'),
);

export interface RecoverySignals {
  twoFa: boolean;
  deviceEvent: boolean;
  resetAsk: boolean;
  accessProblem: boolean;
  enableQuestion: boolean;
  phoneLoss: boolean;
}

export function mentions2fa(folded: string): boolean {
  return TWO_FA.test(folded);
}

/** A sentence that says what happened to the 2FA device or app. */
export function isDeviceEvent(folded: string): boolean {
  return DEVICE_RE.test(folded) && EVENT.test(folded);
}

export function isResetAsk(folded: string): boolean {
  return RESET.test(folded) && TWO_FA.test(folded);
}

export function signalsOf(foldedSentences: string[]): RecoverySignals {
  const any = (test: (s: string) => boolean) => foldedSentences.some(test);
  return {
    twoFa: any(mentions2fa),
    deviceEvent: any(isDeviceEvent),
    resetAsk: any(isResetAsk),
    accessProblem: any((s) => ACCESS.test(s)),
    enableQuestion: any((s) => ENABLE.test(s)),
    phoneLoss: any((s) => /phone|gsm|telefoon|portable|mobiel/.test(s) && EVENT.test(s)),
  };
}
