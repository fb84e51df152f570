// What people write about 2FA, their devices and what happened to them, in
// French, Dutch and English. Every pattern runs on fold()ed text (lower case,
// no accents, straight apostrophes), one sentence at a time.

import { correctTypos as typosCorrected } from './typos.ts';

const TWO_FA = new RegExp(
  [
    String.raw`\b2\s?-?fa\b`,
    // "too factor", "tow step": two typed as its homophone or with its letters swapped.
    String.raw`\b(two|too|tow|twoo)[- ]?(factor|step)`,
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
    // A hardware key as the second step: "YubiKey", "security key", "clé de sécurité", "beveiligingssleutel"; the step named
    // as such ("met een YubiKey als tweede stap", "de tweede stap van mijn account", "as the second step of my login").
    String.raw`\byubikeys?\b|\b(?:physical |hardware |usb )?security keys?\b|\bcles? de securite\b|\bbeveiligingssleutels?\b`,
    String.raw`\b(?:als|as|comme) (?:tweede|second|seconde|2e|2de) (?:stap|step|etape|factor|facteur)\b|\b(?:tweede|second|seconde) (?:stap|step|etape) (?:van|of|de) (?:mijn|m'n|ons|onze|my|our|mon|notre) (?:account|compte|login|aanmelding)\b`,
    String.raw`\bmulti-?fa(ct|k)tor`,
    // German-speaking writers: "Zwei-Faktor-Authentifizierung", "2-Faktor", "Authentifizierungs-App".
    String.raw`\bzwei-?faktor|\b2-?faktor|authentifizierung`,
    // "l'appli pour les codes", "the app with the login codes", "de app voor de codes"
    String.raw`\b(app|appli|application|applicatie|appje|programma|programmaatje)\b.{0,30}\b(pour|voor|for|with|met|avec|des|van) .{0,20}\b(?:cijfer|sms-?|login|inlog)?codes?\b`,
    String.raw`\bcodes?\b.{0,25}\b(de l'|d'une |from the |from an |van de |uit de |uit een |of the |of an )(app|appli|application|applicatie)\b`,
    // The verification as what a reset is asked of ("kunnen jullie de verificatie van mijn account resetten", "reset the
    // verification on my account", "réinitialiser la vérification de mon compte"): the login step, not an e-mail's link.
    String.raw`\b(?:de|la|the|my|mijn|m'n|ma) (?:login-?|inlog-?|extra |connexion )?verificati(?:e|on)\b(?![- ]?(?:mail|e-?mail|link|lien|sms|codes?|brief|letter))(?: (?:van|of|on|for|de|du) (?:mijn|m'n|ons|onze|my|our|the|mon|notre|het) ?(?:account|compte|login|profiel|profile)?)?(?: (?:kunnen|willen|even|eens|aub))? (?:te )?(?:resetten|reset|uitschakelen|uitzetten|verwijderen|disable|remove|turn off|reinitialiser|desactiver|supprimer)\b`,
    String.raw`\b(?:reset|resetting|disable|remove|turn off|reinitialiser|reinitialisez|desactiver|desactivez|supprimer|resetten|uitschakelen) (?:the|my|la|ma) (?:login |extra )?verificati(?:e|on)\b(?![- ]?(?:mail|e-?mail|link|lien|sms|codes?))`,
    // "l'appli d'authentification", "the verification app", "codes pour me connecter", "code om in te loggen"
    String.raw`\b(app|appli|application|applicatie)s? (d'|de |van |voor )?(authentification|authentication|authenticatie|verification|verificatie)\b`,
    String.raw`\bcodes? (pour (me|se|nous) (connecter|identifier)|to (log|sign) ?in|om (in te loggen|aan te melden))\b`,
    // The authenticator described by what it does, not named: "l'application qui me donnait les six chiffres", "the app that
    // gives me the numbers to log in", "zo'n programmaatje dat om de halve minuut andere cijfers geeft".
    String.raw`\b(?:apps?|applis?|applications?|applicaties?|programmes?|programma|programmaatje|appje|truc|machin|ding|dingetje|thing|thingy|celle|celui)\b.{0,30}\b(?:qui|que|that|which|die|dat)\b.{0,40}\b(?:donn\w*|affich\w*|gener\w*|fourni\w*|gives?|gave|generates?|generated|shows?|showed|produces?|makes?)\b.{0,30}\b(?:chiffres|nombres|digits|numbers|figures)\b`,
    String.raw`\b(?:apps?|applis?|applications?|applicaties?|programmes?|programma|programmaatje|appje|truc|machin|ding|dingetje|thing|thingy|celle|celui)\b.{0,30}\b(?:die|dat)\b.{0,50}\b(?:cijfers|getallen|cijfertjes|nummers|codes?)\b.{0,12}\b(?:geeft|gaf|genereert|toont|toonde|maakt|maakte|aanmaakt)\b`,
    String.raw`\b(?:six|6|zes) (?:chiffres|cijfers|digits|numbers|getallen)\b.{0,30}\b(?:pour (?:me|se|nous) connecter|to (?:log|sign) ?in|om (?:in te loggen|aan te melden|in \w+ te (?:kunnen|geraken)))`,
    // "I no longer get the codes", "je ne reçois plus le code", "ik krijg geen codes meer": the codes that stopped coming.
    String.raw`\b(no longer|don't|do not|can't|cannot|never) (get|receive)s? (the |any |my )?(sms |text )?codes?\b`,
    String.raw`\bne (recois|recevons|recoit) (plus|pas) (les |le |de |d')?(sms |codes?)`,
    String.raw`\b(krijg|ontvang|krijgen|ontvangen) (ik |we )?(de |geen )?(sms-?)?codes? (niet )?meer\b`,
    // The codes sent to a number the writer no longer has: "the codes go to my old number", "les codes arrivent sur mon ancien numéro".
    String.raw`\b(codes?|sms)\b.{0,30}\b(old|previous|former|ancien|ancienne|oude|vorige) (number|phone number|numero|nummer|gsm-?nummer|phone|telephone|gsm|telefoon)\b`,
    // The login asking for a code in the passive, the asker left out ("er wordt altijd een code gevraagd", "un code m'est
    // demandé", "I am asked for a code", "a code is required every time"): the step the 2FA adds, as loop 25a's active form.
    String.raw`\b(?:wordt|werd) (?:[a-z']+ ){0,3}(?:een|de|die|nen|ne|mijn) (?:[a-z-]+ )?code (?:[a-z']+ )?gevraagd\b|\b(?:een|de|die) (?:[a-z-]+ )?code (?:wordt|werd) (?:[a-z']+ )?gevraagd\b|\b(?:un|le|ce) (?:[a-z-]+ )?code (?:[a-z']+ )?(?:m'est|nous est|est|etait|m'etait) (?:[a-z']+ )?(?:demande|exige|reclame)\b|\b(?:i am|i'm|i get|i got|i was|we are|we get) (?:[a-z']+ )?(?:asked|prompted) for (?:a|the|an) (?:[a-z-]+ )?code\b|\b(?:a|the) (?:[a-z-]+ )?code is (?:[a-z']+ )?(?:asked for|required|requested|demanded)\b`,
    // The code refused at login, both in one sentence ("ik kan niet inloggen: de code wordt niet aanvaard", "impossible de me
    // connecter, le code est refusé", "when I log in the code is rejected"): the login's own code, not a voucher's.
    String.raw`\b(?:in ?loggen|inlog|aanmelden|aanmelding|log ?in|sign ?in|login|connecter|connexion)\b.{0,60}\bcode\b (?:[a-z']+ ){0,2}(?:niet (?:meer )?(?:aanvaard|geaccepteerd|herkend|goedgekeurd)|geweigerd|refuse|rejete|pas (?:accepte|reconnu)|rejected|refused|not accepted)\b|\bcode\b (?:[a-z']+ ){0,2}(?:niet (?:meer )?(?:aanvaard|geaccepteerd|herkend)|geweigerd|refuse|rejete|rejected|refused|not accepted)\b.{0,40}\b(?:bij het (?:in ?loggen|aanmelden)|a la connexion|at (?:the )?(?:login|sign-?in)|when i (?:log|sign) ?in)\b`,
    // The hardware key told by what it is for, whatever it is called: the thing one logs in with ("ik log in met zo'n
    // usb-sleuteltje", "I sign in with a little USB key", "je me connecte avec une clé USB").
    String.raw`\b(?:log|logde|loggen|meld|meldde|sign|signed|logged)\b(?: [a-z']+){0,3} (?:in|aan|on)? ?(?:met|with) (?:[a-z']+ ){0,3}(?:usb-?)?(?:sleutel|key)\b|\b(?:connecte|connectais|connectons|identifie)\b(?: [a-z']+){0,2} (?:avec|grace a) (?:[a-z']+ ){0,3}cle\b`,
    // Stuck at the step that asks for it: "stuck at the code screen", "bloquée à l'écran du code", "ik blijf hangen op het codescherm".
    String.raw`\b(code|verification|verificatie) (screen|page|step|prompt)\b|\b(ecran|page|etape) (du|de) (code|verification)\b|\bcode-?scherm|\b(scherm|stap) (van|voor) de (code|verificatie)\b`,
    // The login that keeps asking for a code: "it keeps asking me for a code", "il me demande sans arrêt un code", "hij blijft
    // een code vragen", "hij vraagt steeds om de code": the step the 2FA adds, named by what it asks, kept on asking.
    String.raw`\b(?:keeps?|kept|still|continues to|goes on) (?:on )?(?:asking|ask|asks|demanding) (?:me |us )?(?:for )?(?:a|an|the|that|my) (?:\w+ )?codes?\b`,
    String.raw`\b(?:me|nous|m') (?:re)?(?:demande|reclame)(?:nt)? (?:toujours|sans arret|sans cesse|encore|constamment|chaque fois|a chaque fois)(?: et toujours)? (?:un|le|ce|mon|des|les) codes?\b`,
    String.raw`\b(?:blijft|blijven) (?:\w+ ){0,2}?(?:om |naar )?(?:een|de|die|mijn) (?:\w+-?)?codes? (?:te )?vragen\b|\bvraagt (?:steeds|telkens|altijd|nog steeds|nog altijd|elke keer|voortdurend) (?:om|naar) (?:een|de|die|mijn) (?:\w+-?)?codes?\b`,
    // The login asking for a code, told by what it does rather than named: "na mijn wachtwoord vraagt hij een code", "hij blijft
    // om die code vragen", "bPart me demande un code", "it keeps asking me for a code". The asker is the service (a pronoun, the
    // service's name, the site or the app), never the writer ("je demande un code", "I asked for a code").
    String.raw`\b(?:hij|ie|het|bpart|de site|de app|die|dat)\b(?: [a-z']+){0,2} (?:vraagt|vroeg|blijft|bleef)\b(?: [a-z']+){0,2} (?:om )?(?:een|die|de|nen|ne|mijn|altijd|telkens|steeds) (?:[a-z-]+ )?code\b|\b(?:vraagt|vroeg) (?:hij|ie|het|bpart)(?: [a-z']+){0,2} (?:een|die|de|nen|ne) (?:[a-z-]+ )?code\b|\b(?:me|m'|nous) (?:re)?(?:demande|demandait|reclame|reclamait|exige|exigeait)(?: [a-z']+){0,2} (?:un|une|le|ce|mon|son) (?:[a-z-]+ )?code\b|\b(?:it|bpart|the site|the app|the login|the system)(?: [a-z']+){0,2} (?:asks|asked|asking|keeps asking|kept asking|wants|wanted|prompts|prompted|requires|required)(?: me| us)? (?:for )?(?:a|the|that|this|my|an) (?:[a-z-]+ )?code\b`,
    // "Plus moyen de recevoir les codes", "I can't get the codes any more", "ik kan geen codes meer ontvangen": no way to get them.
    String.raw`\b(plus moyen|impossible|incapable|pas moyen) de (recevoir|avoir|obtenir|generer) (les |le |mes |mon |des |de |d')?(sms |codes?)`,
    String.raw`\b(n'arrive|n'arrivons|ne parviens) (plus|pas) a (recevoir|avoir|obtenir) (les |le |mes |des )?(sms |codes?)`,
    String.raw`\b(can't|cannot|can no longer|unable to|no way to|not able to) (get|receive|generate) (the |any |my |our )?(sms |text |login |security )?codes?\b`,
    String.raw`\b(kan|kunnen) (ik |we )?(de |geen |mijn )?(sms-?)?codes? (niet )?meer (ontvangen|krijgen|aanmaken|genereren)\b`,
  ].join('|'),
);

// Writers whose first language is another one name the phone in their own words ("mon telemóvel",
// "my móvil", "mijn Handy", "il mio cellulare"): the common words of the languages our members speak at home.
// "handy" only after a possessive, since it is also an English adjective.
// Regional words for the mobile too: Swiss "natel", Québec "cellulaire", "my cell", Dutch "telefoontje", "mijn 06",
// German "Mobiltelefon".
const FOREIGN_DEVICE = String.raw`\bnatels?\b|\bcellulaires?\b|(?:my|mon|ma) cell\b|\btelefoontje\b|(?:mijn|m'n) 06\b|mobiltelefon|tele?movel|\bmovil\b|celular|\btelefone\b|\btelefono\b|cellulare|\btelefonino\b|\bkomorka\b|\btelefon\b|(?:my|mon|ma|mijn|m'n|mein|meine) handy`;

const DEVICE = String.raw`(?:${FOREIGN_DEVICE}|(?:tele|smart|i|cell ?|mobile ?)?phone|gsm|\btel\b|portable|telephone|telefoon|smartphone|handset|mobiel(?:tje)?|\bmobile\b|toestel|appareil|device|tablet(?:te)?|ipad|android|samsung|\bapp\b|\bappli\b|application|applicatie|authenticat(?:or|eur)|programmaatje|appje|authy|yubikey|(?:security |beveiligings)?sleutel|security key|cles? de securite|cles? (?:usb|yubikey|fido)|usb[- ]keys?)`;

