// What people write about 2FA, their devices and what happened to them, in
// French, Dutch and English. Every pattern runs on fold()ed text (lower case,
// no accents, straight apostrophes), one sentence at a time.

import { correctTypos } from './typos.ts';

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
    // "l'appli pour les codes", "the app with the login codes", "de app voor de codes"
    String.raw`\b(app|appli|application|applicatie)\b.{0,30}\b(pour|voor|for|with|met|avec|des|van) .{0,20}\bcodes?\b`,
    String.raw`\bcodes?\b.{0,25}\b(de l'|d'une |from the |from an |van de |uit de |uit een |of the |of an )(app|appli|application|applicatie)\b`,
    // "l'appli d'authentification", "the verification app", "codes pour me connecter", "code om in te loggen"
    String.raw`\b(app|appli|application|applicatie)s? (d'|de |van |voor )?(authentification|authentication|authenticatie|verification|verificatie)\b`,
    String.raw`\bcodes? (pour (me|se|nous) (connecter|identifier)|to (log|sign) ?in|om (in te loggen|aan te melden))\b`,
    // "I no longer get the codes", "je ne reçois plus le code", "ik krijg geen codes meer": the codes that stopped coming.
    String.raw`\b(no longer|don't|do not|can't|cannot|never) (get|receive)s? (the |any |my )?(sms |text )?codes?\b`,
    String.raw`\bne (recois|recevons|recoit) (plus|pas) (les |le |de |d')?(sms |codes?)`,
    String.raw`\b(krijg|ontvang|krijgen|ontvangen) (ik |we )?(de |geen )?(sms-?)?codes? (niet )?meer\b`,
    // The codes sent to a number the writer no longer has: "the codes go to my old number", "les codes arrivent sur mon ancien numéro".
    String.raw`\b(codes?|sms)\b.{0,30}\b(old|previous|former|ancien|ancienne|oude|vorige) (number|phone number|numero|nummer|gsm-?nummer|phone|telephone|gsm|telefoon)\b`,
    // Stuck at the step that asks for it: "stuck at the code screen", "bloquée à l'écran du code", "ik blijf hangen op het codescherm".
    String.raw`\b(code|verification|verificatie) (screen|page|step|prompt)\b|\b(ecran|page|etape) (du|de) (code|verification)\b|\bcode-?scherm|\b(scherm|stap) (van|voor) de (code|verificatie)\b`,
    // "Plus moyen de recevoir les codes", "I can't get the codes any more", "ik kan geen codes meer ontvangen": no way to get them.
    String.raw`\b(plus moyen|impossible|incapable|pas moyen) de (recevoir|avoir|obtenir|generer) (les |le |mes |mon |des |de |d')?(sms |codes?)`,
    String.raw`\b(n'arrive|n'arrivons|ne parviens) (plus|pas) a (recevoir|avoir|obtenir) (les |le |mes |des )?(sms |codes?)`,
    String.raw`\b(can't|cannot|can no longer|unable to|no way to|not able to) (get|receive|generate) (the |any |my |our )?(sms |text |login |security )?codes?\b`,
    String.raw`\b(kan|kunnen) (ik |we )?(de |geen |mijn )?(sms-?)?codes? (niet )?meer (ontvangen|krijgen|aanmaken|genereren)\b`,
  ].join('|'),
);

const DEVICE = String.raw`(?:(?:tele|smart|i|cell ?|mobile ?)?phone|gsm|\btel\b|portable|telephone|telefoon|smartphone|handset|mobiel(?:tje)?|toestel|appareil|device|tablet(?:te)?|ipad|android|samsung|\bapp\b|\bappli\b|application|applicatie|authenticat(?:or|eur)|authy|yubikey|(?:security |cle de securite|beveiligings)?sleutel|security key)`;