// Things that happen to a device or an app. Verbs are past forms on purpose:
// "reset"/"réinitialiser"/"resetten" as requests are not what happened.
const EVENT = new RegExp(
  [
    // English
    String.raw`\b(lost|stolen|broke|broken|smashed|cracked|died|dead|damaged|wiped|erased|replaced|upgraded|deleted|uninstalled|removed|drowned|misplaced|fell|fallen|dropped|(was|been|got|had|i) (factory )?reset|(?<!\b(?:could|can|would|will|should|may|might|must|to|please|let|if|when) )(he|she|they|someone|somebody) (just |then |had |has |completely )?(factory )?(reset|wiped|erased|formatted) (it|them|my|our|the)|factory reset|new ([a-z]+ )?(phone|device|iphone|smartphone|mobile|handset)|(changed|switched|swapped|replaced|upgraded) (my |our |the )?([a-z]+ )?(phone|device|mobile|handset|iphone|smartphone)s?|(didn't|did not|won't|wouldn't|doesn't) (come|carry|transfer|move|migrate) (across|over)|(forgot|forgotten|didn't|did not|didn't think|did not think|never thought) (to )?(move|transfer|migrate|back ?up)|water damage|(is|are|was) (totally |completely |just )?gone|disappeared|passed (the phone |it )?on|handed (it )?(back|over|in)|(gave|given) (it )?away|(won't|doesn't|does not|will not) (turn|switch|come) on|(won't|doesn't|does not|will not) (start|boot|restart|reboot|charge)( up)?|no longer (have|has|work|works|opens|available)|(doesn't|does not|don't|do not) have (it|them|that|this|the|his|her|my|our)( [a-z]+){0,3} any ?more|(doesn't|does not|don't|won't|will not|is not|isn't) (work|open|load|start|turn on)|stopped working|not working|can't find|cannot find|can no longer (find|open|use|access)|lost access|crashed|nicked|pinched|swiped|mugged|robbed|bricked|went through the wash(ing machine)?|(shows|gives|generates) (the )?wrong codes?|codes? (are|is) (wrong|invalid|incorrect|rejected|not accepted)|returned|given back|traded in|traded (my |the |our )?([a-z]+ )?(phone|device|mobile|handset|iphone|smartphone) in|sold|crushed|squashed|run over|came down on|went missing|(burglary|break-in|robbery|theft)|taken in (a|the) (burglary|break-in|robbery)|left (my |the |our )?([a-z]+ )?(phone|device|mobile) (at|in|on|behind)|(changed|new|different) (my )?(sim|sim card|phone number|number)|faulty|defective|broke down|(has|have|had) left|left (the|our) (company|club|school|team|organi[sz]ation|association|charity|council|firm))\b`,
    // French
    String.raw`\b(perdu|perdue|perte|vole|volee|vol|fait voler|restitue|restituee|rendue? (a|au) l'operateur|casse|cassee|brise|brisee?|tombee?|mort|morte|fichu|glisse|hs|hors service|en panne|noye|ne (fonctionne|marche|s'ouvre|s'allume|redemarre|demarre|se rallume|charge) plus|remplace|remplacee|change de (telephone|portable|gsm|smartphone|mobile|appareil)|change d'(iphone|appareil|android)|nouveau (telephone|portable|gsm|smartphone|mobile|appareil)|(du|oblige de|obligee de) changer (de|mon|ma) (telephone|portable|gsm|smartphone|mobile|appareil)|nouvel (appareil|iphone|android)|n'a pas suivi|(?:oublie de|pas pense a|pas songe a) (?:transferer|deplacer|migrer|sauvegarder)|pas (pense a )?transfere|(est|sont) vides?|reinitialise|reinitialisee|formate|remis a zero|supprime|supprimee|desinstalle|desinstallee|efface|effacee|plus acces|n'ai plus|n'(?:a|ont|avons) plus|ne (?:l'|les )(?:ai|a|avons|ont) plus|n'est plus (disponible|accessible)|ecran (casse|noir)|disparu|disparue|plante|crashe|codes? (incorrects?|invalides?|refuses?)|ne (sont|est) plus (valides?|acceptes?|reconnus?)|rendu l'ame|lache|revendu|revendue|(reste|restee) sur (mon |l')?ancien|fait tomber|plus rien ne (fonctionne|marche)|oublie (mon|ma) (telephone|portable|gsm)|defectueux|change de (numero|carte sim)|nouveau numero|defectueuse|en rade|(s'est|est|s'etait) bloquee?|reinstalle|reinstallee|(du|duu?e?) (le |la )?(reinstaller|reinitialiser|formater)|(est|sont) partie?s? avec|a quitte|ont quitte|ne travaille plus|repris par|echange|(est |suis )?restee? (dans|sur|au|a la|a l'|chez) (le |la |l'|un |une |mon |ma )|oubliee? (dans|sur|au|a la|chez) (le |la |l'|un |une )|ecrase|ecrasee|cambriolage|cambriole|cambriolee|emporte|emportee|arrache|arrachee|personne ne l'a (rapporte|rendu|retrouve))\b`,
    // Dutch. A new device as the English "new (service) phone": the adjective uninflected before a neuter noun ("een nieuw
    // toestel") and the device closing a compound ("een nieuwe dienstgsm", "nieuwe werktelefoon"). Separable verbs of going
    // out of use or going back, particle + ge + participle: "uitgevallen", "weggevallen", "weggeraakt", "teruggegaan",
    // "teruggestuurd", "doorgegeven", "weggedaan" (loop 27a).
    String.raw`\b(kwijt|kwijtge[a-z]+|verloren|verlies|gestolen|diefstal|kapot|kapotgegaan|(?:is|was|heeft het|had het|het) (?:[a-z]+ ){0,2}begeven|kapotgevallen|stuk|stukgegaan|stukgevallen|gebroken|gevallen|ingeleverd|niet meegekomen|(?:vergeten|niet aan gedacht(?: om)?) (?:[a-z-]+ ){0,3}over te (?:zetten|brengen|dragen)|niet meegegaan|(is|was) leeg|beschadigd|nieuwe? (?:[a-z]+ )?[a-z-]*(?:telefoon|gsm|smartphone|toestel|iphone)|(?:uit|weg|neer|om)gevallen|weggeraakt|(?:terug|door|weg|af)ge(?:geven|stuurd|bracht|daan)|(?:terug|weg)gegaan|teruggenomen|vervangen|gereset|fabrieksinstellingen|gewist|verwijderd|gedeinstalleerd|(werkt|doet het) niet meer|(start|laadt) (niet meer|nog steeds niet)( op| opnieuw op)?|doet (niets|niks) meer|reageert niet meer|(is|zijn) .{0,40}(beland|terechtgekomen)|geen toegang meer|heb (ik )?.{0,40} niet meer|(heeft|hebben) .{0,40} niet meer|overgestapt|veranderd van (telefoon|gsm|toestel)|verdwenen|gecrasht|(is|zijn) ([a-z']+ ){0,3}weg|(foute|verkeerde|ongeldige) codes?|codes? (zijn|is) (fout|ongeldig)|ingeruild|ingewisseld|verkocht|thuis (laten liggen|vergeten)|laten vallen|(ander|nieuw) (gsm-?)?nummer|nieuwe simkaart|defect|defekt|overleden|gestorven|teruggegeven|terugbezorgd|(is|zijn) vertrokken|werkt (hier )?niet meer bij|(heeft|hebben) .{0,30}verlaten|meegenomen|inbraak|ingebroken|overvallen|verpletterd|geplet|blijven liggen|laten liggen|vergeten (op|in) de)\b`,
  ].join('|'),
);

// What someone had to do, or had done, to the device: a past auxiliary with a modal or a causative before
// an infinitive ("le réparateur a dû remplacer la carte", "ma fille a fait réinitialiser mon téléphone",
// "the shop had to wipe it", "de winkel heeft hem moeten resetten", "ik liet hem formatteren"). The
// infinitive alone is a request ("pouvez-vous réinitialiser"); with a past auxiliary before it, it is what happened.
const DONE_TO = new RegExp(
  [
    String.raw`\b(?:a|ai|as|avons|avez|ont|avait|avais|avions|aviez|avaient)(?: [a-z]+)? (?:du|fait) (?:(?:le|la|les|l'|me|m'|lui) ?)?(?:remplacer|reinitialiser|formater|effacer|reinstaller|changer|jeter|vendre|rendre|restituer|reparer|vider|supprimer|desinstaller|remettre a zero|echanger|demonter)\b`,
    String.raw`\b(?:j'?ai|on a|il a|elle a|nous avons|ils ont|elles ont) ete (?:oblige|obligee|obliges|obligees|force|forcee) de (?:le |la |les |l')?(?:remplacer|reinitialiser|formater|effacer|reinstaller|changer|jeter|vendre|rendre|restituer)\b`,
    String.raw`\b(?:had|needed|was forced|were forced|was made|got) to (?:replace|reset|wipe|format|erase|reinstall|return|hand in|swap|change|repair|restore|sell|throw away)\b`,
    String.raw`\b(?:(?:heb|heeft|hebben|had|hadden)\b(?: [\w'-]+){0,6} (?:laten|moeten)|moest|moesten|liet|lieten)\b(?: [\w'-]+){0,6} (?:resetten|wissen|formatteren|herinstalleren|inleveren|terugzetten|repareren|leegmaken|vervangen|weggooien|verkopen)\b`,
  ].join('|'),
);

// Where water is, for the water class ("the pool", "la baignoire", "de vijver").
const WATER_EN = String.raw`(?:water|toilet|loo|pool|swimming pool|river|sea|lake|canal|bath|bathtub|sink|pond|trough|bucket|puddle|drain|harbour|harbor|ditch|tank|barrel|vat|well|slurry pit)s?\b`;
const WATER_FR = String.raw`(?:l'eau|la piscine|les toilettes|la toilette|les wc|la riviere|la mer|le lac|le canal|la baignoire|le bain|l'evier|l'etang|la mare|le seau|la flaque|la cuvette|l'abreuvoir|le fosse|la meuse|l'escaut)`;
// Dutch compounds name the container by its last part: "giertank", "regenton", "afwasbak", "putemmer".
const WATER_NL = String.raw`(?:water|toilet|wc|zwembad|rivier|zee|meer|kanaal|bad|gracht|vijver|sloot|emmer|plas|beek|drinkbak|schelde|maas|[a-z]*(?:tank|ton|bak|put|emmer|kuip|vat|sloot|gracht|vijver))`;