// Things that happen to a device or an app. Verbs are past forms on purpose:
// "reset"/"réinitialiser"/"resetten" as requests are not what happened.
const EVENT = new RegExp(
  [
    // English
    String.raw`\b(lost|stolen|broke|broken|smashed|cracked|died|dead|damaged|wiped|erased|replaced|upgraded|deleted|uninstalled|removed|drowned|misplaced|fell|dropped|(was|been|got|had|i) (factory )?reset|factory reset|new (phone|device|iphone|smartphone|mobile|handset)|(changed|switched|swapped|replaced|upgraded) (my |our |the )?([a-z]+ )?(phone|device|mobile|handset|iphone|smartphone)s?|(didn't|did not|won't|wouldn't|doesn't) (come|carry|transfer|move|migrate) (across|over)|(forgot|forgotten|didn't|did not) (to )?(move|transfer|migrate|back ?up)|water damage|(is|are|was) gone|disappeared|passed (the phone |it )?on|handed (it )?(back|over|in)|(gave|given) (it )?away|(won't|doesn't|does not|will not) (turn|switch) on|no longer (have|has|work|works|opens|available)|(doesn't|does not|don't|won't|will not|is not|isn't) (work|open|load|start|turn on)|stopped working|not working|can't find|cannot find|can no longer (find|open|use|access)|lost access|crashed|nicked|pinched|swiped|mugged|robbed|bricked|went through the wash(ing machine)?|(shows|gives|generates) (the )?wrong codes?|codes? (are|is) (wrong|invalid|incorrect|rejected|not accepted)|returned|given back|traded in|traded (my |the |our )?([a-z]+ )?(phone|device|mobile|handset|iphone|smartphone) in|sold|crushed|squashed|run over|came down on|went missing|(burglary|break-in|robbery|theft)|taken in (a|the) (burglary|break-in|robbery)|left (my |the |our )?([a-z]+ )?(phone|device|mobile) (at|in|on|behind)|(changed|new|different) (my )?(sim|sim card|phone number|number)|faulty|defective|broke down|(has|have|had) left|left (the|our) (company|club|school|team|organi[sz]ation|association|charity|council|firm))\b`,
    // French
    String.raw`\b(perdu|perdue|perte|vole|volee|vol|fait voler|restitue|restituee|rendue? (a|au) l'operateur|casse|cassee|brise|brisee?|tombee?|mort|morte|fichu|glisse|hs|hors service|en panne|noye|ne (fonctionne|marche|s'ouvre|s'allume) plus|remplace|remplacee|change de (telephone|portable|gsm|smartphone|mobile|appareil)|nouveau (telephone|portable|gsm|smartphone|mobile|appareil)|(du|oblige de|obligee de) changer (de|mon|ma) (telephone|portable|gsm|smartphone|mobile|appareil)|nouvel (appareil|iphone|android)|n'a pas suivi|pas (pense a )?transfere|(est|sont) vides?|reinitialise|reinitialisee|formate|remis a zero|supprime|supprimee|desinstalle|desinstallee|efface|effacee|plus acces|n'ai plus|n'est plus (disponible|accessible)|ecran (casse|noir)|disparu|disparue|plante|crashe|codes? (incorrects?|invalides?|refuses?)|ne (sont|est) plus (valides?|acceptes?|reconnus?)|rendu l'ame|lache|revendu|revendue|(reste|restee) sur (mon |l')?ancien|fait tomber|plus rien ne (fonctionne|marche)|oublie (mon|ma) (telephone|portable|gsm)|defectueux|change de (numero|carte sim)|nouveau numero|defectueuse|en rade|(s'est|est|s'etait) bloquee?|reinstalle|reinstallee|(du|duu?e?) (le |la )?(reinstaller|reinitialiser|formater)|(est|sont) partie?s? avec|a quitte|ont quitte|ne travaille plus|repris par|echange|(est |suis )?restee? (dans|sur|au|a la|a l'|chez) (le |la |l'|un |une |mon |ma )|oubliee? (dans|sur|au|a la|chez) (le |la |l'|un |une )|ecrase|ecrasee|cambriolage|cambriole|cambriolee|emporte|emportee|arrache|arrachee|personne ne l'a (rapporte|rendu|retrouve))\b`,
    // Dutch
    String.raw`\b(kwijt|kwijtgeraakt|verloren|verlies|gestolen|diefstal|kapot|kapotgegaan|kapotgevallen|stuk|stukgegaan|stukgevallen|gebroken|gevallen|ingeleverd|niet meegekomen|niet meegegaan|(is|was) leeg|beschadigd|nieuwe (telefoon|gsm|smartphone|toestel|iphone)|vervangen|gereset|fabrieksinstellingen|gewist|verwijderd|gedeinstalleerd|(werkt|doet het) niet meer|doet (niets|niks) meer|reageert niet meer|(is|zijn) .{0,40}(beland|terechtgekomen)|geen toegang meer|heb (ik )?.{0,40} niet meer|overgestapt|veranderd van (telefoon|gsm|toestel)|verdwenen|gecrasht|(is|zijn) weg|(foute|verkeerde|ongeldige) codes?|codes? (zijn|is) (fout|ongeldig)|ingeruild|ingewisseld|verkocht|thuis (laten liggen|vergeten)|laten vallen|(ander|nieuw) (gsm-?)?nummer|nieuwe simkaart|defect|defekt|overleden|gestorven|teruggegeven|terugbezorgd|(is|zijn) vertrokken|werkt (hier )?niet meer bij|(heeft|hebben) .{0,30}verlaten|meegenomen|inbraak|ingebroken|overvallen|verpletterd|geplet|blijven liggen|laten liggen|vergeten (op|in) de)\b`,
  ].join('|'),
);

// Where water is, for the water class ("the pool", "la baignoire", "de vijver").
const WATER_EN = String.raw`(?:water|toilet|loo|pool|swimming pool|river|sea|lake|canal|bath|bathtub|sink|pond|trough|bucket|puddle|drain|harbour|harbor|ditch)s?\b`;
const WATER_FR = String.raw`(?:l'eau|la piscine|les toilettes|la toilette|les wc|la riviere|la mer|le lac|le canal|la baignoire|le bain|l'evier|l'etang|la mare|le seau|la flaque|la cuvette|l'abreuvoir|le fosse|la meuse|l'escaut)`;
const WATER_NL = String.raw`(?:water|toilet|wc|zwembad|rivier|zee|meer|kanaal|bad|gracht|vijver|sloot|emmer|plas|beek|drinkbak|schelde|maas)`;

// What happens to a phone, as classes of event, each in the three languages and in the
// forms people write (past participles, passives, idioms). Added to EVENT above; one class
// per line so a missing verb has an obvious home.
const EVENT_CLASSES: Record<string, { en: string; fr: string; nl: string }> = {
  // Force: stepped on, run over, kicked, bitten, bent.
  crushed: {
    en: String.raw`trampled|trodden on|stepped on|stood on|sat on|(?:ran|run|driven|drove|rolled) over|kicked (?:out of|off|over|into|across)|stamped on|flattened|bent|snapped|chewed(?: up)?|bitten|eaten by`,
    fr: String.raw`pietinee?|(?:marche|roule|assise?) dessus|tordue?|pliee?|mordue?|machouillee?|rongee?|bouffee?|coincee? (?:dans|sous)`,
    nl: String.raw`(?:plat|kapot)?(?:ver)?trappeld|(?:plat|kapot)?getrapt|(?:er)?(?:op|over(?:heen)?) (?:(?:mijn|m'n|de|het|zijn|haar|onze) [a-z-]+ )?(?:gaan )?(?:staan|zitten|gestaan|gezeten|gereden)|(?:plat|kapot)?gereden|overreden|aangereden|geplooid|geknakt|(?:kapot|door)gebeten|opgegeten|opgevreten`,
  },
  // Water and other liquids: fell in, landed in, the washing machine, soaked.
  water: {
    // Into water, by any verb of falling or throwing: "fell in the pool", "threw my phone in the bath", "landed in the trough",
    // "in het zwembad gevallen", "a fini dans la rivière" ("I use the app in the pool office" is no event).
    en: String.raw`(?:into|down) (?:the |a |my |our )?${WATER_EN}|(?:fell|fallen|dropped|landed|went|slipped|threw|thrown|tossed|knocked|ended up|sank|sunk|was|got)(?: [\w']+){0,3} in (?:the |a |my |our )?${WATER_EN}|washing machine|washer|(?:soaked|submerged|waterlogged|got wet|drenched)|spilt|spilled`,
    fr: String.raw`(?:tombee?|jetee?|glissee?|plongee?|atterrie?|finie?|passee?|noyee?|partie?|coulee?|lance|lancee?)(?: [\w']+){0,3} (?:dans|a) ${WATER_FR}|a l'eau|machine a laver|lave-linge|lave-vaisselle|passee? (?:a la machine|au lave-linge)|trempee?|mouillee?|prise? l'eau|renverse (?:du|de la|de l'|mon|ma) \w+ (?:sur|dessus)`,
    nl: String.raw`(?:in|door) (?:de|het|een) (?:wasmachine|was)|in (?:de |het |een )?${WATER_NL}(?: [\w']+){0,2} (?:gevallen|gegooid|gegleden|beland|gesukkeld|gedoken|terechtgekomen|gesprongen|gezonken|verdronken|gekieperd|gesmeten|gelegd|gelegen|gevallen)|meegewassen|doorweekt|kletsnat|nat geworden|waterschade|verzopen|ondergedompeld|(?:koffie|water|thee) (?:over|op)`,
  },
  // Heat, fire, electricity, a battery.
  heat: {
    en: String.raw`melted|burnt|burned|fried|overheated|exploded|blew up|caught fire|short-?circuited|(?:battery|batteries) (?:swelled|swollen|bulged|exploded|died)`,
    fr: String.raw`fondue?|a fondu|brulee?|grillee?|cramee?|explosee?|surchauffee?|(?:a )?pris feu|court-circuit|batterie (?:gonflee|morte|a gonfle|a explose)`,
    nl: String.raw`gesmolten|verbrand|doorgebrand|ontploft|oververhit|vlam gevat|kortsluiting|batterij (?:opgezwollen|gezwollen|ontploft|leeg en dood)`,
  },
  // Finished: given up, beyond repair, written off.
  finished: {
    en: String.raw`(?:given|gave) (?:up|out)|packed (?:up|in)|conked out|bit the dust|beyond (?:repair|saving|fixing)|(?:a )?write-?off|written off|totall?ed|unusable|irreparable|shattered|destroyed|ruined|(?:has|is|was) had it`,
    fr: String.raw`irreparable|hors d'usage|inutilisable|detruite?|foutue?|bousillee?|eclatee?|fissuree?|felee?|(?:a |m'a )lache|ne repond plus|plus rien a faire|(?:est )?(?:kaput|ko)\b`,
    nl: String.raw`(?:helemaal |volledig |mors)?dood|de geest gegeven|het begeven|(?:heeft|had) het begeven|onherstelbaar|niet (?:meer )?te (?:herstellen|repareren|redden)|total loss|vernield|vernietigd|verbrijzeld|gebarsten|gesneuveld|(?:is|was) naar de vaantjes|reageert niet|om zeep`,
  },
  // Gone: mislaid, taken, not to be found.
  gone: {
    en: String.raw`pickpocketed|snatched|grabbed|went astray|left behind|can't be found|nowhere to be found|(?:was|got|been) taken|took (?:my|our|the) (?:\w+ )?(?:phone|mobile|handset|device)|confiscated|seized|impounded|slipped out of|never found it`,
    fr: String.raw`egaree?|derobee?|subtilisee?|introuvable|paumee?|piquee?|(?:on )?(?:me l'a|m'a) (?:pris|pique|vole)|confisquee?|saisie?|(?:tombee?|glissee?) de (?:ma|mon) (?:poche|sac|veste|main)s?|jamais retrouvee?`,
    nl: String.raw`(?:is|was|raakte|ben) zoek|zoekgeraakt|ontvreemd|gepikt|gejat|achtergelaten|onvindbaar|niet (?:meer )?(?:terug )?te vinden|afgepakt|afgenomen|in beslag genomen|gegleden|uit (?:mijn|m'n|de|het|haar|zijn) \w+ (?:gehaald|genomen|gegrist|gerukt|gevallen)|(?:ligt|lag|bleef|blijft) (?:nog )?(?:in|op) (?:de|het|een) (?:taxi|trein|bus|tram|vliegtuig|auto|wagen|hotel)`,
  },
  // Given back: to an employer, a shop, an operator ("I had to hand in my work phone").
  returned: {
    en: String.raw`(?:hand|handed|give|gave|given|turn|turned|take|took|taken) (?:it |them |(?:my|our|the) (?:\w+ )?(?:phone|mobile|handset|device) )?(?:in|back)|had to return`,
    fr: String.raw`(?:du|dus|due) (?:le |la |les )?(?:rendre|restituer|remettre)|(?:ai|a|avons|avez) (?:rendu|remis|restitue)|rendue?s? a (?:mon|mon ancien|l')?(?:employeur|entreprise|operateur|magasin)`,
    nl: String.raw`(?:moeten|moest|moesten) (?:\w+ ){0,5}(?:inleveren|teruggeven|afgeven|terugbezorgen)|(?:terug|af)gegeven|afgestaan`,
  },
  // Wiped or set up again.
  wiped: {
    en: String.raw`formatted|restored (?:to|from)|reinstalled|reimaged|factory settings`,
    fr: String.raw`restauree?|remise? (?:a|aux) (?:zero|parametres d'usine|l'etat d'usine)|parametres d'usine|reconfiguree?`,
    nl: String.raw`geformatteerd|(?:opnieuw|terug) (?:geinstalleerd|ingesteld)|teruggezet|leeggemaakt`,
  },
  // Changed: another phone, moved across.
  changed: {
    en: String.raw`(?:switched|moved|migrated|changed|went) (?:over )?(?:from|to) (?:an? |my |the )?(?:new |other |different )?(?:android|iphone|samsung|pixel|phone|handset|device|mobile)|(?:bought|got) (?:a |myself a )?(?:new|replacement|different) one`,
    fr: String.raw`(?:passee?|changee?) (?:d'android|d'iphone|de samsung) (?:a|vers)|(?:achete|recu|pris) un (?:nouveau|autre) (?:telephone|portable|gsm|smartphone|appareil)`,
    nl: String.raw`(?:overgeschakeld|overgestapt|gewisseld) (?:van|naar)|(?:een )?(?:nieuwe|andere) (?:gsm|telefoon|smartphone) (?:gekocht|gekregen)`,
  },
};