// What happens to a phone, as classes of event, each in the three languages and in the
// forms people write (past participles, passives, idioms). Added to EVENT above; one class
// per line so a missing verb has an obvious home.
const EVENT_CLASSES: Record<string, { en: string; fr: string; nl: string }> = {
  // Force: stepped on, run over, kicked, bitten, bent.
  crushed: {
    // (Flemish "plat": crushed flat, dead, "mijn gsm is volledig plat", "terechtgekomen, volledig plat": 9 batches, loop 28a.)
    // Under something heavy: "ended up under a forklift", "onder een heftruck terechtgekomen", "passé sous une voiture".
    en: String.raw`(?:went|gone|ended up|got|fell|slid|slipped|landed|was) (?:right )?under (?:a |an |the |our |my )?(?:[a-z-]+ )?(?:forklift|truck|lorry|van|car|bus|tractor|trailer|wheels?|tyres?|tires?|pallets?|machine|train|tram|roller)s?|trampled|trodden on|stepped on|stood on|sat on|(?:ran|run|driven|drove|rolled) over|kicked (?:out of|off|over|into|across)|stamped on|flattened|bent|snapped|chewed(?: up)?|bitten|eaten by`,
    fr: String.raw`(?:passee?|tombee?|glissee?|finie?|retrouvee?) sous (?:un |une |le |la |les |l'|des )?(?:[a-z-]+ )?(?:chariot|clark|camion|voiture|bus|tracteur|remorque|roues?|pneus?|palettes?|machine|train|tram|rouleau)s?|ecrasee?|pietinee?|(?:marche|roule|assise?) dessus|tordue?|pliee?|mordue?|machouillee?|rongee?|bouffee?|coincee? (?:dans|sous)`,
    nl: String.raw`onder (?:een |de |het |mijn |m'n |onze )?(?:[a-z-]+ )?(?:heftruck|vorkheftruck|clark|vrachtwagen|camion|auto|wagen|bus|tractor|aanhangwagen|wiel|wielen|band|banden|pallet|paletten|machine|trein|tram|wals)(?: [a-z']+){0,3} (?:terechtgekomen|gekomen|beland|gevallen|geraakt|gesukkeld|gegleden)|(?:plat|kapot)?(?:ver)?trappeld|(?:plat|kapot)?getrapt|(?:er)?(?:op|over(?:heen)?) (?:(?:mijn|m'n|de|het|zijn|haar|onze) [a-z-]+ )?(?:gaan )?(?:staan|zitten|gestaan|gezeten|gereden)|(?:plat|kapot)?gereden|overreden|aangereden|geplooid|geknakt|(?:kapot|door)gebeten|opgegeten|opgevreten|(?:is|was|zijn|waren) (?:nu |dus |toen |nog |echt )?(?:volledig |helemaal |compleet |totaal |gewoon )?plat|(?:volledig|helemaal|compleet|totaal) plat`,
  },
  // Struck: a ball, a blow, a fall of something onto it ("took a ball straight on my phone", "a reçu un coup").
  struck: {
    en: String.raw`(?:took|got|caught|received) (?:a |the )?(?:\w+ )?(?:ball|hit|knock|blow|kick|punch|shot)s?\b|(?:took|got|caught|received) (?:a |the )?(?:\w+ )?\w+ from (?:a|the) (?:\w+ )?(?:ball|puck|shot|kick|racket|bat|stone|rock)\b|(?:knocked|sent|flung|kicked|swept) (?:it|them) (?:flying|off|onto|into|across|over)\b|(?:was|got|been) (?:hit|struck|smashed) by|(?:hit|struck) by (?:a|the)`,
    fr: String.raw`(?:pris|recu|reçu) (?:un|une) (?:\w+ )?(?:coup|balle|ballon|choc)|(?:l'|les )(?:a|ont|avait) (?:envoye|projete|expedie|balance|fait (?:voler|valser|tomber)) (?:sur|contre|par|dans|au|a terre)|(?:frappee?|heurtee?|percutee?) par`,
    nl: String.raw`(?:bal|slag|klap|stoot|schop) (?:\w+ ){0,3}(?:gekregen|op gekregen|tegen gekregen)|geraakt door|(?:bal|klap) (?:recht |vol )?(?:op|tegen) (?:mijn|m'n|de|het|zijn|haar) (?:\w+ )?(?:gsm|telefoon|toestel|smartphone)`,
  },
  // Thrown out with the rubbish, recycled by mistake.
  discarded: {
    en: String.raw`(?:thrown|threw|chucked|tossed) (?:it |them |(?:my|our|the|his|her) (?:[\w-]+ ){0,2})?(?:away|out)\b|binned|(?:in|into|to) the (?:bin|trash|rubbish|garbage|dump|tip|skip|recycling)|recycled`,
    fr: String.raw`(?:jetee?|partie?|finie?) (?:[\w']+ ){0,3}(?:a|dans) la (?:poubelle|dechetterie|benne)|(?:au|a l') (?:recyparc|parc a conteneurs|recyclage|encombrants)|(?:mise?|partie?) au rebut`,
    nl: String.raw`weggegooid|weggesmeten|(?:in|bij) (?:de|het) (?:vuilbak|vuilnisbak|vuilniszak|afval|container|grofvuil)|(?:naar|op) (?:het|de) (?:recyclagepark|containerpark|afvalpark|stort|milieupark)|bij het oud (?:ijzer|papier)`,
  },
  // Fell: the device itself the subject of a verb of motion in the past, then the path it took ("my phone slid off the table",
  // "it slid out through the open window", "is mijn gsm in een kist geschoven", "mijn telefoon is van de trap gerold"): the
  // structure says what happened, whatever the verb (any English past in -ed or a common irregular one; a Dutch participle
  // with "is/was", the auxiliary of motion, after a path). Not a device that was bought, set up or logged in somewhere.
  fell: {
    en: String.raw`(?:my|our|the|his|her) (?:[a-z-]+ )?(?:phone|iphone|smartphone|mobile|handset|device|tablet|ipad|yubikey|security key)s? (?:had |has |must have |somehow |then |just |suddenly )?(?!(?:logged|signed|checked|synced|backed|connected|paired|zoomed|opened|linked|scrolled|locked|timed|plugged|hooked|tuned|booked)\b)(?:[a-z]+ed|slid|fell|flew|went|shot|slipped|dropped|bounced|rolled|tumbled|sank|sunk|blew)(?: [a-z]+ly)? (?:straight |right |clean )?(?:off|out|into|onto|under|down|through|overboard|behind|between|over the (?:edge|side|railing|balcony|cliff))\b|\b(?:it|they) (?:slid|slipped|fell|dropped|flew|bounced|rolled|tumbled|sank|skidded|shot) (?:straight |right |clean )?(?:off|out|into|onto|under|down|through|overboard|behind|between)\b`,
    fr: String.raw`(?:mon|ma|notre) (?:[a-z-]+ )?(?:telephone|portable|gsm|smartphone|iphone|cle)s? (?:a |est |s'est )?(?:glisse|tombe|roule|file|vole|bascule|plonge|atterri)e? (?:[a-z]+ )?(?:de|du|des|dans|sous|par|hors|entre|derriere|au fond)\b|(?:m'a|lui a|nous a|m'avait) (?:glisse|echappe) (?:des mains|de la main|des doigts|de la poche)`,
    nl: String.raw`(?:(?:is|was) (?:mijn|m'n|onze|de) (?:[a-z-]+ )?(?:gsm|telefoon|smartphone|iphone|toestel|sleutel)|(?:mijn|m'n|onze) (?:[a-z-]+ )?(?:gsm|telefoon|smartphone|iphone|toestel|sleutel) (?:is|was))(?: [a-z'-]+){0,4} (?:in|uit|van|onder|door|achter|tussen|over|langs|tegen) (?:een|de|het|mijn|m'n|ons|onze|zijn|haar)(?: [a-z'-]+){0,4} (?!(?:gekocht|gekregen|besteld|geleverd|aangekocht|ingesteld|geinstalleerd|geregistreerd|gekoppeld|verbonden|ingelogd|aangemeld|gebracht|gezet|gemaakt)\b)(?:[a-z]+)?ge[a-z]+(?:en|d|t)\b|(?:stil|weg|om)gevallen`,
  },
  // Water and other liquids: fell in, landed in, the washing machine, soaked.
  water: {
    // Into water, by any verb of falling or throwing: "fell in the pool", "threw my phone in the bath", "landed in the trough",
    // "in het zwembad gevallen", "a fini dans la rivière" ("I use the app in the pool office" is no event).
    en: String.raw`(?:took|had|went for) a (?:swim|dip|bath)|(?:into|down) (?:the |a |my |our )?(?:[a-z-]+ )?${WATER_EN}|(?:fell|fallen|dropped|landed|went|slipped|threw|thrown|tossed|knocked|ended up|sank|sunk|was|got)(?: [\w']+){0,3} in (?:the |a |my |our )?${WATER_EN}|(?:went|gone|fell|fallen|dropped|slipped|knocked|washed) (?:[\w']+ )?overboard|washing machine|washer|(?:into|in|to|through) (?:the |a )?(?:[a-z-]+ )?(?:laundry|laundrette|launderette)\b|(?:soaked|submerged|waterlogged|got wet|drenched)|spilt|spilled|(?:coffee|tea|beer|wine|juice|soda|milk|cola|soup) (?:went )?(?:all )?(?:over|on|onto) (?:my|our|the)`,
    fr: String.raw`(?:a|ont) (?:pris|fait) (?:un bain|une baignade|trempette|un plongeon)|(?:tombee?|jetee?|glissee?|plongee?|atterrie?|finie?|passee?|noyee?|partie?|coulee?|lance|lancee?)(?: [\w']+){0,3} (?:dans|a) ${WATER_FR}|(?:tombee?|passee?|partie?) par-dessus bord|a l'eau|machine a laver|lave-linge|(?:a|dans) la (?:lessive|laverie|blanchisserie)|lave-vaisselle|passee? (?:a la machine|au lave-linge)|trempee?|mouillee?|prise? l'eau|renverse (?:du|de la|de l'|mon|ma) \w+ (?:sur|dessus)|(?:cafe|the|biere|vin|jus|soda|lait|coca|soupe) (?:renverse )?(?:sur|dessus)`,
    nl: String.raw`(?:is|ging) (?:gaan )?(?:zwemmen|pootjebaden)|(?:een )?(?:duik|bad|zwempartij) (?:genomen|gemaakt)|(?:in|door) (?:de|het|een) (?:wasmachine|was)|in (?:de |het |een )?${WATER_NL}(?: [\w']+){0,2} (?:gevallen|gegooid|gegleden|beland|gesukkeld|gedoken|terechtgekomen|gesprongen|gezonken|verdronken|gekieperd|gesmeten|gelegd|gelegen|gevallen)|overboord (?:gevallen|gegaan|geslagen|gegleden)|meegewassen|doorweekt|kletsnat|nat geworden|waterschade|verzopen|ondergedompeld|(?:koffie|water|thee|bier|pint|wijn|cola|frisdrank|melk|soep|limonade|saus) (?:over|op)`,
  },
  // Heat, fire, electricity, a battery.
  heat: {
    en: String.raw`melted|burnt|burned|fried|overheated|exploded|blew up|caught fire|short-?circuited|(?:battery|batteries) (?:(?:was|were|had|got) )?(?:swelled|swollen|bulged|exploded|died)`,
    fr: String.raw`fondue?|a fondu|brulee?|grillee?|cramee?|explosee?|surchauffee?|(?:a )?pris feu|court-circuit|batterie (?:(?:est|etait|s'est) )?(?:gonflee|morte|a gonfle|a explose)`,
    nl: String.raw`gesmolten|verbrand|doorgebrand|ontploft|oververhit|vlam gevat|kortsluiting|batterij (?:(?:is|was|werd) )?(?:opgezwollen|gezwollen|ontploft|leeg en dood)`,
  },
  // Finished: given up, beyond repair, written off.
  finished: {
    en: String.raw`(?:stopped|quit|ceased) (?:functioning|responding|working|to work)|(?:screen )?(?:went|turned|stays|stayed|remains|is stuck on|(?:has|had|have) (?:gone|turned|stayed)|'s (?:gone|turned)) (?:completely |totally )?(?:black|dark|blank)|black screen|(?:given|gave) (?:up|out)|packed (?:up|in)|conked out|bit the dust|beyond (?:repair|saving|fixing)|(?:a )?write-?off|written off|totall?ed|unusable|irreparable|shattered|destroyed|ruined|(?:has|is|was) had it`,
    fr: String.raw`(?:a|ont|avait|avaient) cesse de (?:fonctionner|marcher)|ne (?:veut|voulait|peut|pouvait) plus (?:demarrer|redemarrer|s'allumer|se rallumer|fonctionner|marcher|charger)|ne (?:fonctionnait|marchait|demarrait|s'allumait|chargeait) plus|s'est arretee? de (?:fonctionner|marcher)|irreparable|hors d'usage|inutilisable|detruite?|foutue?|bousillee?|eclatee?|fissuree?|felee?|fendue?|(?:a |m'a )lache|ne repond plus|plus rien a faire|ecran (?:est |reste |est reste |est devenu |devient )(?:completement |tout )?noir|(?:est )?(?:kaput|ko)\b`,
    nl: String.raw`(?:gestopt|opgehouden) met werken|(?:wil|wilde|wou|kan|kon)(?: [\w'-]+){0,4} niet meer (?:opstarten|starten|aan|opladen)|start(?:te)? niet meer op|gaf het(?: [\w'-]+){0,4} op\b|(?:is|was|zijn|waren) ermee (?:gestopt|opgehouden)|zwart scherm|scherm(?: van (?:mijn|m'n|de|het|haar|zijn) [a-z-]+)? (?:is|werd|bleef|blijft) (?:nu )?(?:helemaal |volledig )?zwart|(?:helemaal |volledig |mors)?dood|de geest gegeven|het begeven|(?:heeft|had) het begeven|onherstelbaar|niet (?:meer )?te (?:herstellen|repareren|redden)|total loss|vernield|vernietigd|verbrijzeld|gebarsten|gesneuveld|(?:is|was) naar de vaantjes|reageert niet|om zeep`,
  },
  // Gone: mislaid, taken, not to be found.
  gone: {
    en: String.raw`(?:left|forgot|forgotten) (?:it |them |(?:my|our|the) (?:[\w-]+ ){0,2})?(?:on|in) (?:the |a )?(?:bus|train|tram|taxi|cab|plane|metro|subway|uber)|never (?:got it back|recovered)|pickpocketed|snatched|grabbed|went astray|left behind|can't be found|nowhere to be found|(?:was|got|been) taken|took (?:my|our|the) (?:\w+ )?(?:phone|mobile|handset|device)|(?:somebody|someone|a thief|a pickpocket|thieves) (?:has |had |have |must have |just )?(?:take|takes|taken|took|grab|grabbed|snatch|snatched|lifted|pocketed|steal|stole) (?:my|our|the) (?:[a-z-]+ ){0,2}(?:phone|iphone|smartphone|mobile|handset|device|tablet|ipad|gsm|handy|bag|handbag|backpack|rucksack|jacket|coat|purse)s?\b|went to (?:my|our|his|her) (?:[a-z-]+ )?(?:son|daughter|grandson|granddaughter|grandchild|child|kid|brother|sister|nephew|niece|cousin|wife|husband|partner|mother|father|mum|mom|dad)\b|confiscated|seized|impounded|slipped out of|never found it`,
    fr: String.raw`(?:me suis|s'est|nous sommes|se sont|t'es) fait(?:e|es|s)? (?:arracher|piquer|derober|subtiliser|chiper|prendre|faucher)|oubliee? (?:[\w']+ ){0,3}(?:dans|a bord d') ?(?:le |la |un |une |l')?(?:bus|train|tram|taxi|metro|avion|voiture|uber)|jamais (?:recuperee?|retrouvee?|revue?)|egaree?|derobee?|subtilisee?|introuvable|paumee?|piquee?|(?:on )?(?:me l'a|m'a) (?:pris|pique|vole)|confisquee?|saisie?(?! (?:le |les |mon |ma |mes |un |une |du |des |votre |ce )?(?:code|codes|mot de passe|mdp|pin|chiffres|identifiants?|numero|texte))|(?:tombee?|glissee?) de (?:ma|mon) (?:poche|sac|veste|main)s?|jamais retrouvee?`,
    nl: String.raw`(?:aan|naar) (?:mijn|m'n|zijn|haar|onze|een|de) [a-z-]+ (?:gegeven|doorgegeven|geschonken|verkocht|meegegeven)|weggegeven|(?:in|op) (?:de|het|een) (?:bus|trein|tram|taxi|vliegtuig|auto|metro) (?:\w+ )?(?:laten liggen|vergeten|achtergelaten|blijven liggen)|nooit (?:meer )?(?:teruggevonden|teruggekregen|terug gezien)|(?:is|was|raakte|ben) zoek|zoekgeraakt|ontvreemd|gepikt|gejat|achtergelaten|onvindbaar|niet (?:meer )?(?:terug )?te vinden|afgepakt|afgenomen|in beslag genomen|gegleden|uit (?:mijn|m'n|de|het|haar|zijn) \w+ (?:gehaald|genomen|gegrist|gerukt|gevallen)|(?:ligt|lag|bleef|blijft) (?:nog )?(?:in|op) (?:de|het|een) (?:taxi|trein|bus|tram|vliegtuig|auto|wagen|hotel)`,
  },
  // Given back: to an employer, a shop, an operator ("I had to hand in my work phone").
  returned: {
    en: String.raw`(?:hand|handed|give|gave|given|turn|turned|take|took|taken) (?:it |them |(?:my|our|the) (?:\w+ )?(?:phone|mobile|handset|device|one) )?(?:in|back)|had to return|(?:sent|shipped|posted|mailed) (?:it |them |(?:my|our|the) (?:old )?(?:\w+ )?(?:phone|mobile|handset|device) )?back (?:to|already)`,
    fr: String.raw`(?:du|dus|due) (?:le |la |les )?(?:rendre|restituer|remettre)|(?:ai|a|avons|avez) (?:rendu|remis|restitue)|rendue?s? a (?:mon|mon ancien|l')?(?:employeur|entreprise|operateur|magasin)|(?:renvoyee?s?|retournee?s?) (?:a|au|chez) (?:mon |mon ancien |l'|le |la )?(?:employeur|entreprise|operateur|magasin|fournisseur|vendeur|service|boutique|reparateur)`,
    nl: String.raw`(?:moeten|moest|moesten) (?:\w+ ){0,5}(?:inleveren|teruggeven|afgeven|terugbezorgen)|(?:terug|af)gegeven|afgestaan|teruggestuurd|terug(?:ge)?zonden`,
  },
  // Wiped or set up again.
  wiped: {
    // A well-meant clean-up: "my grandson cleaned up my phone", "a voulu nettoyer mon téléphone", "heeft mijn gsm opgekuist".
    en: String.raw`(?:app|authenticator)[a-z-]*(?: (?:with|for) (?:the|my|our|all) [a-z-]+)? (?:(?:is|was|came back|came up|showed up|opened) )?(?:now |suddenly )?(?:completely |totally |entirely )?(?:empty|blank)|cleaned (?:up|out)|cleared out|tidied up|formatted|restored (?:to|from)|reinstalled|reimaged|factory settings`,
    fr: String.raw`(?:application|appli|app|authenticator)[a-z-]* (?:d'[a-z-]+ |(?:avec|pour|des) (?:les |mes |nos )?[a-z-]+ )?(?:(?:est|etait|s'est retrouvee?|s'ouvre) )?(?:maintenant |soudain |tout a coup )?(?:completement |totalement |entierement )?vide|nettoyee?|(?:voulu|fallu|du) (?:le |la )?nettoyer (?:mon|ma|le|la)|restauree?|remise? (?:a|aux) (?:zero|parametres d'usine|l'etat d'usine)|parametres d'usine|reconfiguree?`,
    // The app found empty: "mijn authenticator-app is helemaal leeg", "the app was completely empty", "l'appli est vide".
    nl: String.raw`(?:app|applicatie|authenticator)[a-z-]*(?: (?:met|voor|van) (?:de|mijn|m'n|onze|alle) [a-z-]+)? (?:(?:is|was|bleek|staat|stond) )?(?:nu |plots |ineens |opeens )?(?:helemaal |volledig |compleet |totaal )?leeg|opgekuist|opgeruimd|uitgekuist|geformatteerd|(?:opnieuw|terug) (?:geinstalleerd|ingesteld)|teruggezet|leeggemaakt`,
  },
  // Changed: another phone, moved across.
  changed: {
    // The noun left out after "new" ("ik heb een nieuwe gekocht", "j'en ai acheté un nouveau"); the app told by where it was,
    // on the old device, or no longer on the one in hand ("de app stond op de oude", "het programma stond er niet meer op",
    // "the codes were on my old phone", "l'appli était sur l'ancien") (loop 27a).
    en: String.raw`(?:switched|moved|migrated|changed|went) (?:over )?(?:from|to) (?:an? |my |the )?(?:new |other |different )?(?:android|iphone|samsung|pixel|phone|handset|device|mobile)|(?:switched|changed) (?:my |our )?(?:mobile |phone )?(?:carrier|provider|operator|network)s?|(?:bought|got) (?:a |myself a )?(?:new|replacement|different) one|(?:app|apps|authenticator|codes?)\b(?: [a-z'-]+){0,4} (?:was|were|lived|sat|stayed) (?:only |still |all )?on (?:my|the|our) (?:old|previous|former|broken|lost|stolen|dead) (?:one|phone|device|handset|mobile|iphone|smartphone)\b|(?:was|were|is|are) no longer on (?:it|the new one|the phone|the device)\b`,
    fr: String.raw`(?:passee?|changee?) (?:d'android|d'iphone|de samsung) (?:a|vers)|change (?:d'operateur|de fournisseur|d'abonnement|de reseau)|(?:achete|recu|pris) un (?:nouveau|autre) (?:telephone|portable|gsm|smartphone|appareil)|\ben (?:ai|avons|a) (?:[a-z]+ )?(?:achete|recu|commande|pris) (?:un nouveau|une nouvelle|un autre|une autre)\b|(?:appli|application|app|authenticator|codes?)\b(?: [a-z'-]+){0,4} (?:etait|etaient|se trouvait|se trouvaient|restait|restaient) (?:uniquement |seulement |encore )?sur (?:l'ancien|l'ancienne|mon ancien|mon ancienne|le vieux|mon vieux|ma vieille)\b|n'(?:etait|etaient|y etait|y etaient) plus dessus`,
    nl: String.raw`(?:overgeschakeld|overgestapt|gewisseld) (?:van|naar)|(?:een )?(?:nieuwe|andere) (?:gsm|telefoon|smartphone) (?:gekocht|gekregen)|van (?:provider|operator|telecomoperator|gsm-operator|abonnement) (?:veranderd|gewisseld|gewijzigd)|\b(?:een|er een) nieuwe? (?:gekocht|gekregen|besteld|aangeschaft|gehaald)\b|(?:app|applicatie|authenticator|programma|programmaatje|appje|codes?)\b[a-z-]*(?: [a-z'-]+){0,4} (?:stond|stonden|zat|zaten) (?:enkel |alleen |nog |alleen maar )?op (?:de|het|mijn|m'n) (?:oude|vorige)\b|\b(?:stond|stonden|zat|zaten)(?: [a-z'-]+){0,3} er niet meer op\b`,
  },
  // The event named as a noun ("suite au remplacement de mon smartphone de service", "after the replacement of my phone",
  // "na de vervanging van mijn gsm", "the loss of my phone"), and what did not come across said in the passive ("the app
  // was not transferred", "l'application n'a pas été transférée", "de app is niet overgezet").
  named: {
    en: String.raw`(?:replacement|change|swap|upgrade|loss|theft|wipe|reset) of (?:my|our|the|his|her) (?:[a-z-]+ ){0,2}(?:phone|smartphone|mobile|handset|device|iphone|cellphone)s?|(?:was|were|has|have|had) (?:not|never) been (?:transferred|moved|migrated|carried over|copied|restored)|(?:wasn't|weren't|hasn't been|haven't been) (?:transferred|moved|migrated|carried over|copied|restored)|(?:could not|couldn't|cannot|can't) be (?:transferred|moved|migrated|carried over|copied|restored)|(?:could not|couldn't|was unable to|were unable to|wasn't able to|was not able to|weren't able to|were not able to|didn't manage to|did not manage to) (?:transfer|move|migrate|copy|carry over|bring over|restore)`,
    fr: String.raw`(?:remplacement|changement|renouvellement|echange|perte|vol|casse|reinitialisation|formatage) (?:de |du |d')(?:mon |ma |mes |notre |nos |son |sa |l')?(?:[a-z-]+ ){0,2}(?:telephone|smartphone|gsm|portable|appareil|mobile|iphone)s?|n'(?:a|ont|avait|avaient) (?:pas|jamais) ete (?:transferee?s?|migree?s?|deplacee?s?|copiee?s?|recuperee?s?|reprises?)|n'(?:a|ont|avait|avaient) (?:pas|jamais) pu etre (?:transferee?s?|migree?s?|deplacee?s?|copiee?s?|recuperee?s?|reprises?)|n'(?:ai|avons|a|ont|avais|avait) (?:pas|jamais) (?:pu|reussi a) (?:la |le |les |l')?(?:transferer|migrer|deplacer|copier|recuperer|reprendre|exporter)`,
    nl: String.raw`(?:vervanging|vernieuwing|omwisseling|verlies|diefstal|reset) van (?:mijn|m'n|ons|onze|de|het|zijn|haar) (?:[a-z-]+ ){0,2}(?:gsm|telefoon|smartphone|toestel|iphone|mobieltje)s?|(?:is|zijn|werd|werden|was|waren) (?:toen |dus |helaas )?niet (?:mee )?(?:overgezet|overgedragen|gemigreerd|gekopieerd|overgebracht|meegenomen)|niet (?:mee )?overgezet|(?:kon|konden|kan|kunnen) (?:\w+ )?niet (?:meer )?(?:worden )?(?:mee )?(?:overgezet|overgedragen|gemigreerd|gekopieerd|overgebracht|meegenomen)(?: worden)?|niet (?:meer )?(?:kunnen|mogen) (?:overzetten|overbrengen|overdragen|migreren|kopieren|meenemen)|(?:kon|konden) (?:ik|we|wij) (?:[\w'-]+ ){0,3}niet (?:overzetten|overbrengen|overdragen|migreren|kopieren|meenemen)`,
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
  return EVENT.test(s) || EVENT_CLASS_RE.test(s) || DONE_TO.test(s);
}

const DEVICE_RE = new RegExp(DEVICE);

// A demonstrative before the device is a definite article ("I handed that phone back", "ce gsm est tombé", "die oude gsm is
// kapot"): the phone pointed at is the phone, whatever the event's words expect before it ("the", "my", "le", "de") (loop 28a).
// Only an adjective may stand between ("that old phone"); "gebruikers die hun gsm verloren" is a relative pronoun, then the owner.
const DETERMINER = String.raw`the|a|an|my|your|his|her|its|our|their|le|la|les|l'|un|une|mon|ma|mes|ton|ta|son|sa|ses|notre|votre|leur|leurs|de|het|een|mijn|m'n|jouw|uw|zijn|haar|ons|onze|hun`;
const DEMONSTRATIVE_BEFORE_DEVICE = new RegExp(
  String.raw`\b(that|this|those|these|ce|cet|cette|ces|die|dat|deze)\b(?= (?:(?!(?:${DETERMINER})\b)[a-z-]+ )?${DEVICE})`,
  'g',
);
const DEFINITE: Record<string, string> = {
  that: 'the',
  this: 'the',
  those: 'the',
  these: 'the',
  ce: 'le',
  cet: "l'",
  cette: 'la',
  ces: 'les',
  die: 'de',
  dat: 'het',
  deze: 'de',
};

// Every rule corrects the sentence it is given, and the rules are asked of the same sentences many times (a sentence's
// signals, then its explanation, its organisation spans): each is corrected once. Bounded, as typos.ts's words.
const CORRECTED = new Map<string, string>();
const CORRECTED_MAX = 2_000;

/** The sentence as the rules read it: typos corrected, a demonstrative before the device read as the definite article. */
function correctTypos(folded: string): string {
  let corrected = CORRECTED.get(folded);
  if (corrected === undefined) {
    corrected = typosCorrected(folded).replace(DEMONSTRATIVE_BEFORE_DEVICE, (d: string) => DEFINITE[d] ?? d);
    if (CORRECTED.size >= CORRECTED_MAX) CORRECTED.clear();
    CORRECTED.set(folded, corrected);
  }
  return corrected;
}
const FOREIGN_DEVICE_RE = new RegExp(FOREIGN_DEVICE);

// "Please reset / remove / disable my 2FA" and their nouns ("2FA reset").
// The Dutch passive asked with a modal ("kan de tweestapsverificatie tijdelijk uitgeschakeld worden?", "mag ze uitgezet
// worden"): every verb of switching off, as "gereset worden" is of resetting (loop 28a). Not "werd/is …": done, not asked.
const RESET = new RegExp(
  String.raw`\b(reset|resets|resetting|remove|removal|disable|deactivate|deactivation|turn off|switch off|clear|bypass|unlink|delete|reinitialiser|reinitialisez|reinitialisiez|reinitialisation|reinitialiseren|desactiver|desactivez|desactiviez|desactivation|supprimer|supprimez|supprimiez|suppression|retirer|retirez|retiriez|enlever|enlevez|enleviez|annuler|remet(tre|tez|tiez|te|tent) a zero|resetten|gereset worden|reset worden|(?:uitgeschakeld|uitgezet|afgezet|gedeactiveerd|verwijderd) (?:kunnen |mogen |te )?(?:worden|wordt)|uitschakelen|uitzetten|uit te schakelen|uit te zetten|afzetten|af te zetten|uitdoen|uit te doen|faire sauter|take (?:it |that )?off|get rid of|ausschalten|deaktivieren|zurucksetzen|verwijderen|verwijdering|deactiveren|opnieuw instellen|herstellen|loskoppelen|terugzetten|terug te zetten)\b`,
);

const ACCESS = new RegExp(
  [
    // Still shut out, said with the adverb of continuance between the modal and the negation: "ik kan nog steeds niet
    // inloggen", "ik geraak nog altijd niet binnen", "je ne peux toujours pas me connecter".
    String.raw`\b(?:ik|we|wij) (?:kan|kunnen|geraak|geraken|raak|raken) (?:nog steeds|nog altijd|altijd nog|steeds) niet (?:in ?loggen|aanmelden|binnen|erin|in (?:bpart|mijn account|het platform))\b|\b(?:kan|kunnen|geraak|geraken) (?:ik|we|wij) (?:nog steeds|nog altijd|altijd nog|steeds) niet (?:in ?loggen|aanmelden|binnen|erin)\b|\bne (?:peux|pouvons|parviens|arrive|parvenons|arrivons) toujours pas (?:a )?(?:me |nous )?(?:connecter|acceder|entrer|identifier)\b`,
    // The code asked for at login, and the writer without it: "un code que je n'ai pas", "die code … en ik heb die niet", "ik
    // weet niet waar ik die moet halen", "a code I don't have": the door stays shut.
    String.raw`\bcode\b(?: [a-z']+){0,3} (?:que je n'ai (?:pas|plus)|que je ne (?:recois|trouve|connais) (?:pas|plus)|(?:that |which )?i (?:don't|do not|no longer) have|(?:that |which )?i (?:can't|cannot) get)\b|\bcode\b.{0,40}\b(?:en|maar) (?:ik|k) (?:heb|krijg) (?:die|dat|hem|het|er) (?:\w+ )?(?:niet|geen)\b|\bcode\b.{0,40}\b(?:ik|k) (?:weet|wist) niet (?:waar|hoe) (?:ik|k) (?:die|dat|hem|het)\b|\bcode\b.{0,40}\b(?:en|et) (?:er komt|il n'arrive|rien n'arrive|nothing (?:comes|arrives))\b`,
    // The same told in a clause of its own with a pronoun ("… un code de vérification et je ne l'ai pas", "a code, and I don't
    // have it") or in a relative clause ("een code … die ik niet krijg").
    String.raw`\bcode\b.{0,60}\b(?:et|mais) (?:je ne l'ai|je n'en ai|je ne le recois|je ne l'ai jamais) (?:pas|plus|jamais|aucun|recu)\b|\bcode\b.{0,60}\b(?:and|but) i (?:don't|do not|no longer|never) (?:have|get|receive) (?:it|one|that|them)\b|code\b(?: [a-z']+){0,3} (?:die|dat) (?:ik|k) (?:niet|nooit|niet meer) (?:heb|krijg|ontvang|ken)\b`,
    String.raw`\b(can't|cant|cannot|can not|unable to|no longer able to|not able to) (log ?in|sign ?in|login|access|get (in|into|back|past))`,
    String.raw`(?<!(don't|not|never|won't) (get|be) )(?<!\b(?:not|never|avoid|without|prevent|rather not) (?:\w+ ){0,2})\b(locked out|lost access|regain access|get back into|back into (my|the|our) account|stuck at)`,
    // In any person: the verb conjugated for whoever is shut out and the reflexive that goes with it ("je ne peux plus me
    // connecter", "elle n'arrive plus à se connecter", "il ne parvient plus à s'identifier", "on ne peut plus se connecter"):
    // a colleague's lock-out told by the one who writes for them is the same lock-out (loop 28a).
    String.raw`\b(ne )?(peux|peut|peuvent|parviens|parvient|parviennent|arrive|arrives|arrivent|pouvons|pouvez|sais|sait|savons|savent) (plus|pas) (a )?(me |te |se |nous |vous |m'|t'|s')?(connecter|acceder|entrer|rentrer|identifier)`,
    String.raw`\b(impossible|incapable) de (me )?(connecter|acceder)`,
    String.raw`\b(recuperer|retrouver) (l'acces|mon acces|mon compte|l'acces a mon compte)`,
    // Written as a heading, no subject nor verb ("GSM perdu - plus accès à Bpart", "Lost phone: no access to Bpart",
    // "Handy kaputt – kein Zugang mehr"): a lock-out in a subject's or a phone mail's telegraphic style.
    String.raw`(?:^|[-:!,(]\s*|\.\.\.?\s*)(?:(?:toujours |encore )?plus (?:d')?acces|pas d'acces|aucun acces|(?:still )?no (?:more |longer )?access|kein(?:en)? zugang(?: mehr)?)\b(?! (?:needed|required|necessary|requis|necessaire|nodig|vereist)\b)|` +
      String.raw`\b(n'ai|n'avons) (donc |toujours |meme )?plus acces|\bbloquee? (hors|dehors)|(?<!(pas|jamais) (etre )?)(?<!\b(?:eviter|sans) (?:d'|de )?(?:etre |me retrouver |rester )?)\bbloquee?\b`,
    // "geraken" in any person, with its particle: "zij geraakt er niet meer in", "we geraken er nog altijd niet in", "hij
    // raakt er niet meer binnen" (loop 28a: the person shut out is whoever the verb is conjugated for).
    String.raw`\b(?:geraak|geraakt|geraken|raak|raakt|raken) (?:ik |je |hij |zij |ze |we |wij |u )?er (?:nog steeds |nog altijd |echt |gewoon )?(?:niet meer|niet) (?:in|binnen|op)\b|` +
      // "ik kan niet meer inloggen", "nu kan ik niet meer inloggen": the subject before or after the verb.
      String.raw`\b(kan|geraak|raak|kunnen) (ik |we |wij |je )?(er )?(niet meer|niet) (in ?loggen|aanmelden|binnen|inloggen)`,
    // "Nu kan ik niet meer in Bpart", "ik geraak niet meer op mijn account": the verb left out, as people say it.
    String.raw`\b(kan|geraak|raak|kom|kunnen) (ik |we |wij |je )?(er )?niet meer (in|op|binnen in|binnen op) (\w+|mijn account|ons account)\b`,
    // The codes that let one in stop arriving ("je ne reçois plus les codes par SMS", "the text codes no longer arrive",
    // "ik krijg de sms-codes niet meer"): the door stays shut, whatever the writer asks next.
    String.raw`\b(?:no longer|don't|do not|never|stopped|can't|cannot) (?:receive|receiving|get|getting) (?:the |any |my )?(?:sms |text |login |verification |security )?(?:codes?|texts?|sms)\b(?! (?:promo|discount|coupon|voucher|from (?:the|your) (?:newsletter|shop)))|\b(?:codes?|sms|texts?) (?:no longer|don't|do not|never|have stopped|stopped) (?:arrive|arriving|come|coming|get through)\b`,
    String.raw`\bne (?:recois|recoit|recevons|recevez|recoivent) (?:plus|pas|jamais) (?:les |mes |aucun |de |le )?(?:codes?|sms)\b(?! (?:promo|promotionnels?|de reduction|cadeaux?))|\b(?:codes?|sms) n'(?:arrivent?|parviennent?) (?:plus|pas|jamais)\b|\bplus moyen de recevoir\b|\bimpossible de recevoir (?:les |mes |aucun )?(?:codes?|sms)\b`,
    String.raw`\b(?:krijg|ontvang|krijgen|ontvangen) (?:ik |we |wij )?(?:de |mijn |onze )?(?:sms-?)?(?:codes?|sms(?:'?je)?s?|sms-codes?) niet (?:meer|binnen)\b|\b(?:krijg|ontvang|krijgen|ontvangen) (?:ik |we |wij )?geen (?:sms-?)?(?:codes?|sms(?:'?je)?s?|sms-codes?) meer\b|\b(?:codes?|sms(?:'?je)?s?|sms-codes?) (?:komen|komt) (?:niet meer|nooit) (?:aan|toe|door)\b`,
    // Stuck, said as such: "nu zit ik vast", "I'm stuck", "je suis coincé(e)" (not "stuck at home", "coincé dans les bouchons").
    String.raw`\b(?:ik zit|zit ik|we zitten|zitten we) (?:nu |dus |helemaal )?vast\b(?! (?:in|op|aan|met) )|\b(?:i'm|i am|we're|we are) (?:now |completely |totally )?stuck\b(?! (?:at|in|on|with) (?!the (?:login|verification|code)))|\b(?:je suis|nous sommes) (?:donc |maintenant |completement )?(?:coincee?s?)\b(?! (?:dans|a|au|en|chez) )`,
    String.raw`\b(inloggen|aanmelden) lukt (nog steeds |nog altijd )?niet|\blukt (het )?niet (meer )?om (in te loggen|aan te melden)|\bgeen toegang( meer)?|(?<!niet )\bbuitengesloten|\btoegang (terug|herstellen|terugkrijgen)|\b(terug|weer|opnieuw) toegang (te )?(krijgen|hebben|tot)\b`,
  ].join('|'),
);

const ENABLE = new RegExp(
  [
    String.raw`\b(how|where) (do|can|should|would) (i|we) (enable|activate|set ?up|turn on|switch on|configure|add|use|transfer|move|migrate)`,
    String.raw`\b(want|like|wish|plan) to (enable|activate|set ?up|turn on|switch on)`,
    // The way asked for, not a reset: "what is the right way to move my codes to the new phone?", "quelle est la bonne façon de
    // transférer l'application ?", "wat is de juiste manier om de app over te zetten?".
    String.raw`\b(what|which) is the (right|best|correct|proper|safest|recommended) (way|procedure|method) to (transfer|move|migrate|copy|set ?up|switch)\b|\bquelle est la (bonne|meilleure|bonne) (facon|maniere|procedure|methode) (de|pour) (transferer|deplacer|migrer|copier|configurer)\b|\bwat is de (juiste|beste|correcte) (manier|werkwijze|procedure) om\b.{0,40}\b(over te zetten|over te brengen|te kopieren|in te stellen)\b`,
    // "Should I transfer the app first?", "Is there anything I should do before I switch?", "Dois-je transférer l'appli ?", "Moet ik de app overzetten?"
    String.raw`\b(should|must) (i|we) (just |first |simply )?(transfer|move|migrate|copy|export)\b|\bis there anything (i|we) (should|must|need to|have to) do\b`,
    String.raw`\b(dois-je|devons-nous|faut-il) (d'abord |simplement )?(transferer|deplacer|migrer|copier|exporter)\b|\b(moet|moeten) (ik|we) (eerst |gewoon )?.{0,30}(overzetten|overbrengen|kopieren|exporteren)\b`,
    String.raw`\bcomment (puis-je |peut-on |faire pour )?(activer|mettre en place|configurer|installer|utiliser|transferer|deplacer)`,
    String.raw`\b(souhaite|voudrais|veux|aimerais) (activer|mettre en place|configurer)`,
    String.raw`\bhoe (kan ik|kunnen we|moet ik|activeer ik|zet ik|stel ik)`,
    String.raw`\b(wil|zou|willen) (graag )?.{0,40}(inschakelen|activeren|instellen|aanzetten|overzetten|overbrengen)`,
    String.raw`\b(hoe doe ik (dat|het)|how do i do (that|it)|comment (je fais|faire|on fait)\b)`,
    // The old device is still there: moving the app is a question, not a recovery.
    String.raw`\b(ik heb (de|mijn) oude( gsm| telefoon| toestel| sim| simkaart| nummer)? nog|i still have (the|my) old (one|phone|device|sim|sim card|number)|j'ai (encore|toujours) (l'ancien|mon ancien|l'ancienne|mon ancienne|ma carte sim))`,
  ].join('|'),
);

// A hypothesis put to the reader or asked about: "If you lost your phone, click here", "What happens if
// my phone is stolen?", "Que faire si je perds mon téléphone ?", "Wat gebeurt er als ik mijn gsm verlies?".
const HYPOTHETICAL = new RegExp(
  [
    String.raw`\b(?:if|when|should) (?:you|u)\b|\bsi (?:vous|tu)\b|\b(?:als|indien|wanneer) (?:u|je|jij)\b`,
    // Only with its "if": "J'ai perdu mon téléphone, que faire ?" tells what happened.
    // The writer's own hypothesis: "si je perds un jour mon téléphone", "if I ever lose my phone", "als ik mijn gsm zou verliezen";
    // and what would follow from it: "le club serait bloqué", "we would be locked out", "we zouden geblokkeerd zijn".
    String.raw`\bsi (?:je|j'|on|nous) ?(?:perds|perdais|perdait|perdons|perdions|casse|cassais|cassait|me fais voler|me faisais voler|change|changeais)\b|\bif (?:i|we) (?:ever )?(?:lose|lost|break|broke|drop|dropped|change|changed|get (?:a new|my phone))\b|\b(?:als|indien|wanneer) (?:ik|we|wij) .{0,30}(?:verlies|verliezen|kwijtraak|kwijtraken|zou verliezen|zouden verliezen|breek|vervang)\b`,
    // Of the phone itself: "if my phone gets stolen", "si on me vole mon téléphone", "als mijn gsm gestolen wordt".
    String.raw`\bif (?:my|our|the) (?:\w+ )?(?:phone|gsm|device|mobile|smartphone)s? (?:ever )?(?:gets?|is|were|was|goes|got) (?:lost|stolen|broken|missing|damaged)\b|\bsi (?:jamais )?(?:on me vole|on nous vole|(?:mon|notre) (?:telephone|gsm|portable|smartphone) (?:est|etait|se fait) (?:vole|perdu|casse|voler))\b|\b(?:als|indien|wanneer) (?:mijn|onze|de) (?:\w+ )?(?:gsm|telefoon|toestel|smartphone)\b.{0,40}\b(?:gestolen|kwijt|kapot|verloren) (?:wordt|raakt|is|zou|gaat)\b`,
    String.raw`\b(?:serait|seraient|serais|serions) (?:bloquee?s?|coincee?s?)\b|\bwould (?:be|get|end up) (?:locked|blocked|stuck)\b|\bzou(?:den)? .{0,20}(?:geblokkeerd|vastzitten|vast zitten|buitengesloten)\b`,
    String.raw`\bwhat (?:happens|would happen|will happen|do (?:i|we) do|should (?:i|we) do|to do) (?:\w+ )?if\b|\bwhat if\b|\b(?:que|qu'est-ce qui) (?:se passe(?:-t-il)?|faire|dois-je faire|devons-nous faire|arrive(?:-t-il)?) (?:\w+ )?(?:si|au cas|en cas)\b|\bqu'arrive-t-il (?:si|en cas)\b|\bwat (?:gebeurt er|moet ik doen|moeten we doen|doe ik) (?:\w+ ){0,2}(?:als|wanneer|indien)\b|\bwat als\b`,
  ].join('|'),
);

// A hypothesis about anyone: "if a member loses their phone, how do we reset…", "si un bénévole perd son téléphone",
// "als iemand zijn gsm verliest". A procedure asked about, no reset asked for.
const ANYONE_HYPOTHESIS =
  /\b(?:if|when|whenever|should) (?:someone|somebody|anyone|a (?:member|user|colleague|volunteer|employee|customer|player|parent)|one of (?:our|my|the|your))\b|\bsi (?:quelqu'un|un (?:membre|utilisateur|collegue|benevole|employe|joueur|parent)|une (?:collegue|benevole|employee|utilisatrice)|l'un (?:de|des|d'))\b|\b(?:als|wanneer|indien) (?:iemand|een (?:lid|gebruiker|collega|vrijwilliger|werknemer|speler|ouder)|een van (?:onze|de|jullie))\b/;

// What happened to other people, not to the writer: a population ("users who lose their phone",
// "gebruikers die hun gsm verloren zijn", "les membres qui perdent leur téléphone") or a story someone told
// ("a chairman told me he lost his phone", "un président m'a dit qu'il", "iemand vertelde me dat hij").
const OTHERS_STORY = new RegExp(
  [
    String.raw`\b(?:users|customers|clients|people|members|employees|organi[sz]ations|associations|companies|gebruikers|klanten|mensen|leden|werknemers|organisaties|verenigingen|bedrijven|utilisateurs|gens|membres|personnes|entreprises|organisations)\b (?:who|that|die|dat|qui|dont)\b`,
    String.raw`\b(?:told|tells|said|says) (?:me|us) (?:that )?(?:he|she|they)\b|\b(?:vertelde|vertelt|zei|zegt) (?:me|mij|ons) dat (?:hij|zij|ze)\b|\bm'a (?:dit|raconte|explique) qu'(?:il|elle)s?\b`,
  ].join('|'),
);

// A question about numbers or durations in general: "How often do you get such requests to reset…",
// "Hoe vaak krijgen jullie…", "Combien de demandes…". It asks about resets; it asks for none.
const STATISTICS_QUESTION =
  /\b(?:how often|how many|how frequently|on average|hoe vaak|hoeveel|gemiddeld|combien de (?:fois|demandes|cas)|a quelle frequence|en moyenne)\b|\bhow (?:fast|quickly|soon)\b|\bhow long (?:does|would|will|do)\b|\b(?:en )?combien de temps\b|\bdans quel delai\b|\bhoe (?:snel|lang duurt|lang zou)\b/;

// The writer is back in: "I was able to log in again", "j'ai pu me reconnecter", "ik kan terug inloggen",
// "the codes work again", "alles werkt weer". A thank-you, not a request.
const RESOLVED = new RegExp(
  [
    // Back in, said as a state with an adverb of repetition: "je suis de nouveau connecté", "I'm logged in again", "ik ben
    // terug ingelogd" (not "je suis toujours connecté", which is access never lost, nor a negation between the words).
    String.raw`\b(?:je suis|nous sommes|on est) (?:a nouveau|de nouveau|enfin) (?:re)?connect(?:e|ee|es|ees|er)\b|\b(?:je suis|nous sommes|je me suis|nous nous sommes|on s'est) reconnect(?:e|ee|es|ees|er)\b|\b(?:i'm|i am|we're|we are) (?:logged|signed) (?:back )?in again\b|\b(?:ik ben|we zijn) (?:terug|weer|opnieuw) (?:ingelogd|aangemeld|binnen)\b`,
    String.raw`\b(?:i|we) (?:was|were|have been|am|are) (?:now )?able to (?:log|sign|get) (?:back )?in\b|\b(?:i|we) (?:managed|got) (?:to )?(?:log|sign|get) back in\b|\b(?:i'm|i am|we're|we are) back in\b|\b(?:it|everything|the codes?|the app|my 2fa) (?:works?|is working|are working) (?:again|fine now|now)\b`,
    String.raw`\b(?:j'ai|nous avons|on a) (?:pu|reussi a) (?:me |nous )?(?:reconnecter|connecter|acceder)|\b(?:fonctionnent?|marchent?) (?:a nouveau|de nouveau|again|bien maintenant)\b|\btout (?:fonctionne|marche|est rentre dans l'ordre)\b|\b(?:tout|ca|cela|l'app\w*|les codes?|le code|mon compte|mon acces) (?:re(?:fonctionne|marche)(?:nt)?)\b(?! pas| plus| toujours pas)`,
    String.raw`\b(?:ik|we) (?:kan|kon|kunnen|konden|ben|zijn|geraak|geraakte) (?:er )?(?:terug|weer|opnieuw) (?:in ?loggen|inloggen|aanmelden|binnen|in)\b|\b(?:werkt|werken) (?:terug|weer|opnieuw)\b|\b(?:is|zijn) (?:opgelost|in orde)\b`,
    // With a modal and "again" ("I could log in again", "je peux de nouveau me connecter"), or the matter declared over.
    String.raw`\b(?:i|we) (?:could|can|can now|could now) (?:log|sign|get) (?:back )?in (?:again|now|fine)\b|\ball (?:good|sorted|fixed|working|fine) (?:now|again)\b|\b(?:problem|issue) (?:solved|sorted|fixed)\b`,
    String.raw`\b(?:je|nous|on) (?:peux|pouvons|peut|pouvais|ai pu|avons pu) (?:a nouveau|de nouveau|maintenant) (?:me |nous |se )?(?:connecter|reconnecter)\b|^(?:c'est|tout est) (?:regle|arrange|en ordre|ok|bon)\b|\bprobleme (?:regle|resolu)\b`,
    String.raw`\balles (?:is |werkt )?(?:terug |weer )?(?:ok|oke|in orde|opgelost|goed)(?: nu)?\b|^het is gelukt\b`,
    // The procedure's last step told as done, the second step switched on again by the writer ("j'ai réactivé la double
    // authentification", "I have re-enabled two-factor", "ik heb de tweestapsverificatie opnieuw geactiveerd"): one switches it
    // on again only once back in (loop 28a; 15 thanks in 14 batches say so, cc14 in none of the words above).
    String.raw`\b(?:j'ai|nous avons|on a) (?:bien |aussitot |tout de suite |deja |immediatement )?(?:reactive|remis en place|reconfigure) (?:la |ma |notre |l'|le )?(?:double authentification|2fa|a2f|verification en deux etapes|authentification a deux facteurs)\b|\b(?:i|we) (?:have |'ve )?(?:already |immediately |just )?(?:re-?enabled|re-?activated|switched on again|turned on again) (?:the |my |our )?(?:2fa|two-factor|two-step|mfa)\b|\b(?:ik|we) (?:heb|hebben) (?:de |mijn |onze )?(?:tweestapsverificatie|2fa|dubbele verificatie) (?:al |meteen |direct )?(?:opnieuw|terug|weer) (?:geactiveerd|aangezet|ingeschakeld|ingesteld)\b`,
    // The same last step in English's phrasal verb, done or as a state ("I've set it up again on the new phone", "All set up
    // again", "everything is set up again"): a perfect or a state, never "so I can set it up again", which is what a reset
    // is asked for (loop 29).
    String.raw`\b(?:i|we)(?: have|'ve) (?:now |just |already |successfully )?set (?:it|them|everything|(?:the |my |our )?(?:authenticator|2fa|two-factor|app)(?: app)?) (?:all |back )?up again\b|(?:^|, )(?:all|everything(?: is|'s)?|it(?:'s| is)|(?:the |my )?(?:authenticator|2fa|two-factor|app)(?: app)? is) (?:now |all )?set up again\b`,
    // Working ever since a reset done: "everything has worked fine since", "tout fonctionne bien depuis", "alles werkt sindsdien".
    String.raw`\b(?:it|everything|all) (?:has )?(?:worked|been working) (?:fine|perfectly|well) (?:ever )?since\b|\btout (?:fonctionne|marche) (?:bien |parfaitement )?depuis\b|\balles werkt (?:sindsdien|sinds dan)\b`,
    // The matter declared over ("Brilliant, all sorted"), and the authenticator told as set up on the new phone: the state
    // a reset leads to, not a lock-out ("the app is set up on the new phone", "l'appli est installée sur le nouveau
    // téléphone", "de app staat nu op mijn nieuwe gsm"). A "but" or a lock-out said beside it still wins (see `resolved`).
    // What we did said to have worked, at the opening of a reply: "Brilliant, that worked.", "Ça a marché, merci !", "Het is
    // gelukt" is above; "dat werkte".
    String.raw`(?:^|, )(?:that|it|this) (?:worked|did it|did the trick)\b(?! (?:for a|only|partly))|(?:^|, )(?:ca|cela) a (?:marche|fonctionne)\b|(?:^|, )(?:dat|het) (?:werkte|heeft gewerkt)\b`,
    String.raw`(?:^|, )all (?:sorted|fixed)\b|\b(?:the|my) (?:authenticator )?app (?:is|was|has been) (?:now |all |successfully )?(?:set up|installed|configured|activated|working) (?:again )?on (?:the|my) new (?:phone|mobile|handset|device|iphone|smartphone)\b(?!.*\b(?:not|no longer|doesn't|don't)\b)`,
    String.raw`\b(?:l'application|l'appli|l'app) (?:est|a ete) (?:maintenant |bien |de nouveau )?(?:installee?|configuree?|activee?) sur (?:le|mon) nouveau (?:telephone|gsm|portable|smartphone|appareil)\b`,
    String.raw`\bde app (?:staat|is|werkt) (?:nu |al |terug |weer )?(?:(?:ingesteld|geinstalleerd|geactiveerd) )?op (?:de|mijn|m'n) nieuwe (?:gsm|telefoon|smartphone|toestel)\b(?!.*\b(?:niet|geen)\b)`,
  ].join('|'),
);

// A reset asked about as something anyone in a role could do, not asked for: "kan een beheerder dat per
// gebruiker uitzetten?", "can an admin turn it off for a user?", "un administrateur peut-il la désactiver ?".
const GENERIC_AGENT =
  /\b(?:can|could|may) (?:an?|the|any) (?:admin|administrator|manager|owner|account owner)s?\b|\b(?:kan|mag|kunnen) (?:een|de|elke) (?:beheerder|admin|administrator|hoofdgebruiker)s?\b|\b(?:peut|pourrait|peuvent)[- ](?:un|une|l'|les)? ?(?:admin|administrateur|administratrice|gestionnaire)s?\b|\bun(?:e)? (?:admin|administrat(?:eur|rice)|gestionnaire) (?:peut|pourrait)\b/;

// A question about the rules, not about the writer's access: "Is de tweestapsverificatie verplicht voor iedereen?",
// "Is 2FA compulsory for all board members?", "La double authentification est-elle obligatoire ?".
export const POLICY_QUESTION = /\b(?:verplicht|compulsory|mandatory|obligatoire|obligatory|required for (?:all|every(?:one|body)?))\b/;

// A request withdrawn: "Vous pouvez annuler ma demande", "please cancel my request", "mijn aanvraag mag geannuleerd worden",
// "no longer needed", "n'est plus nécessaire", "is niet meer nodig".
export const WITHDRAWN =
  /\b(?:annuler|annulez|clore|cloturer|fermer) (?:ma|notre|la|cette) (?:demande|requete|ticket)\b|\bcancel (?:my|our|the|this) (?:request|ticket)\b|\b(?:close|ignore) (?:my|our|the|this) (?:request|ticket)\b|\b(?:aanvraag|vraag|ticket) (?:mag|mogen|kan|kunt|kunnen) (?:jullie |u )?(?:geannuleerd|vervallen|afgesloten|gesloten|genegeerd)\b|\b(?:annuleren|intrekken) (?:van )?(?:mijn|onze|de) (?:aanvraag|vraag)\b|\bno longer (?:needed|necessary|required)\b|\bno (?:more )?need (?:for you )?to (?:reset|remove|disable) (?:anything|it|my|the)\b|\bpas besoin de (?:me |la |le |les )?(?:reinitialiser|reset(?:ter)?|desactiver)\b|\b(?:hoeft|hoeven) (?:niets|niet|geen) (?:meer )?(?:te )?(?:worden )?(?:gereset|resetten|te resetten)\b|\b(?:n'est|ce n'est) plus (?:necessaire|utile)\b|\b(?:is|zijn) niet (?:meer|langer) nodig\b/;

// News asked of a request already made: "Any news on my request?", "Où en est ma demande ?", "Is er al nieuws over
// mijn aanvraag?". A follow-up of its ticket, not a new request (unless the text itself is one).
export const STATUS_QUERY =
  /\bany (?:news|update|progress)\b|\b(?:news|update|progress) (?:on|about|regarding) (?:my|our|the|this) (?:request|ticket|case)\b|\bstatus of (?:my|our|the|this) (?:request|ticket|case)\b|\bstill waiting (?:for|on) (?:a |an |your )?(?:reply|answer|response|news)\b|\b(?:des |de )?nouvelles? (?:de|concernant|sur|a propos de) (?:ma|notre|la|cette) (?:demande|requete)\b|\bou en est (?:ma|notre|la|cette) (?:demande|requete)\b|\b(?:avez-vous|y a-t-il) (?:du )?(?:nouveau|des nouvelles)\b|\btoujours (?:pas|sans) (?:de )?(?:reponse|nouvelles)\b|\b(?:al )?nieuws over (?:mijn|onze|de|deze) (?:aanvraag|vraag|melding)\b|\bstand van zaken\b|\bhoe staat het (?:met|ervoor met) (?:mijn|onze|de) (?:aanvraag|vraag|melding)\b|\bis er al nieuws\b|\bnog (?:geen|niets) (?:antwoord|reactie|nieuws)\b|\b(?:checking|check|see|ask(?:ing)?) (?:whether|if) you (?:got|received|saw|have seen|had a chance to look at) (?:my|our)\b|\b(?:avez-vous|as-tu|auriez-vous) (?:pu )?(?:avancer sur|bien recu|eu le temps de regarder) (?:ma|notre)\b|\b(?:hebben|heeft) (?:jullie|u) (?:mijn|onze) (?:mail|e-?mail|aanvraag|vraag|bericht) (?:al |goed )*(?:ontvangen|gezien|bekeken)\b/;

// Under our ticket, the writer's own request spoken of as made ("my request of Friday", "ma demande", "mijn aanvraag",
// "I asked you on Monday to reset …", "j'ai demandé …", "Maandag heb ik gevraagd om …"): the ticket's request, not a new one.
// In the pluperfect too, and with the French object pronoun before the auxiliary: "Ik had vorige dinsdag gemaild over …",
// "I had written on Tuesday", "j'avais demandé", "je vous ai écrit mardi" (loop 27a).
// The ask told as done with a verb and its noun of asking (a support-verb construction: "I made a request to reset …", "j'ai
// fait une demande de réinitialisation", "heb ik een aanvraag gedaan om … te resetten"): the ask named as an act done, as
// "I asked" names it (loop 29).
export const EARLIER_ASK =
  /\b(?:i|we) (?:already |have already |have |'ve |had )?(?:made|put in|raised|opened|logged|lodged) (?:a|an|my|our|the) (?:\w+ )?(?:request|ticket|case)\b|\b(?:j'ai|nous avons|j'avais|nous avions|je vous ai|nous vous avons) (?:deja )?(?:fait|introduit|adresse|envoye|depose) (?:une|ma|notre|la) (?:\w+ )?(?:demande|requete)\b|\b(?:een|mijn|onze|de) (?:\w+ )?(?:aanvraag|verzoek|melding) (?:\w+ ){0,2}(?:gedaan|ingediend|doorgestuurd|gestuurd|verstuurd|ingestuurd|gemaakt)\b|\b(?:my|our) (?:earlier |previous |first )?(?:request|ticket|case|e-?mail|message)\b|\b(?:i|we) (?:already |have already )?(?:asked|requested|wrote|sent|emailed|mailed|submitted|filed)\b|\b(?:ma|notre) (?:premiere |precedente )?(?:demande|requete|message|e-?mail)\b|\b(?:j'ai|nous avons) (?:deja )?(?:demande|ecrit|envoye|introduit|soumis)\b|\b(?:mijn|onze) (?:eerste |vorige |eerdere )?(?:aanvraag|vraag|melding|mail|e-?mail|bericht)\b|\b(?:heb|hebben) (?:ik|we|wij) (?:\w+ ){0,8}(?:gevraagd|aangevraagd|gemaild|geschreven|gestuurd|verstuurd|ingediend|ingestuurd)\b|\b(?:ik|we|wij) (?:heb|hebben) (?:\w+ ){0,8}(?:gevraagd|aangevraagd|gemaild|geschreven|gestuurd|verstuurd|ingediend|ingestuurd)\b|\b(?:(?:ik|we|wij) (?:had|hadden)|(?:had|hadden) (?:ik|we|wij)) (?:\w+ ){0,8}(?:gevraagd|aangevraagd|gemaild|geschreven|gestuurd|verstuurd|ingediend|ingestuurd)\b|\b(?:i|we) had (?:already )?(?:asked|requested|written|wrote|sent|emailed|mailed|submitted|filed)\b|\b(?:j'avais|nous avions) (?:deja )?(?:demande|ecrit|envoye|introduit|soumis)\b|\b(?:je|nous) (?:vous |t'|l'|les |lui )(?:ai|avons|avais|avions) (?:deja )?(?:demande|ecrit|envoye|introduit|soumis|contactee?s?|sollicitee?s?)\b/;
// A question of when or how far, asked of what is under way: "When will it be done?", "Quand est-ce que ce sera réglé ?",
// "Weten jullie al wanneer dat in orde komt?", "hoe ver het staat"; news asked ("Is daar al nieuws over?", "Any news?").
export const PROGRESS_QUESTION =
  /\b(?:when|how long|how far|how soon|any (?:news|update|progress))\b|\b(?:quand|combien de temps|d'ici quand|ou en (?:est|sont|etes)|du nouveau|des nouvelles)\b|\b(?:wanneer|hoe ver|hoelang|hoe lang|hoever|al nieuws)\b/;

// Another service asked, not a reset: closing or deleting the account, "supprimer mon compte", "mijn account verwijderen".
export const OTHER_SERVICE =
  /\b(?:supprimer|supprimez|cloturer|fermer|effacer) (?:mon|notre|le) compte\b|\b(?:delete|close|remove|deactivate|cancel) (?:my|our|the) (?:account|profile|subscription)\b|\b(?:mijn|ons|onze|het) (?:account|profiel|abonnement) (?:\w+ )?(?:verwijderen|opzeggen|afsluiten|schrappen)\b|\bverwijder (?:mijn|ons) (?:account|profiel)\b/;

// The second factor itself asked to be taken off the account, so a new one can take its place: "Could you remove the old
// security key from my account?", "Pouvez-vous retirer la clé de mon compte ?", "Kunnen jullie de sleutel van mijn account
// verwijderen zodat ik een nieuwe kan koppelen?". What is removed is a factor (a key, a token, the authenticator, the device,
// the second step, or "l'ancienne"/"the old one" standing for one), never the account ("supprimer mon compte" is
// OTHER_SERVICE); the ask is addressed to us. With a 2FA term in the message it is a reset ask in other words.
export const FACTOR_REMOVAL_ASK = new RegExp(
  [
    String.raw`\b(?:(?:can|could|would|will) (?:you|u)|please) (?:please |kindly |just )*(?:remove|delete|clear|unlink|deregister|unregister|disable|revoke|reset)(?: (?:the|my|this|that|our) (?:old |lost |stolen |missing |broken |previous |registered |first )?(?:(?:security|hardware|usb|physical) )?(?:keys?|yubikeys?|tokens?|authenticator(?: app)?|device|second (?:step|factor))\b| (?:the|my) (?:old|lost|stolen) one\b)`,
    String.raw`\b(?:pouvez|pourriez|voulez|voudriez|pourrais|peux)[- ](?:vous|tu) (?:svp |s'il vous plait )?(?:me |nous )?(?:retirer|supprimer|enlever|effacer|dissocier|desactiver|reinitialiser|revoquer|desenregistrer) (?:(?:la|ma|cette|le|mon|notre) |l')(?:(?:ancienne|vieille|premiere) )?(?:(?:cles?|yubikeys?|tokens?|appareils?|second facteur)\b|(?:ancienne|vieille)\b)`,
    String.raw`\b(?:kunnen|kunt|kan|wil|wilt|willen|zou|zouden) (?:jullie|u|je) (?:aub |alstublieft |even |eens )?(?:de|mijn|m'n|die|deze|onze|ons|het) (?:oude |verloren |gestolen |eerste |vorige |kwijtgeraakte )?(?:(?:beveiligings|usb-?|hardware)?sleutel|yubikey|token|toestel|tweede stap|authenticator(?:-?app)?)\b(?: (?:van|uit|bij|op) (?:mijn|m'n|ons|onze|het) (?:account|profiel|login))? (?:\w+ ){0,2}?(?:verwijderen|ontkoppelen|loskoppelen|wissen|uitschakelen|resetten|schrappen|deactiveren|intrekken)\b`,
  ].join('|'),
);

// An invitation or an announcement to a group: "Le Ciné-Club vous invite à …", "you are invited", "nodigt u uit".
export const INVITATION =
  /\b(?:vous|te|les) invitee?s? a\b|\bvous invite\b|\b(?:invites? you|you are (?:cordially |warmly )?invited|we invite you)\b|\bnodig(?:t|en) (?:u|jullie|je) (?:\w+ ){0,6}uit\b|\b(?:zijn|bent) (?:van harte )?uitgenodigd\b/;

// A question about what someone else should do, the asker not asking for anything: "Wat moet zij doen om weer
// toegang te krijgen?", "What should she do?", "Que doit-il faire ?", "Moet ze zelf mailen?".
// The one locked out will write to us themself: "She will write to you herself", "Elle vous écrira elle-même", "Hij mailt
// jullie zelf": the writer only tells or asks how, for someone else.
export const WRITES_THEMSELF =
  /\b(?:she|he|they)(?:'ll| will| is going to| are going to) (?:write|email|e-mail|mail|contact) (?:to )?(?:you|support|your team) (?:herself|himself|themselves|directly|personally)\b|\b(?:elle|il|ils|elles) (?:vous |nous )?(?:ecrira|ecriront|contactera|contacteront|enverra|enverront)(?: [a-z]+)? (?:elle-meme|lui-meme|eux-memes|elles-memes|directement|personnellement)\b|\b(?:zij|hij|ze) (?:zal|zullen|gaat|gaan) (?:jullie |u )?(?:zelf|zelf nog|rechtstreeks) (?:mailen|schrijven|contacteren|een mail sturen)\b|\b(?:zij|hij|ze) (?:mailt|schrijft|contacteert) (?:jullie |u )?(?:zelf|rechtstreeks)\b/;

export const PROCEDURE_FOR_OTHER =
  /\bwhat (?:\w+ ){0,2}(?:should|must|can|does|will|would) (?:she|he|they) (?:need|have) to (?:send|provide|give|write)\b|\bwhat (?:information|details|documents|info) (?:will|would|does|do|should) (?:she|he|they) need\b|\bquel(?:le)?s? (?:\w+ ){0,2}(?:doit|doivent|devra|devront)[- ](?:elle|il|ils|elles) (?:nous )?(?:envoyer|fournir|donner)\b|\bwelke (?:\w+ ){0,2}(?:moet|moeten|zal|zullen) (?:zij|hij|ze) (?:\w+ )?(?:sturen|bezorgen|geven|doorsturen)\b|\bwat (?:moet|moeten|kan|kunnen) (?:zij|hij|ze) doen\b|\bmoet(?:en)? (?:zij|hij|ze) zelf\b|\bwhat (?:should|must|can|does) (?:she|he|they) (?:do|need)\b|\bshould (?:she|he|they) (?:email|write|contact|mail)\b|\bque (?:doit|doivent|peut|peuvent)[- ](?:elle|il|ils|elles) faire\b|\b(?:doit|doivent)[- ](?:elle|il|ils|elles) (?:nous )?(?:ecrire|contacter|envoyer)\b/;

// Whether to do it oneself, asked of us: "faut-il d'abord désactiver la double authentification ?", "should I disable
// 2FA first?", "moet ik eerst de tweestapsverificatie uitschakelen?". The writer would do it; nothing is asked of us.
const SELF_ACTION_QUESTION =
  /\b(?:faut-il|dois-je|devons-nous|doit-on|est-ce que je dois|est-ce qu'il faut|should (?:i|we)|do (?:i|we) (?:need|have) to|must (?:i|we)|moet ik|moeten we|moeten wij|hoef ik|hoeven we) (?:d'abord |first |eerst |zelf |moi-meme |myself |ourselves )?(?:desactiver|reinitialiser|supprimer|retirer|enlever|disable|reset|remove|turn off|switch off|deactivate|unlink)\b|\b(?:moet|moeten|hoef|hoeven) (?:ik|we|wij) (?:eerst |zelf )?.{0,40}\b(?:uitschakelen|uitzetten|resetten|verwijderen|deactiveren|loskoppelen)\b/;

// Access to another service than ours: "je ne peux plus ouvrir ma messagerie Outlook", "I'm locked out of Microsoft 365",
// "ik kan niet meer in mijn Gmail". The trouble is theirs to solve (an authenticator app's own name does not count).
const OTHER_PLATFORM =
  /\b(?:microsoft|office ?365|m365|outlook|hotmail|gmail|google (?:account|workspace|drive)|icloud|apple id|facebook|instagram|linkedin|whatsapp|itsme|csam|tax-?on-?web|myminfin|windows|sharepoint|onedrive|dropbox|paypal|(?:ma|mon|mijn|my|our|onze|notre) (?:messagerie|mailbox|boite mail|boite aux lettres|e-?mail|webmail|bank|banque|bankapp))\b/;
const AUTHENTICATOR_NAME = /\b(?:microsoft|google|authy|2fas|lastpass|duo|aegis|freeotp) (?:authenticator|authentificator|authentificateur)\b/g;

function elsewhere(s: string): boolean {
  return OTHER_PLATFORM.test(s.replace(AUTHENTICATOR_NAME, 'authenticator'));
}

// An instruction to the reader about their own 2FA ("click here to reset your authenticator"): not asked of us.
const RESET_YOURS =
  /\b(?:reset|disable|remove|verify|confirm|reinitialiser|reinitialisez|desactiver|confirmer|verifier|resetten|bevestigen|verifieren) (?:your|votre|vos|uw|je|jouw)\b/;

// Not yet solved after all: "…but now it asks for the code again", "mais", "maar".
const BUT = /\b(?:but|however|still|except|mais|toujours pas|sauf|maar|behalve|nog steeds|nog altijd)\b/;

// A mass mailing addresses its readers as a category: "Dear customer", "Cher client", "Beste klant".
const MASS_GREETING =
  /^(?:dear|hello|hi|cher|chere|chers|bonjour|beste|geachte|hallo)\s+(?:valued |bpart )?(?:customers?|clients?|users?|members?|account holders?|utilisateurs?|utilisatrices?|clientes?|membres?|titulaires?|klanten?|gebruikers?|leden|lid|abonnees?|abonnes?)\b/;

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
  /** The writer's device was lost, stolen or broken (not merely replaced): moving the app off it is no option. */
  deviceLoss: boolean;
  /** The writer says they are back in and asks nothing more. */
  resolved: boolean;
  /** The text opens by addressing its readers as a category ("Dear customer"): a mass mailing. */
  massGreeting: boolean;
  /** The writer still has access (signed in, logs in as usual, the codes still come, back in with a backup code). */
  stillHasAccess: boolean;
}

// The writer still has access to us, so there is nothing to recover: a session still open ("I'm still logged in
// on my laptop", "je suis toujours connectée", "ik ben nog ingelogd"), logging in as usual ("I can still log in",
// "je peux donc me connecter normalement", "je m'y connecte sans problème", "ik kan nog gewoon inloggen"), the codes
// still coming ("je reçois toujours les codes", "my tablet still gives me the codes", "ik krijg nog steeds de codes"),
// or already back in with a backup code ("logged in with one of my backup codes"). Folded, first person, positive
// only: a negation between the words ("je ne peux toujours pas", "ik kan nog steeds niet") breaks every form.
const STILL_HAS_ACCESS = new RegExp(
  [
    String.raw`\b(?:(?:i'?m|i am|we'?re|we are) still (?:logged|signed) in|(?:je suis|nous sommes|on est) (?:toujours|encore) (?:connect|logu)(?:e|ee|es|ees|er)|(?:ik ben|we zijn) (?:nog|nog steeds|nog altijd) (?:ingelogd|aangemeld))\b`,
    // Logging in: an adverb of continuity before the verb or of normality after it.
    String.raw`\b(?:i|we) (?:can|could) still (?:log|sign) ?in\b|\b(?:i|we) (?:can|am able to|are able to) (?:still )?(?:log|sign) ?in(?:to \w+)? (?:normally|fine|just fine|as usual|as normal|without (?:any )?(?:problems?|issues?|trouble))\b`,
    String.raw`\b(?:je|nous|on) (?:peux|pouvons|peut|parviens a|arrive a) (?:donc |bien |tout a fait )?(?:toujours|encore|quand meme) (?:me |nous |m'y |nous y )?(?:connecter|loguer|acceder)\b|\b(?:je|nous|on) (?:peux|pouvons|peut|parviens a|arrive a) (?:donc |bien |toujours |encore )?(?:me |nous |m'y |nous y )?(?:connecter|loguer|acceder)(?: a \w+)? (?:normalement|sans (?:aucun )?(?:probleme|souci)|comme d'habitude)\b|\b(?:je|nous|on) (?:m'y |me |nous y |nous )?(?:connecte|connecter|connectons) (?:toujours |encore )?(?:normalement|sans (?:aucun )?(?:probleme|souci)|comme d'habitude)\b`,
    String.raw`\b(?:ik|we|wij) (?:kan|kunnen) (?:nog|nog steeds|nog altijd|gewoon|nog gewoon|normaal|nog normaal|zonder (?:enig )?probleem|zonder problemen|probleemloos)(?: gewoon)? (?:in ?loggen|aanmelden|binnen)\b`,
    // The codes still come: "je reçois toujours les codes", "I still get the codes", "ik krijg nog steeds de codes".
    String.raw`\b(?:i|we) still (?:get|receive) (?:the |my |our |all )?(?:\w+ )?codes?\b|\b(?:je|nous) (?:recois|recevons) (?:toujours|encore|bien|normalement) (?:les |mes |nos |des )?(?:\w+ )?codes?\b|\b(?:ik|we) (?:krijg|ontvang|krijgen|ontvangen) (?:nog steeds|nog altijd|nog|gewoon|nog gewoon) (?:de |mijn |onze )?\w*codes?\b`,
    String.raw`\bstill (?:gives|generates|shows|produces) (?:me |us )?(?:the |my |valid )?codes?\b|\b(?:me|nous) (?:donne|donnent|fournit|fournissent|genere|generent) (?:toujours|encore) (?:les |des |mes )?codes?\b|\b(?:geeft|genereert|toont|geven) (?:me |mij |ons )?(?:nog steeds|nog altijd|nog) (?:de |mijn |geldige )?\w*codes?\b`,
    // The code app itself said to work: "l'application pour les codes fonctionne toujours", "the authenticator still works",
    // "de app met de codes werkt nog".
    String.raw`\b(?:application|appli|app|authenticator|authentificateur)\b[^.;]{0,30}\b(?:fonctionne|marche) (?:toujours|encore|bien|normalement|parfaitement)\b|\b(?:app|authenticator)\b[^.;]{0,30}\b(?:still works|still working|works fine|is working fine)\b|\b(?:app|applicatie|authenticator)\b[^.;]{0,30}\bwerkt (?:nog|nog steeds|nog altijd|gewoon|wel|perfect)\b`,
    // The code itself said to arrive: "le code de vérification arrive bien", "the code comes through fine", "de code komt wel aan".
    String.raw`\b(?:le|les|mon|mes) (?:[a-z-]+ ){0,3}?codes? (?:de verification |de connexion |sms )?(?:arrive|arrivent) (?:bien|toujours|normalement|sans (?:probleme|souci))\b|\b(?:the|my) (?:[a-z-]+ )?codes? (?:still )?(?:arrives?|comes? through|comes?|gets? through) (?:fine|ok|okay|normally|as usual|without (?:any )?(?:problem|issue)s?)\b|\b(?:de|mijn) (?:[a-z-]+ )?codes? (?:komt|komen) (?:wel|goed|gewoon|nog|nog steeds|normaal) (?:aan|toe|binnen|door)\b`,
    // Back in already with a backup code: "logged in with one of them (my backup codes)", "connecté avec un code de secours".
    String.raw`\b(?:logged|signed|got) (?:back )?in (?:with|using) (?:one of (?:my |the )?|an? |my |the )(?:backup|back-up|recovery|spare) codes?\b|\b(?:backup|back-up|recovery|spare) codes?\b.{0,60}\b(?:logged|signed|got) (?:back )?in (?:with|using) (?:one of them|one|it)\b|\b(?:connecte|connectee|reconnecte|reconnectee) (?:avec|grace a) (?:un|une|l'un|l'une|mon|un de mes) (?:\w+ )?codes? (?:de secours|de recuperation|de sauvegarde)\b|\bingelogd (?:met|via) (?:een|een van|mijn|de) (?:\w+ )?(?:back-?up|reserve|herstel)-?codes?\b`,
    // A way in at hand: "I still have my backup codes", "j'ai encore mes codes de secours", "ik heb mijn back-upcodes nog".
    String.raw`\b(?:i|we) (?:still )?(?:have|got) (?:my|our|the|all my) (?:\w+ )?(?:backup|back-up|recovery|spare) codes\b|\b(?:j'ai|nous avons) (?:encore|toujours|bien) (?:mes|nos|les) codes (?:de secours|de recuperation|de sauvegarde)\b|\b(?:ik heb|we hebben|wij hebben) (?:mijn|onze|de) (?:back-?up|reserve|herstel)-?codes (?:nog|wel)\b`,
    // The 2FA app still at hand: "I still have the authenticator on my phone", "j'ai toujours l'application d'authentification
    // sur mon téléphone", "ik heb de authenticator-app nog op mijn gsm" (not the old phone's: that is what was lost).
    String.raw`\b(?:i|we) still (?:have|got) (?:the|my|our) (?:[\w-]+ )?(?:authenticator|authentication app|2fa app)\b(?!.{0,40}\b(?:old|previous|former|broken|lost)\b)|\b(?:j'ai|nous avons) (?:toujours|encore|bien) (?:l'|mon |ma )(?:application|appli|app) (?:d'authentification|authenticator)\b(?!.{0,40}\b(?:ancien|ancienne|vieux|vieil|casse|perdu)\b)|\b(?:ik heb|we hebben|wij hebben) (?:de|mijn|onze) (?:authenticator[\w-]*|authenticatie-?app) (?:nog|nog steeds|nog altijd)\b(?!.{0,40}\b(?:oude|vorige|kapotte)\b)`,
    // "so no problem logging in", "aucun problème pour me connecter", "inloggen lukt nog", "en kan ik zonder problemen inloggen".
    String.raw`\bno (?:problem|issue|trouble)s? (?:logging|signing|getting) in\b|\b(?:logging|signing) in (?:still )?works\b|\baucun (?:probleme|souci) (?:pour|a) (?:me |nous )?(?:connecter|identifier)\b|\b(?:inloggen|aanmelden) lukt (?:nog|nog steeds|nog altijd|gewoon|wel)\b|\b(?:kan|kunnen) (?:ik|we|wij) (?:nog|nog steeds|nog altijd|gewoon|nog gewoon|normaal|zonder (?:enig )?probleem|zonder problemen|probleemloos)(?: gewoon)? (?:in ?loggen|aanmelden|binnen)\b(?![^.!]*\?)`,
    // The move to the new phone worked: "I moved the authenticator over", "j'ai transféré l'application sans souci",
    // "ik heb de authenticator-app overgezet". (Forgetting or failing to is said with a negation or "but", never so.)
    String.raw`(?:\b(?:i|we|everyone|everybody|(?:all )?(?:(?:the|our) )?(?:staff|users|members|colleagues)) (?:have |had )?|\band )(?:successfully |already |all )?(?:moved|transferred|migrated|copied|exported) (?:the |my |our |all |their )?(?:[\w-]+ )?(?:authenticator|app|application|codes|2fa|accounts?)\b(?!.*\b(?:but|however|except)\b)`,
    String.raw`\b(?:j'ai|nous avons|on a) (?:bien |deja |correctement )?(?:transfere|deplace|migre|copie|exporte) (?:l'|mon |ma |les |mes |nos )(?:[\w-]+ )?(?:application|appli|authentificat\w*|codes|comptes)\b(?!.*\b(?:mais|sauf|pourtant)\b)`,
    String.raw`\b(?:ik heb|we hebben|wij hebben)\b(?:(?!\b(?:niet|geen|vergeten)\b).){0,60}\b(?:app|authenticator[\w-]*|codes|accounts?)\b(?:(?!\b(?:niet|geen)\b).){0,30}\b(?:overgezet|overgebracht|gemigreerd|gekopieerd|geexporteerd)\b(?!.*\b(?:maar|behalve|echter)\b)`,
  ].join('|'),
);
// A code still coming to a number the writer no longer has, or refused, is no access ("I still get the codes on my old number").
const CODES_UNUSABLE =
  /\b(?:don't|do not|doesn't|does not|won't) work\b|\bnot working\b|\bne (?:marchent|fonctionnent|marche|fonctionne) (?:pas|plus)\b|\b(?:werken|werkt) niet\b|\b(?:old|previous|former|ancien|ancienne|oude|vorige) (?:number|numero|nummer|gsm|phone|telephone|telefoon)\b|\b(?:wrong|invalid|rejected|incorrect|refuses?|refuse|refuses|ongeldig|fout|geweigerd|errones?)\b/;

// Something that has not happened yet is a question about the future
// ("I'm getting a new phone next week, how do I move the app?"), not a loss.
const FUTURE = new RegExp(
  [
    String.raw`\b(next (week|month)|soon|tomorrow|going to|will (get|have|receive|buy|change|switch|be getting|replace|return|hand in|take|collect|pick up)|(arrives|arriving|is coming|is being delivered|gets delivered|is delivered) (on|this|next|tomorrow|in)|planning to|about to|before (i|we|they|our \w+) (change|switch|get|hand|return|give|replace|swap|trade|sell|wipe))\b`,
    // A change in the future tense: "our phones will be replaced in April", "l'ancien sera rendu", "ze zullen vervangen worden".
    String.raw`\b(will|shall|'ll) be (replaced|changed|swapped|returned|handed in|upgraded|renewed|collected|taken back|wiped|reset)\b|\b(sera|seront|serai|serons) (remplacee?s?|changee?s?|rendue?s?|restituee?s?|renouvelee?s?|recuperee?s?|reinitialisee?s?)\b|\b(zal|zullen|gaan) (\w+ ){0,4}(vervangen|ingeleverd|ingewisseld|teruggegeven|gewist|vernieuwd)\b|\bavant que (je|nous|on) (\w+ )?(change|changions|rende|rendions|remplace|remplacions|restitue|donne|vende|efface)\b|\bvoor(dat)? (we|wij|ze|zij) .{0,20}(vervangen|inleveren|teruggeven|verkopen|wissen|overstappen)\b`,
    // A day still to come: "replaces my phone next Monday", "lundi prochain", "volgende maandag".
    // ("on Monday" alone may be past: "on Monday I dropped it".)
    String.raw`\b(next|coming) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b|\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) prochain\b|\b(volgende|komende) (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b`,
    String.raw`\b(la semaine prochaine|le mois prochain|bientot|demain|vais (changer|recevoir|acheter|avoir)|avant de changer)\b`,
    // "in case a phone is ever lost": a hypothesis, not what happened.
    String.raw`\b(in case|if ever|ever (gets? )?(lost|stolen|broken))\b|\b(au cas ou|si jamais|si un jour)\b|\b(voor het geval|ooit (kwijt|verloren|gestolen|kapot))\b`,
    // ("deze morgen", "gisteren morgen", "zondag morgen" are a morning gone by: "morgen" alone is tomorrow.)
    String.raw`\b(volgende (week|maand)|binnenkort|(?<!\b(?:deze|die|vanochtend|gisteren|gisteravond|eergisteren|zondag|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|vorige|op een|elke|iedere) )morgen|ga .{0,20}(krijgen|kopen|vervangen)|krijg .{0,10}volgende|voor(dat)? ik .{0,20}(vervang|overstap))\b`,
  ].join('|'),
);

const APP_OR_CODE = /\b(app|appli|application|applicatie|codes?)\b/;

export function mentions2fa(folded: string): boolean {
  return TWO_FA.test(correctTypos(folded));
}

// The 2FA on someone else's phone, and that person gone: "set up the 2FA on her own phone; her contract ended and we can't
// reach her", "sur son propre téléphone … il a quitté l'association", "op haar eigen gsm … we kunnen haar niet meer bereiken".
const SOMEONE_ELSES_DEVICE = new RegExp(
  String.raw`\b(?:her|his|their|haar|zijn|hun|son|sa|leur) (?:own |eigen |propre )?(?:[a-z-]+ )?(?:phone|smartphone|mobile|gsm|telefoon|telephone|portable)\b`,
);
const DEPARTED = new RegExp(
  String.raw`\b(?:has|have|had) (?:since )?(?:left|quit|resigned|retired)\b|\b(?:can't|cannot|can no longer|couldn't|are unable to|were unable to) (?:reach|contact) (?:her|him|them)\b|\bno longer (?:works|working) (?:here|for us|with us)\b|\b(?:contract|job|placement) (?:ended|ran out|expired)\b|` +
    String.raw`\b(?:est|sont) partie?s?\b|\ba quitte (?:l'|la |le |notre |nos )|\b(?:ne pouvons|ne peux|n'arrivons|n'arrive) (?:plus|pas) a (?:la|le|les) (?:joindre|contacter)\b|\binjoignable\b|\bcontrat (?:a pris fin|est termine|s'est termine|a expire)\b|` +
    String.raw`\b(?:is|zijn) vertrokken\b|\b(?:heeft|hebben) ons verlaten\b|\buit dienst\b|\b(?:contract|interim|opdracht) (?:liep|loopt|is) af\b|\b(?:kunnen|kan) (?:haar|hem|hen|ze) niet (?:meer )?bereiken\b|\bonbereikbaar\b|\bniet meer bereikbaar\b`,
);

/** A sentence that says what happened to the 2FA device or app. */
export function isDeviceEvent(folded: string): boolean {
  const s = correctTypos(folded);
  if (SOMEONE_ELSES_DEVICE.test(s) && DEPARTED.test(s) && !FUTURE.test(s)) return true;
  // A hypothesis or a time to come counts in the clause that tells the event: "In case you need to know: I dropped
  // my phone" tells what happened after its colon ("in case" is about the reader there, not the phone).
  return DEVICE_RE.test(s) && s.split(/[:;]/).some((clause) => isEvent(clause) && !FUTURE.test(clause));
}

// The code refused at login, a symptom the writer sees, not what happened to the device or the app: "the app keeps saying the
// code is invalid", "bPart me répond « code incorrect »", "l'application ne me donne plus de code valable", "de code is
// ongeldig". It tells a lock-out (the kind reads it as one), never why: alone in its sentence it is no explanation (loop 28a).
const CODE_REFUSED = new RegExp(
  String.raw`\b(?:(?:shows|gives|generates) (?:the )?wrong codes?|codes? (?:are|is|was|were) (?:\w+ )?(?:wrong|invalid|incorrect|rejected|not accepted|refused)|(?:wrong|invalid|incorrect) codes?|codes? (?:incorrects?|invalides?|refuses?|errone)|(?:ne (?:sont|est) plus|n'(?:est|sont) plus) (?:valides?|acceptes?|reconnus?)|ne (?:me |nous )?(?:donne|genere|fournit)(?:nt)? plus (?:de |le |les |un |aucun )?codes? (?:valables?|valides?|corrects?|bons?)|(?:foute|verkeerde|ongeldige) codes?|codes? (?:zijn|is|was|waren) (?:\w+ )?(?:fout|ongeldig|verkeerd))\b`,
  'g',
);

/**
 * The pieces the rules build an explanation from, read apart in one folded sentence (stop 26: features of the learned
 * explanation reader, explanation-model.ts): whether it names a device or app, an event, a time to come, a code refused
 * (a symptom), a story not the writer's own. The rules ask for them together; the model weighs each on its own.
 */
export function explanationCues(folded: string): {
  device: boolean;
  event: boolean;
  future: boolean;
  codeRefused: boolean;
  eventBeyondRefusedCode: boolean;
  notOwn: boolean;
} {
  const s = correctTypos(folded);
  const codeRefused = s.search(CODE_REFUSED) >= 0;
  return {
    device: DEVICE_RE.test(s),
    event: isEvent(s),
    future: FUTURE.test(s),
    codeRefused,
    // An event told beside the refused code, as tellsWhatHappened reads it ("the code is refused since my phone fell").
    eventBeyondRefusedCode: codeRefused && isEvent(s.replace(CODE_REFUSED, ' ')),
    notOwn: notTheWritersOwn(s),
  };
}

/** What happened to the device, told in the sentence beyond the code it refuses: an explanation's sentence. */
export function tellsWhatHappened(folded: string): boolean {
  return isDeviceEvent(correctTypos(folded).replace(CODE_REFUSED, ' '));
}

// What the device was carried in, and the device said to have been in it: "my bag was stolen … My phone was in it",
// "on m'a volé mon sac … Mon téléphone était dedans", "mijn rugzak is gestolen … Mijn gsm zat erin".
const CONTAINER = String.raw`(?:keyring|key ring|keychain|trousseau(?: de cles)?|porte-cles|sleutelbos|sleutelhanger|bag|handbag|backpack|rucksack|purse|wallet|jacket|coat|suitcase|luggage|car|van|locker|sac|sac a dos|sacoche|valise|veste|manteau|portefeuille|voiture|casier|tas|handtas|rugzak|schooltas|jas|koffer|bagage|auto|wagen|kastje|portefeuille)`;
const CONTAINER_EVENT = new RegExp(String.raw`\b(?:my|our|mon|ma|notre|mijn|m'n|onze)\s+(?:[a-z-]+\s+)?${CONTAINER}\b`);
const DEVICE_INSIDE = new RegExp(
  String.raw`\b(?:was|were) (?:in it|inside|in there|in the \w+)\b|\bwith (?:my|our) (?:\w+ )?${DEVICE} in it\b|\b(?:etait|etaient|se trouvait|se trouvaient) (?:dedans|a l'interieur|dans (?:le|la|mon|ma) \w+)|\b(?:zat|zaten|stak|staken|lag|lagen) (?:er ?in|daarin|erin|in (?:de|het|mijn|m'n) \w+)\b`,
);

// The device as a pronoun, the writer's: "je l'ai perdue mardi", "I lost it on Tuesday", "ik ben hem kwijtgeraakt"; or the
// one's who held it, in any person ("… who had the app on his old phone. He dropped it in the pond", loop 28a).
const PRO_FORM_OBJECT =
  /\b(?:je l'ai|j'l'ai|nous l'avons|on l'a|je les ai|(?:i|we|he|she|they) (?:\w+ )?(?:lost|dropped|broke|left|misplaced|drowned) (?:it|them)|(?:it|they) (?:was|were|got) (?:lost|stolen|broken|taken)|(?:ik|we) (?:ben|zijn|heb|hebben) (?:hem|het|ze|die)|(?:hem|het|ze|die) (?:ben|heb) (?:ik|we))\b/;

const CONTAINER_NAMED = new RegExp(String.raw`\b${CONTAINER}\b`);
// The device as a pronoun, on or in what carried it: "it was on my keyring", "elle était sur mon trousseau", "hij hing aan mijn sleutelbos".
// (Loop 27a: whatever its determiner, "it was on a keyring in the pocket of a jacket I rented", "elle était dans une veste".)
const PRO_FORM_CARRIED = new RegExp(
  String.raw`\b(?:(?:it|they) (?:was|were|hung|sat) (?:on|in|attached to)|(?:il|elle|ils|elles) (?:etait|etaient|se trouvait|pendait) (?:sur|dans|a)|(?:hij|het|ze|die) (?:hing|zat|stak|lag) (?:aan|in|op)) (?:my|our|mon|ma|notre|mijn|m'n|onze|a|an|the|un|une|le|la|l'|een|de|het) ?(?:[a-z-]+ )?${CONTAINER}\b`,
);
// What was done to what carried it, told after the fact by a gerund or an infinitive of the past: "I only realised after
// returning the jacket", "après avoir rendu la veste", "na het terugbrengen van de jas" (loop 27a).
const AFTER_DONE_TO_CARRIER = new RegExp(
  String.raw`\bafter [a-z]+ing (?:it |them )?(?:[a-z'-]+ ){0,2}${CONTAINER}\b|\bapres (?:avoir|etre) (?:[a-z]+ ){1,2}(?:la|le|l'|ma|mon|notre) ?(?:[a-z-]+ )?${CONTAINER}\b|\bna het [a-z]+ van (?:de|het|mijn|m'n|onze|ons) (?:[a-z-]+ )?${CONTAINER}\b`,
);
const CARRIED_RELATIVE = new RegExp(String.raw`${PRO_FORM_CARRIED.source},? (?:que|qu'|which|that|die|dat)\b`);

/**
 * An event told of the device as a pronoun, right after a sentence that names it ("… une YubiKey … Je l'ai perdue mardi"),
 * or of what carried it, the device said to be on it in the same sentence ("It was on my keyring, and I lost the keyring").
 */
export function isProFormEvent(folded: string, previous: string): boolean {
  const s = correctTypos(folded);
  // What carried it named again, or taken up by a relative pronoun ("elle était sur mon trousseau, que j'ai perdu dimanche").
  const told = PRO_FORM_OBJECT.test(s) || (PRO_FORM_CARRIED.test(s) && (CONTAINER_NAMED.test(s.replace(PRO_FORM_CARRIED, ' ')) || CARRIED_RELATIVE.test(s)));
  // (The event's patterns, the costliest, only for a sentence that tells of a pro-form and names no device: most do neither.)
  if (!told || DEVICE_RE.test(s)) return false;
  const happened = isEvent(s) || (PRO_FORM_CARRIED.test(s) && AFTER_DONE_TO_CARRIER.test(s));
  return happened && !FUTURE.test(s) && DEVICE_RE.test(correctTypos(previous));
}

/**
 * What the device was carried in, lost, taken or drowned, then the device said to have been in it in the next sentence:
 * the two sentences tell what happened to the device (the first names no device, the second no event).
 */
export function isCarrierEvent(folded: string, next: string): boolean {
  const s = correctTypos(folded);
  const n = correctTypos(next);
  return !DEVICE_RE.test(s) && CONTAINER_EVENT.test(s) && isEvent(s) && !FUTURE.test(s) && DEVICE_RE.test(n) && DEVICE_INSIDE.test(n);
}

// "I just need a password reset link": the reset asked for is the password's, not the 2FA's.
const PASSWORD_RESET = new RegExp(
  String.raw`\b(password|passwd|mot de passe|mdp|wachtwoord)\b.{0,12}\b(reset|reinitialisation|reinitialiser|resetten|herstellen)\b|\b(reset|reinitialiser|resetten|herstellen)\b.{0,12}\b(password|mot de passe|mdp|wachtwoord)\b` +
    // A reset link or e-mail is the password's (a 2FA reset is done by an agent, never by a link): "le lien de réinitialisation arrive bien".
    String.raw`|\b(lien|liens|e-?mail|mail|courriel) (de |d')(reinitialisation|reset)\b|\breset[- ]?(link|e-?mail|mail)s?\b|\b(herstel|reset)[- ]?(link|mail|e-?mail)s?\b|\b(link|e-?mail|mail) (om te resetten|voor het resetten)\b`,
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
    // (The object may be a demonstrative before the thing named before, "this key", "cette clé", "deze sleutel", and what the
    // writer will do next may follow: "… and let me register a new one", "et me permettre d'en enregistrer une nouvelle".)
    String.raw`\b(?:can|could|would|will) (?:you|u) (?:please |kindly )?(?:reset|clear|remove|disable)(?: (?:it|this|that|them|everything|(?:my|our|the) account|(?:this|that) (?:key|app|device|token)))?(?: from (?:my|our|the) account)?(?: (?:please|for me|for us))?(?:,? (?:and|so|so that) (?:let me|allow me to|i can) [^?]*)?\s*[?.!]?$`,
    String.raw`\b(?:pouvez|pourriez|voulez|pourrais|peux)[- ](?:vous|tu) (?:le |la |l'|les |me |nous |tout |cela |ca )?(?:reinitialiser|remettre a zero|reset(?:ter)?|desactiver|supprimer|retirer|enlever)(?: (?:svp|s'il vous plait|ca|cela|tout|le compte|mon compte|notre compte|celle-ci|celui-ci|celle-la|celui-la|(?:cette|cet|ce) (?:cle|appli|application|appareil)))?(?: (?:de|du|sur) (?:mon|notre|le) compte)?(?:,? (?:pour que|afin que|pour|afin de) [^?]*)?(?: et (?:me|nous) permettre d[e'] ?[^?]*)?\s*[?.!]?$`,
    String.raw`\b(?:vous|tu) (?:pouvez|pourriez|pourrais|peux|voulez) (?:le |la |l'|les |me |nous )?(?:reinitialiser|remettre a zero|reset(?:ter)?|desactiver|supprimer)(?: (?:svp|s'il vous plait|ca|cela|tout))?\s*[?.!]?$`,
    String.raw`\b(?:kunnen|kunt|kan|wil|wilt|willen|zou|zouden) (?:jullie|u|je) (?:dat |dit |het |die |alles |mijn account |ons account |(?:deze|die) (?:sleutel|app|toestel) )?(?:even |eens |aub |a\.u\.b\. )?(?:(?:van|uit) (?:mijn|m'n|ons|het) account )?(?:resetten|herstellen|terugzetten|uitschakelen|verwijderen|opnieuw instellen)(?: (?:aub|a\.u\.b\.|alstublieft|svp))?(?: (?:zodat|om) [^?]*)?\s*[?.!]?$`,
    // Asked impersonally, the object a pronoun or left out, with what the writer will do next: "Est-il possible de la
    // réinitialiser pour que je la configure sur mon téléphone ?", "Would it be possible to reset it so I can set it up
    // again?", "Is het mogelijk om die te resetten zodat ik ze opnieuw kan instellen?".
    String.raw`\b(?:est[- ]il|serait[- ]il|est[- ]ce|est[- ]ce qu'il (?:est|serait)) possible de (?:la |le |l'|les |nous |me )?(?:reinitialiser|remettre a zero|desactiver|supprimer)(?: (?:svp|s'il vous plait))?(?: (?:pour que|afin que|pour|afin de) [^?]*)?\s*[?.!]?$`,
    String.raw`\b(?:is it|would it be|could it be|is that|would that be) possible to (?:reset|clear|remove|disable)(?: (?:it|this|that|them))?(?: (?:please|for me|for us))?(?: (?:so that|so|in order to|to) [^?]*)?\s*[?.!]?$`,
    String.raw`\b(?:is het|zou het|is dat|zou dat) (?:\w+ )?mogelijk (?:zijn )?(?:om )?(?:die |dat |het |deze |ze )?(?:te resetten|te herstellen|terug te zetten|uit te schakelen|te verwijderen|opnieuw in te stellen)(?: (?:zodat|om) [^?]*)?\s*[?.!]?$`,
    // Asking them to do what is needed, the 2FA named elsewhere: "Pouvez-vous faire le nécessaire ?", "Can you sort it out?", "Kunnen jullie dat oplossen?".
    String.raw`\b(?:can|could|would) you (?:please )?(?:sort (?:it|this|that) out|sort out (?:my|our|the) account|fix (?:it|this|that))(?: (?:please|for me|for us))?\s*[?.!]?$`,
    String.raw`\b(?:pouvez|pourriez)[- ]vous (?:faire le necessaire|arranger (?:ca|cela|le probleme|mon acces)|regler (?:ca|cela|le probleme))(?: svp| s'il vous plait)?\s*[?.!]?$`,
    String.raw`\b(?:kunnen|kunt|zou|zouden) (?:jullie|u) (?:dat|dit|het) (?:even |eens )?(?:oplossen|in orde brengen|regelen|rechtzetten)(?: aub| alstublieft)?\s*[?.!]?$`,
  ].join('|'),
);

// Devices in general, as a topic ("fewer questions about lost 2FA devices", "téléphones perdus"):
// plural devices with nobody's own among them.
const PLURAL_DEVICES = /\b(?:[a-z0-9]+-)?(?:phones|smartphones|devices|handsets|mobiles|toestellen|telefoons|gsm'?s|appareils|telephones|portables)\b/;
const FIRST_PERSON = /\b(?:i|me|my|we|our|us|je|j|m|mon|ma|mes|nous|notre|nos|ik|mij|mijn|m'n|wij|ons|onze)\b/;

// Losses, as opposed to changes ("new phone", "switched to"): the old device cannot be used to move the app.
const LOSS_CLASSES = ['crushed', 'fell', 'water', 'heat', 'finished', 'gone'];
const LOSS_WORDS =
  /\b(?:lost|stolen|broke|broken|smashed|cracked|died|dead|damaged|drowned|perdue?|volee?|cassee?|morte?|en panne|kwijt|kwijtge[a-z]+|verloren|gestolen|kapot|stuk|gebroken|overleden|(?:in|aan) (?:duizend )?stukken|en (?:mille )?(?:miettes|morceaux)|in (?:a thousand )?pieces|shattered)\b/;

function isDeviceLoss(s: string): boolean {
  return DEVICE_RE.test(s) && !FUTURE.test(s) && (LOSS_WORDS.test(s) || eventClassesOf(s).some((c) => LOSS_CLASSES.includes(c)));
}

// What the writer wants to prevent is what has not happened: "I want to avoid ever being locked out", "so that nobody
// gets locked out", "pour éviter de me retrouver bloqué", "afin de ne pas perdre l'accès", "ik wil vermijden dat ik
// buitengesloten word", "om te voorkomen dat", "zodat niemand". And a habit is no event of today: "I lose a phone now and
// then", "je perds souvent mon téléphone", "ik verlies nogal eens een gsm". A lock-out the writer does not want is one
// to come, not one that happened: "I don't want to end up locked out while I'm away", "je ne veux pas me retrouver
// bloquée", "ik wil niet buitengesloten worden".
const PREVENTION =
  /\bwithout (?:getting |being )?(?:locked|blocked|shut) out\b|\bsans (?:etre|me retrouver|nous retrouver|risquer d'etre) (?:bloquee?s?|coincee?s?)\b|\bzonder (?:dat (?:ik|we|wij) )?(?:buitengesloten|geblokkeerd)\b|\b(?:avoid|prevent|so that (?:nobody|no one|none|we don't|i don't|i won't|we won't)|so as not to|in order not to|to make sure (?:i|we|nobody) (?:never|don't|won't))\b|\b(?:eviter|empecher|afin de ne pas|pour ne pas|de peur de|pour que (?:personne|je ne|nous ne|on ne))\b|\b(?:vermijden|voorkomen|vermijd|voorkom|zodat (?:niemand|ik niet|we niet|wij niet))\b|\b(?:don['’]?t|do not|didn['’]?t|would not|wouldn['’]?t) (?:want|wish|like) to (?:\w+ ){0,2}(?:locked|blocked|shut out|stuck|lose)\b|\bne (?:veux|voudrais|souhaite|voulons|voudrions|souhaitons) pas (?:\w+ ){0,3}(?:bloquee?s?|coincee?s?|perdre)\b|\b(?:wil|willen|wou|zou) (?:\w+ ){0,2}(?:niet|liever niet) (?:\w+ ){0,4}(?:buitengesloten|geblokkeerd|vastzitten|vast zitten|verliezen)\b/;
const HABIT =
  /\b(?:now and then|every now and again|from time to time|(?:i|we) (?:often|regularly|sometimes|tend to|always) (?:lose|break|drop|forget|change)|(?:lose|break|drop) (?:my |a |our )?(?:phone|gsm|mobile)s? (?:quite )?(?:often|regularly|a lot))\b|\b(?:de temps en temps|de temps a autre|(?:je|nous|on) (?:perds|perdons|perd|casse|cassons) (?:souvent|regulierement|parfois|tout le temps)|(?:souvent|regulierement|parfois) (?:je|nous|on) (?:perds|perdons|perd|casse))\b|\b(?:nogal eens|af en toe|wel eens|weleens|regelmatig|geregeld|vaak) (?:een |mijn |onze )?(?:gsm|telefoon|toestel|smartphone)?\b.{0,20}\b(?:verlies|verliezen|kwijt|breek|laat vallen)\b|\b(?:verlies|verliezen|breek|breken) (?:ik |we )?(?:nogal eens|af en toe|wel eens|weleens|regelmatig|geregeld|vaak)\b/;

// A cautionary tale: what the writer wants to avoid is what the sentence just told ("our treasurer lost access when her
// phone broke, so I'd like to avoid that", "… je voudrais éviter ça", "… dat wil ik vermijden"): it happened, but it is
// the reason for a question, not the writer's lock-out.
const CAUTIONARY_TALE =
  /\b(?:avoid|prevent) (?:that|this|the same|something similar|a repeat|it happening)\b|\b(?:eviter|empecher) (?:ca|cela|ceci|la meme chose|que (?:ca|cela) (?:nous |m')?arrive)\b|\b(?:dat|dit|hetzelfde|zoiets)\b(?: \w+){0,3} (?:vermijden|voorkomen)\b|\bom (?:dat|dit|hetzelfde|zoiets) te (?:vermijden|voorkomen)\b/;

// Whose the device or the trouble is: "her phone", "son téléphone", "zijn gsm" against "my phone", "mon GSM", "mijn gsm".
const THIRD_PERSON_OWNER = /\b(?:her|his|their|he|she|they|son|sa|ses|leur|leurs|il|elle|ils|elles|zijn|haar|hun|hij|zij)\b/;
const FIRST_PERSON_OWNER = /\b(?:my|mon|ma|mes|mijn|m'n)\b|\b(?:i|j'ai|je|ik) (?:lost|dropped|broke|perdu|casse|verloor)\b/;

/** A sentence that tells of a hypothesis or of other people's trouble, not of the writer's own. */
function notTheWritersOwn(s: string): boolean {
  return (
    HYPOTHETICAL.test(s) ||
    ANYONE_HYPOTHESIS.test(s) ||
    OTHERS_STORY.test(s) ||
    (CAUTIONARY_TALE.test(s) && THIRD_PERSON_OWNER.test(s) && !FIRST_PERSON_OWNER.test(s)) ||
    (PLURAL_DEVICES.test(s) && !FIRST_PERSON.test(s))
  );
}

// A service named as the sentence's subject still works ("Bpart fonctionne toujours, j'ai pu me connecter sur l'ordinateur",
// "Bpart still works fine", "Bpart werkt nog gewoon"): the lock-out told elsewhere is another service's. Not a device
// ("mon téléphone fonctionne toujours" says nothing of access), nor with a "but" ("… mais pas l'appli").
const SERVICE_STILL_WORKS =
  /^[a-z][\w-]*(?: [a-z][\w-]*)? (?:fonctionne|marche) (?:toujours|encore|normalement|bien|parfaitement|sans (?:probleme|souci))\b|^[a-z][\w-]*(?: [a-z][\w-]*)? (?:still works|works (?:fine|normally|perfectly|as usual)|is still working|still working)\b|^[a-z][\w-]*(?: [a-z][\w-]*)? werkt (?:nog|nog steeds|nog altijd|gewoon|nog gewoon|normaal|perfect|prima)\b/;

function serviceStillWorks(s: string): boolean {
  const subject = (s.trim().split(/ (?:fonctionne|marche|still|works|is still|werkt)\b/)[0] ?? '').trim();
  // The service by its name (one word: "Bpart") or as the writer's account or our platform, never "mon ordinateur".
  const named =
    /^[a-z][\w-]*$/.test(subject) ||
    /^(?:mon|my|mijn|notre|our|ons|onze) (?:compte|account)$|^(?:votre|your|jullie|uw) (?:plateforme|platform|application|app|site|programma|programme|logiciel|software)$/.test(
      subject,
    );
  return (
    named &&
    SERVICE_STILL_WORKS.test(s.trim()) &&
    !DEVICE_RE.test(subject) &&
    !/\b(?:it|il|elle|het|hij|ze|tout|everything|alles|rien|nothing|niets)\b/.test(subject) &&
    !/\b(?:but|however|except|mais|sauf|maar|behalve|pas|plus|not|niet|geen|no longer)\b/.test(s)
  );
}

/**
 * The sentence without its clauses of prevention or habit (cut at commas, semicolons, colons and "and"/"et"/"en"/"but"/
 * "mais"/"maar"): "I lost my phone; to avoid delays, here are my details" keeps its loss, "… and want to avoid ever being
 * locked out" loses its lock-out.
 */
function withoutPreventionOrHabit(s: string): string {
  if (!PREVENTION.test(s) && !HABIT.test(s)) return s;
  return s
    .split(/(?<=[,;:])\s+|\s+(?=(?:and|et|en|but|mais|maar|so that|zodat|afin|pour que|without|sans|zonder) )/)
    .filter((clause) => !PREVENTION.test(clause) && !HABIT.test(clause))
    .join(' ');
}

/** What one folded sentence says, each signal read at most once (lazily: a signal read by no caller is never computed). */
class SentenceSignals {
  readonly corrected: string;
  /** A hypothesis or other people's story (notTheWritersOwn). */
  readonly notOwn: boolean;
  /** The writer's own event as the rules read it (without its clauses of prevention or habit); null when not their own. */
  readonly own: string | null;
  private readonly flags = new Map<string, boolean>();
  /** isProFormEvent with the previous sentence and isCarrierEvent with the next, by that sentence (folded). */
  private readonly proForm = new Map<string, boolean>();
  private readonly carrier = new Map<string, boolean>();
  constructor(folded: string) {
    this.corrected = correctTypos(folded);
    this.notOwn = notTheWritersOwn(this.corrected);
    this.own = this.notOwn ? null : withoutPreventionOrHabit(this.corrected);
  }
  /** A signal of the sentence as corrected (any writer's). */
  any(key: string, test: (s: string) => boolean): boolean {
    let value = this.flags.get(key);
    if (value === undefined) this.flags.set(key, (value = test(this.corrected)));
    return value;
  }
  /** A signal of the writer's own event (false for a sentence that is not theirs). */
  ownSays(key: string, test: (s: string) => boolean): boolean {
    if (this.own === null) return false;
    let value = this.flags.get(key);
    if (value === undefined) this.flags.set(key, (value = test(this.own)));
    return value;
  }
  proFormAfter(previous: SentenceSignals, previousFolded: string): boolean {
    let value = this.proForm.get(previousFolded);
    if (value === undefined) this.proForm.set(previousFolded, (value = isProFormEvent(this.corrected, previous.corrected)));
    return value;
  }
  carrierBefore(next: SentenceSignals, nextFolded: string): boolean {
    let value = this.carrier.get(nextFolded);
    if (value === undefined) this.carrier.set(nextFolded, (value = isCarrierEvent(this.corrected, next.corrected)));
    return value;
  }
}

// readRecovery reads the same sentences several times over (the text, then parts of it: without a reset already done,
// without what someone else should do, the body without the subject; the kind model again): each sentence's signals are
// read once. Bounded: hostile mail cannot grow it without end, and a sentence is read the same whoever asks.
const SENTENCE_SIGNALS = new Map<string, SentenceSignals>();
const SENTENCE_SIGNALS_MAX = 1_000;

/**
 * Forgets the sentences read so far: analyse() calls it as it starts on a message, so the memos hold one message's sentences
 * and die young with them (kept from message to message they would be promoted to the old generation and marked there).
 */
export function startReading(): void {
  SENTENCE_SIGNALS.clear();
  CORRECTED.clear();
}

function sentenceSignals(folded: string): SentenceSignals {
  let signals = SENTENCE_SIGNALS.get(folded);
  if (signals === undefined) {
    signals = new SentenceSignals(folded);
    if (SENTENCE_SIGNALS.size >= SENTENCE_SIGNALS_MAX) SENTENCE_SIGNALS.clear();
    SENTENCE_SIGNALS.set(folded, signals);
  }
  return signals;
}

const RESET_ASKED = (s: string) =>
  isResetAsk(s) &&
  !STATISTICS_QUESTION.test(s) &&
  !OTHERS_STORY.test(s) &&
  !ANYONE_HYPOTHESIS.test(s) &&
  !RESET_YOURS.test(s) &&
  !GENERIC_AGENT.test(s) &&
  !SELF_ACTION_QUESTION.test(s);
const PHONE_WORD = /phone|gsm|\btel\b|telefoon|portable|mobiel|\bmobile\b|toestel/;

export function signalsOf(foldedSentences: string[]): RecoverySignals {
  const read = foldedSentences.map(sentenceSignals);
  const any = (key: string, test: (s: string) => boolean) => read.some((r) => r.any(key, test));
  // What happened: only the writer's own events, not hypotheses or other people's stories.
  const anyOwn = (key: string, test: (s: string) => boolean) => read.some((r) => r.ownSays(key, test));
  return {
    twoFa: any('twoFa', (s) => TWO_FA.test(s)),
    // What happened, as the explanation reads it: a sentence that names the device and its event, or the event told of the
    // device as a pronoun after a sentence naming it ("… une clé de sécurité USB. Je l'ai perdue mardi."), or of what carried it.
    deviceEvent:
      anyOwn('deviceEvent', isDeviceEvent) ||
      read.some(
        (r, i) =>
          !r.notOwn &&
          ((i > 0 && r.proFormAfter(read[i - 1]!, foldedSentences[i - 1]!)) || (i + 1 < read.length && r.carrierBefore(read[i + 1]!, foldedSentences[i + 1]!))),
      ),
    resetAsk: any('resetAsk', RESET_ASKED),
    // With a password named anywhere, a reset whose object is left out is the password's.
    bareResetAsk: any('bareResetAsk', (s) => BARE_RESET_ASK.test(s.trim())) && !any('password', (s) => PASSWORD.test(s)),
    accessProblem: anyOwn('accessProblem', (s) => ACCESS.test(s) && !FUTURE.test(s) && !elsewhere(s)),
    enableQuestion: any('enableQuestion', (s) => ENABLE.test(s)),
    phoneLoss: anyOwn('phoneLoss', (s) => (PHONE_WORD.test(s) || FOREIGN_DEVICE_RE.test(s)) && isEvent(s) && !FUTURE.test(s)),
    appOrCode: any('appOrCode', (s) => APP_OR_CODE.test(s) || RESET.test(s)),
    plannedChange: any('plannedChange', (s) => DEVICE_RE.test(s) && FUTURE.test(s)),
    deviceLoss: anyOwn('deviceLoss', isDeviceLoss),
    resolved: any('resolved', (s) => RESOLVED.test(s) && !BUT.test(s)),
    massGreeting: read.slice(0, 3).some((r) => r.any('massGreeting', (s) => MASS_GREETING.test(s.trim()))),
    stillHasAccess: anyOwn('stillHasAccess', (s) => (STILL_HAS_ACCESS.test(s) || serviceStillWorks(s)) && !CODES_UNUSABLE.test(s)),
  };
}