const EVENT_CLASS_RE = new RegExp(
  String.raw`\b(?:${Object.values(EVENT_CLASSES)
    .flatMap((c) => [c.en, c.fr, c.nl])
    .join('|')})\b`,
);

const EVENT_CLASS_EACH = Object.entries(EVENT_CLASSES).map(([name, c]) => ({ name, re: new RegExp(String.raw`\b(?:${c.en}|${c.fr}|${c.nl})\b`) }));

/** Which class of event a folded sentence names ("crushed", "water", …), for tests and explanations. */
export function eventClassesOf(folded: string): string[] {
  const s = correctTypos(folded);
  return EVENT_CLASS_EACH.filter((c) => c.re.test(s)).map((c) => c.name);
}

function isEvent(s: string): boolean {
  return EVENT.test(s) || EVENT_CLASS_RE.test(s);
}

const DEVICE_RE = new RegExp(DEVICE);

// "Please reset / remove / disable my 2FA" and their nouns ("2FA reset").
const RESET = new RegExp(
  String.raw`\b(reset|resets|resetting|remove|removal|disable|deactivate|deactivation|turn off|switch off|clear|bypass|unlink|delete|reinitialiser|reinitialisez|reinitialisiez|reinitialisation|reinitialiseren|desactiver|desactivez|desactiviez|desactivation|supprimer|supprimez|supprimiez|suppression|retirer|retirez|retiriez|enlever|enlevez|enleviez|annuler|remet(tre|tez|tiez|te|tent) a zero|resetten|gereset worden|reset worden|uitschakelen|uitzetten|uit te schakelen|uit te zetten|verwijderen|verwijdering|deactiveren|opnieuw instellen|herstellen|loskoppelen|terugzetten)\b`,
);

const ACCESS = new RegExp(
  [
    String.raw`\b(can't|cant|cannot|can not|unable to|no longer able to|not able to) (log ?in|sign ?in|login|access|get (in|into|back|past))`,
    String.raw`(?<!(don't|not|never|won't) (get|be) )\b(locked out|lost access|regain access|get back into|back into (my|the|our) account|stuck at)`,
    String.raw`\b(ne )?(peux|parviens|arrive|pouvons) (plus|pas) (a )?(me |nous )?(connecter|acceder|entrer|rentrer|identifier)`,
    String.raw`\b(impossible|incapable) de (me )?(connecter|acceder)`,
    String.raw`\b(recuperer|retrouver) (l'acces|mon acces|mon compte|l'acces a mon compte)`,
    String.raw`\b(n'ai|n'avons) (donc |toujours |meme )?plus acces|\bbloquee? (hors|dehors)|(?<!(pas|jamais) (etre )?)\bbloquee?\b`,
    // "ik kan niet meer inloggen", "nu kan ik niet meer inloggen": the subject before or after the verb.
    String.raw`\b(kan|geraak|raak|kunnen) (ik |we |wij |je )?(er )?(niet meer|niet) (in ?loggen|aanmelden|binnen|inloggen)`,
    // "Nu kan ik niet meer in Bpart", "ik geraak niet meer op mijn account": the verb left out, as people say it.
    String.raw`\b(kan|geraak|raak|kom|kunnen) (ik |we |wij |je )?(er )?niet meer (in|op|binnen in|binnen op) (\w+|mijn account|ons account)\b`,
    String.raw`\b(inloggen|aanmelden) lukt (nog steeds |nog altijd )?niet|\blukt (het )?niet (meer )?om (in te loggen|aan te melden)|\bgeen toegang( meer)?|(?<!niet )\bbuitengesloten|\btoegang (terug|herstellen|terugkrijgen)`,
  ].join('|'),
);

const ENABLE = new RegExp(
  [
    String.raw`\b(how|where) (do|can|should|would) (i|we) (enable|activate|set ?up|turn on|switch on|configure|add|use|transfer|move|migrate)`,
    String.raw`\b(want|like|wish|plan) to (enable|activate|set ?up|turn on|switch on)`,
    String.raw`\bcomment (puis-je |peut-on |faire pour )?(activer|mettre en place|configurer|installer|utiliser|transferer|deplacer)`,
    String.raw`\b(souhaite|voudrais|veux|aimerais) (activer|mettre en place|configurer)`,
    String.raw`\bhoe (kan ik|kunnen we|moet ik|activeer ik|zet ik|stel ik)`,
    String.raw`\b(wil|zou|willen) (graag )?.{0,40}(inschakelen|activeren|instellen|aanzetten|overzetten|overbrengen)`,
    String.raw`\b(hoe doe ik (dat|het)|how do i do (that|it)|comment (je fais|faire|on fait)\b)`,
    // The old device is still there: moving the app is a question, not a recovery.
    String.raw`\b(ik heb (de|mijn) oude( gsm| telefoon| toestel)? nog|i still have (the|my) old (one|phone|device)|j'ai (encore|toujours) (l'ancien|mon ancien))`,
  ].join('|'),
);

export interface RecoverySignals {
  twoFa: boolean;
  deviceEvent: boolean;
  resetAsk: boolean;
  /** A reset asked for with its object left out ("Vous pouvez réinitialiser ?"): 2FA only when it is named elsewhere. */
  bareResetAsk: boolean;
  accessProblem: boolean;
  enableQuestion: boolean;
  phoneLoss: boolean;
  /** An app, codes, or a reset are mentioned: with a lost phone, that is the authenticator. */
  appOrCode: boolean;
  /** A device change still to come ("next week I get a new phone"). */
  plannedChange: boolean;
}

// Something that has not happened yet is a question about the future
// ("I'm getting a new phone next week, how do I move the app?"), not a loss.
const FUTURE = new RegExp(
  [
    String.raw`\b(next (week|month)|soon|tomorrow|going to|will (get|have|receive|buy|change|switch|be getting)|planning to|about to|before (i|we) (change|switch|get))\b`,
    String.raw`\b(la semaine prochaine|le mois prochain|bientot|demain|vais (changer|recevoir|acheter|avoir)|avant de changer)\b`,
    // "in case a phone is ever lost": a hypothesis, not what happened.
    String.raw`\b(in case|if ever|ever (gets? )?(lost|stolen|broken))\b|\b(au cas ou|si jamais|si un jour)\b|\b(voor het geval|ooit (kwijt|verloren|gestolen|kapot))\b`,
    String.raw`\b(volgende (week|maand)|binnenkort|morgen|ga .{0,20}(krijgen|kopen|vervangen)|krijg .{0,10}volgende|voor(dat)? ik .{0,20}(vervang|overstap))\b`,
  ].join('|'),
);

const APP_OR_CODE = /\b(app|appli|application|applicatie|codes?)\b/;

export function mentions2fa(folded: string): boolean {
  return TWO_FA.test(correctTypos(folded));
}

/** A sentence that says what happened to the 2FA device or app. */
export function isDeviceEvent(folded: string): boolean {
  const s = correctTypos(folded);
  return DEVICE_RE.test(s) && isEvent(s) && !FUTURE.test(s);
}

// "I just need a password reset link": the reset asked for is the password's, not the 2FA's.
const PASSWORD_RESET = new RegExp(
  String.raw`\b(password|passwd|mot de passe|mdp|wachtwoord)\b.{0,12}\b(reset|reinitialisation|reinitialiser|resetten|herstellen)\b|\b(reset|reinitialiser|resetten|herstellen)\b.{0,12}\b(password|mot de passe|mdp|wachtwoord)\b`,
);

export function isResetAsk(folded: string): boolean {
  const s = correctTypos(folded);
  return RESET.test(s.replace(PASSWORD_RESET, ' ')) && TWO_FA.test(s);
}

const PASSWORD = /\b(?:password|passwd|mot de passe|mdp|wachtwoord|paswoord)\b/;

// "Vous pouvez réinitialiser ?", "Could you reset it?", "Kunnen jullie dat resetten?": a reset
// asked for with its object left out (or a pronoun), the 2FA named in another sentence.
const BARE_RESET_ASK = new RegExp(
  [
    String.raw`\b(?:can|could|would|will) (?:you|u) (?:please |kindly )?(?:reset|clear|remove|disable)(?: (?:it|this|that|them|everything|(?:my|our|the) account))?(?: (?:please|for me|for us))?\s*[?.!]?$`,
    String.raw`\b(?:pouvez|pourriez|voulez|pourrais|peux)[- ](?:vous|tu) (?:le |la |l'|les |me |nous |tout |cela |ca )?(?:reinitialiser|remettre a zero|reset(?:ter)?|desactiver|supprimer)(?: (?:svp|s'il vous plait|ca|cela|tout|le compte|mon compte|notre compte))?\s*[?.!]?$`,
    String.raw`\b(?:vous|tu) (?:pouvez|pourriez|pourrais|peux|voulez) (?:le |la |l'|les |me |nous )?(?:reinitialiser|remettre a zero|reset(?:ter)?|desactiver|supprimer)(?: (?:svp|s'il vous plait|ca|cela|tout))?\s*[?.!]?$`,
    String.raw`\b(?:kunnen|kunt|kan|wil|wilt|willen|zou|zouden) (?:jullie|u|je) (?:dat |dit |het |die |alles |mijn account |ons account )?(?:even |eens |aub |a\.u\.b\. )?(?:resetten|herstellen|terugzetten|uitschakelen|verwijderen|opnieuw instellen)(?: (?:aub|a\.u\.b\.|alstublieft|svp))?\s*[?.!]?$`,
    // Asking them to do what is needed, the 2FA named elsewhere: "Pouvez-vous faire le nécessaire ?", "Can you sort it out?", "Kunnen jullie dat oplossen?".
    String.raw`\b(?:can|could|would) you (?:please )?(?:sort (?:it|this|that) out|sort out (?:my|our|the) account|fix (?:it|this|that))(?: (?:please|for me|for us))?\s*[?.!]?$`,
    String.raw`\b(?:pouvez|pourriez)[- ]vous (?:faire le necessaire|arranger (?:ca|cela|le probleme|mon acces)|regler (?:ca|cela|le probleme))(?: svp| s'il vous plait)?\s*[?.!]?$`,
    String.raw`\b(?:kunnen|kunt|zou|zouden) (?:jullie|u) (?:dat|dit|het) (?:even |eens )?(?:oplossen|in orde brengen|regelen|rechtzetten)(?: aub| alstublieft)?\s*[?.!]?$`,
  ].join('|'),
);

export function signalsOf(foldedSentences: string[]): RecoverySignals {
  const corrected = foldedSentences.map(correctTypos);
  const any = (test: (s: string) => boolean) => corrected.some(test);
  return {
    twoFa: any((s) => TWO_FA.test(s)),
    deviceEvent: any(isDeviceEvent),
    resetAsk: any(isResetAsk),
    // With a password named anywhere, a reset whose object is left out is the password's.
    bareResetAsk: any((s) => BARE_RESET_ASK.test(s.trim())) && !any((s) => PASSWORD.test(s)),
    accessProblem: any((s) => ACCESS.test(s) && !FUTURE.test(s)),
    enableQuestion: any((s) => ENABLE.test(s)),
    phoneLoss: any((s) => /phone|gsm|\btel\b|telefoon|portable|mobiel|toestel/.test(s) && isEvent(s) && !FUTURE.test(s)),
    appOrCode: any((s) => APP_OR_CODE.test(s) || RESET.test(s)),
    plannedChange: any((s) => DEVICE_RE.test(s) && FUTURE.test(s)),
  };
}
