// The signature block read as a structure, on the shapes real signatures take.
import { describe, expect, test } from 'vitest';
import { extractFields } from '../../src/core/extract-fields.ts';
import { classifyPart, signatureBlock } from '../../src/core/fields/signature-block.ts';

const body = 'My phone was stolen on Monday, so the authenticator app is gone. Could you reset my 2FA?';

function read(signature: string, sender: { address: string; name: string | null } | null = null, own: string[] = ['bpart']) {
  const block = signatureBlock(`Hello,\n\n${body}\n\n${signature}`, sender, own);
  return {
    name: block?.name?.text ?? null,
    role: block?.role?.text ?? null,
    organisation: block?.organisation?.organisation ?? null,
    kinds: block?.parts.map((p) => p.kind),
  };
}

describe('signature block', () => {
  test('an Outlook block: name, role, organisation, address, phones on one line, web, disclaimer', () => {
    const r = read(
      'Kind regards,\n\nMichael Green\nCommunity Officer\nEnglish-Speaking Community Council of Brussels\nRue du Trône 98, 1050 Brussels\nTel: +32 2 511 00 00 | Mobile: +32 475 00 11 22\nwww.brussels-english-council.org\nThis e-mail and any attachments are confidential and intended solely for the addressee.',
    );
    expect(r).toMatchObject({ name: 'Michael Green', role: 'Community Officer', organisation: 'English-Speaking Community Council of Brussels' });
    expect(r.kinds).toEqual(['name', 'role', 'organisation', 'address', 'phone', 'phone', 'web']);
  });

  test('surname first with a comma, a title in parentheses, then a role and the body on one line', () => {
    const r = read('Yours faithfully,\n\nNOWAK, Piotr (Mr)\nSexton, Holy Trinity Church, Ghent');
    expect(r).toMatchObject({ name: 'NOWAK, Piotr', organisation: 'Holy Trinity Church' });
  });

  test('a ward or a school subject beside the role is a unit, never the organisation', () => {
    const ward = read('Met vriendelijke groet,\n\nAnn Peeters\nVerpleegkundige Cardiologie\nAZ Groeninge Kortrijk');
    expect(ward).toMatchObject({ name: 'Ann Peeters', organisation: 'AZ Groeninge Kortrijk' });
    const unit = read('Bien à vous,\n\nLuc Marchal\nChef de service – Radiologie\nClinique Saint-Luc Bouge');
    expect(unit.organisation).toBe('Clinique Saint-Luc Bouge');
  });

  test('a Dutch council block: the role with its portfolio is not the organisation', () => {
    const r = read(
      'Met vriendelijke groeten,\n\nKristof Van Damme\nSchepen van Jeugd en Sport\nGemeente Zedelgem\nStationsstraat 7, 8210 Zedelgem\nT 050 28 83 30',
    );
    expect(r).toMatchObject({ name: 'Kristof Van Damme', role: 'Schepen van Jeugd en Sport', organisation: 'Gemeente Zedelgem' });
  });

  test('surname first in capitals, a role, a firm with its legal form, VAT and phone', () => {
    const r = read(
      'Veuillez agréer mes salutations distinguées.\n\nLAMBERT Christophe\nExpert-comptable\nFiduciaire Lambert SRL\nChaussée de Louvain 431, 1300 Wavre\nTVA BE 0456.789.123\nTél. +32 10 22 45 67',
    );
    expect(r).toMatchObject({ name: 'LAMBERT Christophe', role: 'Expert-comptable', organisation: 'Fiduciaire Lambert SRL' });
    expect(r.kinds).toContain('legal-id');
  });

  test('"Name | Role | Org | phone" on one line', () => {
    const r = read('Vriendelijke groet,\nWim Bogaerts | Directeur | GO! Atheneum Geel | 014 58 82 11');
    expect(r).toMatchObject({ name: 'Wim Bogaerts', role: 'Directeur', organisation: 'GO! Atheneum Geel' });
    expect(r.kinds).toEqual(['name', 'role', 'organisation', 'phone']);
  });

  test('"Name - Org" on one line, and a role naming its body ("Chair, …", "Président du …")', () => {
    expect(read('Best,\nSarah Connor - Riverside Rowing Club').organisation).toBe('Riverside Rowing Club');
    expect(read("Yours faithfully,\nWILLIAMS Gwendolyn (Mrs)\nChair, Waterloo Women's Institute").organisation).toBe("Waterloo Women's Institute");
    expect(read("Avec mes remerciements,\n\nProf. Bernard Lhoist\nPrésident du Cercle d'histoire de Louvain-la-Neuve").organisation).toBe(
      "Cercle d'histoire de Louvain-la-Neuve",
    );
  });

  test('all capitals without a closing: the name line then the club', () => {
    const r = read('JEAN-MARIE DRICOT\nCLUB DE PETANQUE LES AMIS DE FLOREFFE');
    expect(r).toMatchObject({ name: 'JEAN-MARIE DRICOT', organisation: 'CLUB DE PETANQUE LES AMIS DE FLOREFFE' });
  });

  test('the organisation first, then the person', () => {
    const r = read('Cordialement,\nASBL Les Petits Riens\nMarie Lejeune, coordinatrice');
    expect(r.organisation).toBe('ASBL Les Petits Riens');
    expect(r.name).toBe('Marie Lejeune');
  });

  test('our own company on a line is never the organisation; roles alone give none', () => {
    expect(read('Regards,\nTom Baker\nBpart administrator')).toMatchObject({ name: 'Tom Baker', organisation: null });
    expect(read('Groetjes,\nLotte Van Hoof\nVrijwilligerscoördinator')).toMatchObject({ role: 'Vrijwilligerscoördinator', organisation: null });
    expect(read('Cordialement,\nBenoît Laurent\nAssocié\nMertens & Laurent Avocats\nAvenue de la Toison d’Or 12, 1050 Bruxelles').organisation).toBe(
      'Mertens & Laurent Avocats',
    );
  });

  test('a name-shaped line that spells the sender domain is the organisation signing', () => {
    const r = read('Thanks,\nHelping Hands Leuven', { address: 'contact@helpinghands-leuven.org', name: 'Helping Hands Leuven' });
    expect(r).toMatchObject({ name: null, organisation: 'Helping Hands Leuven' });
  });

  test('"Sent from my iPhone" and a disclaimer end the block', () => {
    const r = read('Merci\nLucas\n\nEnvoyé de mon iPhone');
    expect(r.kinds).not.toContain('disclaimer');
    expect(r.organisation).toBeNull();
  });

  test('each line kind on its own', () => {
    expect(classifyPart('BTW BE 0412.345.678')).toBe('legal-id');
    expect(classifyPart('KBO 0412.345.678')).toBe('legal-id');
    expect(classifyPart('GSM 0478 12 34 56')).toBe('phone');
    expect(classifyPart('+32 2 511 00 00')).toBe('phone');
    expect(classifyPart('Kerkstraat 12')).toBe('address');
    expect(classifyPart('9000 Gent')).toBe('address');
    expect(classifyPart('www.chiro-berchem.be')).toBe('web');
    expect(classifyPart('IT Manager')).toBe('role');
    expect(classifyPart('Penningmeester')).toBe('role');
    expect(classifyPart('Treasurer, Rugby Club Kituro')).toBe('role');
    expect(classifyPart('Voorzitter KFC Eendracht Zele')).toBe('role');
    expect(classifyPart('OCMW Aalst')).toBe('organisation');
    expect(classifyPart('Marie Dubois')).toBe('name');
  });
});

describe('signature block: what is not the organisation', () => {
  test('a unit of a body, a "Head of …" portfolio and a registration number; the body on its own line is read', () => {
    const r = read('Bien à vous,\nAnne Dupuis\nService Jeunesse\nVille de Namur\nHôtel de Ville, 5000 Namur');
    expect(r).toMatchObject({ role: 'Service Jeunesse', organisation: 'Ville de Namur' });
    const e = read('Thanks,\nSam Patel\nHead of Operations\nBrightwater Housing Association\nRegistered charity no. 1234567');
    expect(e).toMatchObject({ role: 'Head of Operations', organisation: 'Brightwater Housing Association' });
    expect(e.kinds).toEqual(['name', 'role', 'organisation', 'legal-id']);
  });

  test('a role right before a body names it, with or without an organisation-type word; an initial and a surname sign as a person', () => {
    expect(read('Mvg,\nJ. Peeters\nPenningmeester VZW De Kring')).toMatchObject({ name: 'J. Peeters', organisation: 'VZW De Kring' });
    expect(read('Met dank,\nVERHAEGEN Guido\nSecretaris Koninklijke Harmonie Sint-Jozef Tienen').organisation).toBe('Koninklijke Harmonie Sint-Jozef Tienen');
    expect(read('Groeten,\nEls Maes\nSchepen Van Jeugd En Sport\nGemeente Boechout').organisation).toBe('Gemeente Boechout');
  });
});

test('a household or a couple signing is people, not an organisation; a firm of partners is a firm', () => {
  for (const s of ['The Smith Family', 'Famille Dupont', 'M. et Mme Dupont', 'Jan en Els Peeters']) {
    expect(read(`Kind regards,\n${s}`).organisation, s).toBeNull();
  }
  expect(read('Cordialement,\nBenoît Laurent\nMertens & Laurent Avocats').organisation).toBe('Mertens & Laurent Avocats');
  expect(read('Cordialement,\nPaul Dupont\nDupont et Fils Traiteur').organisation).toBe('Dupont et Fils Traiteur');
});

describe('signature block: table cells, units, teams, titles, capitals (third loop)', () => {
  test('a table signature whose cells a client separates by tabs: each cell is a line of its own', () => {
    const r = read('Met vriendelijke groeten,\n\nAn Claes\tDirecteur\nBasisschool De Regenboog\tSchoolstraat 3, 2800 Mechelen\n015 20 30 40\twww.regenboog.be');
    expect(r).toMatchObject({ name: 'An Claes', role: 'Directeur', organisation: 'Basisschool De Regenboog' });
    expect(r.kinds).toEqual(['name', 'role', 'organisation', 'address', 'phone', 'web']);
    // The name cell never takes the role cell beside it, nor the body cell the address.
    const f = extractFields(`Hello,\n\n${body}\n\nCordialement,\n\nMarc Petit\tGérant\nFiduciaire Martin SRL\tAvenue Louise 120, 1050 Bruxelles`, null, [
      'bpart',
    ]);
    expect(f.fields).toMatchObject({ fullName: 'Marc Petit', organisation: 'Fiduciaire Martin SRL' });
  });

  test('a unit first, the body after it on the line or below: the body, never the unit', () => {
    expect(read('Met vriendelijke groet,\nSofie Maes\nDienst Burgerzaken – Gemeente Lennik')).toMatchObject({
      name: 'Sofie Maes',
      role: 'Dienst Burgerzaken',
      organisation: 'Gemeente Lennik',
    });
    expect(read('Groeten,\nTom Peeters\nJeugddienst\nStad Halle')).toMatchObject({ role: 'Jeugddienst', organisation: 'Stad Halle' });
    expect(read("Kind regards,\nJo Smith\nFinance Department\nSt. Mary's College")).toMatchObject({ name: 'Jo Smith', organisation: "St. Mary's College" });
    expect(classifyPart('Service des sports')).toBe('role');
    expect(classifyPart('Personeelsdienst')).toBe('role');
    // The rule reader agrees: a unit beside a role is skipped for the body on the next line.
    const f = extractFields(`Bonjour,\n\n${body}\n\nCordialement,\n\nA. Collard\nSecrétaire – Service population\nAdministration communale de Ohey`, null, [
      'bpart',
    ]);
    expect(f.fields.organisation).toBe('Administration communale de Ohey');
  });

  test('a unit line that names its body after the unit: the body', () => {
    expect(read('Cordialement,\nJulie Hautot\nService des sports de la Ville de Ciney').organisation).toBe('Ville de Ciney');
    expect(read('Met vriendelijke groet,\nBart Goris\nMilieudienst Gemeente Kapelle-op-den-Bos').organisation).toBe('Gemeente Kapelle-op-den-Bos');
    expect(read('Groetjes,\nLien Wouters\nSecretariaat KLJ Bonheiden').organisation).toBe('KLJ Bonheiden');
    expect(read('Best wishes,\nAmy Hart\nAdmissions Office').organisation).toBeNull();
    expect(read('Met vriendelijke groeten,\nHet secretariaat van KSA Noordzeegouw').organisation).toBe('KSA Noordzeegouw');
  });

  test('a team line signs for the body it names; a team of a unit names none', () => {
    expect(read('Cheers,\nTeam Riverside Rowing Club')).toMatchObject({ name: null, organisation: 'Riverside Rowing Club' });
    expect(read("Merci,\nL'équipe de la Maison Médicale du Nord").organisation).toBe('Maison Médicale du Nord');
    expect(read('Thanks,\nThe Green Lanes Community Garden team').organisation).toBe('Green Lanes Community Garden');
    expect(read('Sportieve groeten,\nTeam Finance')).toMatchObject({ organisation: null, kinds: ['role'] });
    expect(read('Bien à vous,\nÉquipe Accueil').organisation).toBeNull();
  });

  test('loop 18: an English name before its committee or board in lower case signs for the body it names', () => {
    expect(read('Best wishes,\nThe Riverside Swing Dance committee').organisation).toBe('Riverside Swing Dance');
    expect(read('Kind regards,\nHarbourside Allotments board').organisation).toBe('Harbourside Allotments');
    expect(read('Cheers,\nThe Old Mill Theatre volunteers').organisation).toBe('Old Mill Theatre');
    // Controls: a capitalised Committee may be its name; a committee of a unit names no body.
    expect(read('Regards,\nThe Riverside Residents Committee').organisation).toBe('The Riverside Residents Committee');
    expect(read('Regards,\nThe Finance committee').organisation).toBeNull();
  });

  test('a legal form next to an address is the body; the address is never read into it', () => {
    const f = extractFields(`Bonjour,\n\n${body}\n\nBien à vous,\n\nLes Jardins Partagés ASBL\tPlace Communale 4, 1390 Grez-Doiceau`, null, ['bpart']);
    expect(f.fields.organisation).toBe('Les Jardins Partagés ASBL');
    // A legal form read on into the address beside it ("ASBL Place Communale 4") is refused as a contact line.
    for (const c of f.explain.organisation.candidates.filter((c) => /Place Communale/.test(c.value))) expect(c.refused).toMatch(/contact line/);
  });

  test('the surname first in capitals, with a particle or borne out by From; short capitals alone stay initials', () => {
    expect(read('Bien cordialement,\n\nVAN DEN BERGH Sofie\nDirectrice\nÉcole Saint-Joseph Ath')).toMatchObject({
      name: 'VAN DEN BERGH Sofie',
      organisation: 'École Saint-Joseph Ath',
    });
    expect(read('Met vriendelijke groet,\nMAES Els\nKinderopvang Het Nestje', { address: 'els.maes@nestje.be', name: null })).toMatchObject({
      name: 'MAES Els',
      organisation: 'Kinderopvang Het Nestje',
    });
    expect(classifyPart('KBC Bank')).not.toBe('name');
  });

  test('titles and grades before the name: the name is what follows them', () => {
    for (const [line, name] of [
      ['Dr. med. Anna Weber', 'Anna Weber'],
      ['Prof. Dr. Jan Claes', 'Jan Claes'],
      ['mevr. Els Maes', 'Els Maes'],
      ['Dhr. ir. Peter Goossens', 'Peter Goossens'],
      ['Dr. rer. nat. Stefan Krüger', 'Stefan Krüger'],
    ]) {
      expect(classifyPart(line!), line).toBe('name');
      const f = extractFields(`Hello,\n\n${body}\n\nKind regards,\n\n${line}\nHarmonie Royale de Malmedy`, null, ['bpart']).fields;
      expect(f, line).toMatchObject({ fullName: name, organisation: 'Harmonie Royale de Malmedy' });
    }
    // An initial after a title is the writer's initial, not another title.
    expect(extractFields(`Hello,\n\n${body}\n\nRegards,\n\nDr. M. Peeters\nGroepspraktijk Zuid`, null).fields.organisation).toBe('Groepspraktijk Zuid');
  });

  test('closings people make their own still open the block', () => {
    for (const closing of ['Sportieve groeten,', 'Met scoutsgroeten,', 'Musicalement,', 'Sporting regards,', 'Mit freundlichen Grüßen', 'Sportivement vôtre']) {
      expect(read(`${closing}\nK. Janssens\nGroepsleider Scouts Sint-Rombout`), closing).toMatchObject({
        name: 'K. Janssens',
        organisation: 'Scouts Sint-Rombout',
      });
    }
  });
});

describe('signature block: more shapes people sign with (third loop)', () => {
  function extracted(signature: string) {
    return extractFields(`Hello,\n\n${body}\n\n${signature}`, null, ['bpart']).fields;
  }

  test('a role written above the name: the name under it, the body after', () => {
    expect(extracted('Met sportieve groet,\nPenningmeester\nWard Verlinden\nKVC Wilrijk')).toMatchObject({
      fullName: 'Ward Verlinden',
      organisation: 'KVC Wilrijk',
    });
  });

  test('a role run on after the name on one line (two cells or spans made one) is a part of its own', () => {
    expect(extracted('Vriendelijke groet,\nMarleen Van Acker Coördinator\nBuitenschoolse Opvang De Bolster')).toMatchObject({
      fullName: 'Marleen Van Acker',
      organisation: 'Buitenschoolse Opvang De Bolster',
    });
    expect(extracted('Kind regards,\nRuth Adams Head Coach\nLeuven Lions Basketball').fullName).toBe('Ruth Adams');
    // A surname that happens to end in a role word stays whole when nothing says otherwise.
    expect(extracted('Groeten,\nPieter De Coach\nKFC Lint')).toMatchObject({ fullName: 'Pieter De Coach', organisation: 'KFC Lint' });
  });

  test('letters after the name are not part of it', () => {
    expect(extracted('Regards,\nNadia Haddad MBA\nFinance Director\nEastgate Housing Trust')).toMatchObject({
      fullName: 'Nadia Haddad',
      organisation: 'Eastgate Housing Trust',
    });
    expect(extracted('Best,\nTom Dierckx, PhD\nLab Manager\nInstitute of Tropical Medicine').fullName).toBe('Tom Dierckx');
  });

  test('a German signature from East Belgium: the role is not the body; VoG is a legal form', () => {
    expect(extracted('Mit freundlichen Grüßen\nHeinz Mertes\nKassierer\nMusikverein Bütgenbach VoG')).toMatchObject({
      fullName: 'Heinz Mertes',
      organisation: 'Musikverein Bütgenbach VoG',
    });
    expect(extracted('Viele Grüße\nAnke Reuter\nSchulleiterin – Gemeindeschule Amel').organisation).toBe('Gemeindeschule Amel');
  });

  test('a functional area or an office of a body is a unit, never the body', () => {
    expect(extracted('Kind regards,\nChloé Dubois | Events & Partnerships | The Ghent Food Bank').organisation).toBe('The Ghent Food Bank');
    expect(extracted('Kind regards,\nRobert Owusu\nOffice of the Dean, Faculty of Law\nUniversity of Antwerp').organisation).toBe('University of Antwerp');
    expect(extracted('Groeten,\nBert Claes\nCommunicatie & Marketing\nStad Lier').organisation).toBe('Stad Lier');
  });

  test('initials with an exclamation mark before a body word are one name ("GO! Basisschool …")', () => {
    expect(extracted('Met vriendelijke groeten,\nEls Van Hove\nDirecteur GO! Basisschool De Brug').organisation).toBe('GO! Basisschool De Brug');
  });

  test('short closings and abbreviations open the block too (Bàv, Amitiés, A+, KR)', () => {
    for (const closing of ['Bàv', 'Amitiés,', 'A+', 'KR,']) {
      expect(extracted(`${closing}\nNoah Lejeune\nSecrétaire\nRoyal Tennis Club Spa`), closing).toMatchObject({
        fullName: 'Noah Lejeune',
        organisation: 'Royal Tennis Club Spa',
      });
    }
  });

  test('without a closing, a name and a body on the same last line sign the mail; phone digits do not make it a sentence', () => {
    expect(extracted('Anouk Peeters – VZW De Speelboom – 0486 12 34 56')).toMatchObject({ fullName: 'Anouk Peeters', organisation: 'VZW De Speelboom' });
  });

  test('phone and app footers end the block in every language', () => {
    for (const footer of [
      'Envoyé à partir de mon smartphone Samsung Galaxy.',
      'Von meinem iPhone gesendet',
      'Sent with Proton Mail secure email.',
      'Outlook voor iOS downloaden',
    ]) {
      const block = signatureBlock(`Hello,\n\n${body}\n\nThanks,\nLien Janssens\nKLJ Herselt\n\n${footer}`, null, ['bpart']);
      expect(
        block?.parts.map((p) => p.text),
        footer,
      ).toEqual(['Lien Janssens', 'KLJ Herselt']);
    }
  });
});

describe('signature block: degrees, initials, enumerated names, one-line signatures (fourth loop)', () => {
  const whole = (signature: string, sender: { address: string; name: string | null } | null = null) =>
    extractFields(`Hello,\n\n${body}\n\n${signature}`, sender).fields;

  test('letters after a name and initials are never the organisation', () => {
    expect(whole('Best regards,\n\nAnna Kowalski, PhD, MBA\nSenior Lecturer\nHogeschool Noordkust').organisation).toBe('Hogeschool Noordkust');
    expect(whole('Regards,\n\nM.V.\nSecretary\nRiverside Bowls Club').organisation).toBe('Riverside Bowls Club');
  });

  test('initials signed under a full From name are the From name', () => {
    const f = whole('Cheers,\nP.D.\nTreasurer, Millbrook Rowing Club', { address: 'p.dawson@millbrook-rowing.be', name: 'Peter Dawson' });
    expect(f).toMatchObject({ fullName: 'Peter Dawson', organisation: 'Millbrook Rowing Club' });
    const nl = whole('Groeten,\nKV\nOnthaal\nDrukkerij Smet bv', { address: 'karen@drukkerijsmet.be', name: 'Karen Verstraete' });
    expect(nl).toMatchObject({ fullName: 'Karen Verstraete', organisation: 'Drukkerij Smet bv' });
    // Initials that are not the sender's are no name.
    expect(whole('Cheers,\nP.D.\nTreasurer, Millbrook Rowing Club', { address: 'anna@x.be', name: 'Anna Smith' }).fullName).toBeNull();
  });

  test('a name listing what the body does, its commas closed by a conjunction, is one name', () => {
    expect(whole('Cordialement,\n\nLuc Herman\nDirecteur\nConservatoire de musique, théâtre et danse de Huy').organisation).toBe(
      'Conservatoire de musique, théâtre et danse de Huy',
    );
    expect(whole('Met vriendelijke groeten,\n\nEls Maes\nDienst Personeel\nAgentschap Natuur, Bos en Erfgoed').organisation).toBe(
      'Agentschap Natuur, Bos en Erfgoed',
    );
  });

  test('a legal form closing a part keeps a name with a lower-case word in it', () => {
    expect(whole('Bien à vous,\n\nSophie Lardinois\nCoordinatrice\nAide à Domicile en Milieu Rural ASBL').organisation).toBe(
      'Aide à Domicile en Milieu Rural ASBL',
    );
  });

  test('a kind of body in common words beside the named body on one line is a unit', () => {
    expect(whole('Cordialement,\n\nPaul Renard\nLaboratoire central – Clinique Notre-Dame de Grâce').organisation).toBe('Clinique Notre-Dame de Grâce');
  });

  test('a one-line signature with dashes holds the body beside the address and phone', () => {
    const f = whole('Groeten,\nAn Claes - Schrijnwerkerij Claes bv - Dorpsstraat 4 - 3390 Tielt-Winge - 016 63 11 22');
    expect(f).toMatchObject({ fullName: 'An Claes', organisation: 'Schrijnwerkerij Claes bv' });
  });

  test('the board signing for the body: the body', () => {
    expect(whole('Met vriendelijke groeten,\nHet bestuur van Buurtwerking De Linde vzw').organisation).toBe('Buurtwerking De Linde vzw');
    expect(whole('Kind regards,\nThe Board of Harbour Sailing Club').organisation).toBe('Harbour Sailing Club');
  });

  test('a role with a rank or an editorial role, and a sworn translator, are roles', () => {
    expect(whole('Cordialement,\n\nMarc Dufour\nSous-directrice\nInstitut Saint-Joseph').organisation).toBe('Institut Saint-Joseph');
    expect(whole('Thanks,\nJane Cole\nDeputy Editor, The Riverside Courier').organisation).toBe('The Riverside Courier');
    expect(whole('Bien à vous,\nNadia Haddad | Traductrice jurée NL-DE > FR | +32 470 12 34 56').organisation).toBeNull();
  });

  test('"With best wishes" and "Met de meeste hoogachting" close a mail', () => {
    expect(whole('With best wishes,\nDr. Helen Marsh\nChair\nOakfield Bird Society').fullName).toBe('Helen Marsh');
    expect(whole('Met de meeste hoogachting,\nTom Jacobs\nAdviseur\nGemeente Zonhoven').organisation).toBe('Gemeente Zonhoven');
  });
});

describe('organisation: a body in the writer’s past, lodging bodies (fourth loop)', () => {
  test('a body the writer was with before yields to the one they sign with now', () => {
    const f = extractFields(
      "Hi,\n\nI used to be secretary of Oakwood Cricket Club and opened my account back then. These days I use it for my own business.\n\nMy phone was stolen on Friday, so the authenticator app is gone. Could you reset my 2FA?\n\nThanks,\nPaul Wright\nWright's Bicycle Repairs",
      null,
    ).fields;
    expect(f.organisation).toBe("Wright's Bicycle Repairs");
  });

  test('campsites and hostels are bodies', () => {
    expect(
      extractFields(
        'Bonjour,\n\nJe suis la gérante du Camping Les Rochers à Bouillon. Mon téléphone est tombé dans la rivière. Pouvez-vous réinitialiser la 2FA ?\n\nMerci,\nNadine Collin',
        null,
      ).fields.organisation,
    ).toBe('Camping Les Rochers');
  });
});

describe('organisation: more kinds of body by their type word (fourth loop)', () => {
  test('an estate agency named in the subject only, a consulate named in prose', () => {
    const subject = extractFields(
      'Bonjour,\n\nMon téléphone a été volé hier. Pouvez-vous réinitialiser la 2FA ?\n\nMerci,\nLuc',
      null,
      ['bpart'],
      'Immo Meuse & Condroz – accès bloqué',
    );
    expect(subject.fields.organisation).toBe('Immo Meuse & Condroz');
    const prose = extractFields(
      "Bonjour,\n\nJe travaille à l'Ambassade de Finlande. Mon téléphone a été volé hier. Pouvez-vous réinitialiser la 2FA ?\n\nMerci,\nAnna Virtanen",
      null,
    );
    expect(prose.fields.organisation).toBe('Ambassade de Finlande');
  });
});

describe('closings the writer reaches for (fifth loop)', () => {
  test('a closing in another language is neither a name nor a body', () => {
    const r = read('Grazie mille,\nGiulia Romano');
    expect(r.name).toBe('Giulia Romano');
    expect(r.organisation).toBeNull();
    expect(read('Cordiales saludos,\nPablo Ortega').organisation).toBeNull();
  });

  test('signing for a body ("Pour le conseil,", "Namens het bestuur,") closes a formal letter; the name follows', () => {
    const letter =
      "Madame, Monsieur,\n\nLe téléphone de notre trésorier, qui portait l'application de double authentification, a été volé. Nous vous saurions gré de réinitialiser la double authentification de son compte.\n\nVeuillez agréer, Madame, Monsieur, l'expression de nos sentiments les meilleurs.\n\nPour le Conseil d'administration,\nMarc Lenoir\nAdministrateur\nASBL Les Tilleuls de Marche";
    expect(extractFields(letter, null, ['bpart']).fields).toMatchObject({ fullName: 'Marc Lenoir', organisation: 'ASBL Les Tilleuls de Marche' });
  });
});

test("loop 9: a second name-shaped line under the writer's name that spells their own mail domain is the firm; the writer's own name is not", () => {
  const r = read('Regards,\nElena Moretti\nOffice & HR Lead\nQuantiq Photonics', { address: 'elena.moretti@quantiq-photonics.com', name: 'Elena Moretti' });
  expect(r).toMatchObject({ name: 'Elena Moretti', organisation: 'Quantiq Photonics' });
  // Loop 12: at a provider's domain too, since the line stands under the name and a role (the body the role is held in);
  // a second person signing with a role of their own stays a name. A one-person firm's domain spelling the writer's name is the name.
  expect(read('Regards,\nElena Moretti\nOffice & HR Lead\nQuantiq Photonics', { address: 'elena.moretti@gmail.com', name: 'Elena Moretti' }).organisation).toBe(
    'Quantiq Photonics',
  );
  expect(
    read('Regards,\nElena Moretti\nOffice & HR Lead\nMarc Dubois\nTreasurer', { address: 'elena.moretti@gmail.com', name: 'Elena Moretti' }).organisation,
  ).toBeNull();
  expect(read('Regards,\nJan Peeters', { address: 'jan@janpeeters.be', name: 'Jan Peeters' })).toMatchObject({ name: 'Jan Peeters', organisation: null });
});

test('loop 9: a description after a lower-case indefinite article is no part of the block; a role before a name leaves the name', () => {
  expect(classifyPart('a Ghent University spin-off')).toBe('other');
  expect(classifyPart('une initiative de la Ville de Namur')).toBe('other');
  expect(classifyPart('Een Hart voor Kinderen vzw')).toBe('organisation');
  expect(classifyPart('Secretaris-penningmeester Harpreet Singh Sandhu')).toBe('name');
  expect(classifyPart('Secretaris-penningmeester')).toBe('role');
});

describe('loop 13: a person or a body on a name-shaped line', () => {
  const sign = (signature: string, name: string, address: string) => extractFields(`Hello,\n\n${body}\n\n${signature}`, { name, address }, ['bpart']).fields;

  test("a trade after the writer's own name makes the line their business; the name alone stays the person", () => {
    expect(sign('Groeten,\nJonas Verbeke\nJonas Verbeke Fotografie\n0476 11 22 33', 'Jonas Verbeke', 'jonas@jvfoto.be')).toMatchObject({
      fullName: 'Jonas Verbeke',
      organisation: 'Jonas Verbeke Fotografie',
    });
    expect(sign('Bien à vous,\nClaire Maes\nClaire Maes Photographie', 'Claire Maes', 'claire@clairemaes.be').organisation).toBe('Claire Maes Photographie');
    expect(sign('Best wishes,\nDaniel Price\nDaniel Price Consulting', 'Daniel Price', 'dan@dpc.co.uk').organisation).toBe('Daniel Price Consulting');
    expect(sign('Groetjes,\nSofie Claes\nSofie Claes Design | Interieurarchitectuur', 'Sofie Claes', 'sofie@sc.be').organisation).toBe('Sofie Claes Design');
    expect(sign('Groetjes,\nLotte Smet\nLotte Smet Coaching & Advies', 'Lotte Smet', 'lotte@ls.be').organisation).toBe('Lotte Smet Coaching & Advies');
    // Controls: a kind typed in lower case after the name is the kind of the body named after it; the writer's own name
    // under a first-name sign-off is still no body.
    expect(sign('Lotte Smet kapsalon Haarmonie Lier', 'Lotte Smet', 'lottesmet@hotmail.com').organisation).not.toMatch(/^Lotte Smet/);
    expect(sign('Cheers,\nDan\nDaniel Price', 'Daniel Price', 'daniel.price@gmail.com')).toMatchObject({ fullName: 'Daniel Price', organisation: null });
  });

  test("a region after a hyphen or a country after a particle ends a body's name; a branch after a comma stays with it", () => {
    expect(sign('Groeten,\nWim Aerts\nFietsersbond-Vlaanderen, afdeling Lier', 'Wim Aerts', 'wim.aerts@gmail.com').organisation).toBe(
      'Fietsersbond-Vlaanderen, afdeling Lier',
    );
    expect(sign('Bien cordialement,\nLuc Denis\nCroix-Rouge de Belgique, section de Huy', 'Luc Denis', 'luc.denis@gmail.com').organisation).toBe(
      'Croix-Rouge de Belgique, section de Huy',
    );
    expect(sign('Vriendelijke groeten,\nHilde Peeters\nDavidsfonds, afdeling Herentals', 'Hilde Peeters', 'hilde@telenet.be').organisation).toBe(
      'Davidsfonds, afdeling Herentals',
    );
    // Controls: two families joined by a hyphen, a family named after a town, are people.
    expect(classifyPart('Anna Smith-Jones')).toBe('name');
    expect(classifyPart('Lies Van Brussel')).toBe('name');
    expect(classifyPart('Marie Brabant')).toBe('name');
  });

  test('a post (a compound, a grade before it, held for a person) is a role, not a name or a body', () => {
    expect(classifyPart('Werfingenieur Renovatie')).toBe('role');
    expect(classifyPart('Secretary to James Wilson')).toBe('role');
    expect(classifyPart('Assistante de Maître Dupont')).toBe('role');
    expect(sign('Met vriendelijke groeten,\nBart Smet\nWerfingenieur Renovatie\nBouwteam Smet nv', 'Bart Smet', 'bart@bouwteam-smet.be').organisation).toBe(
      'Bouwteam Smet nv',
    );
    expect(sign('Best regards,\nSam Patel\nSecretary to James Wilson\nNorthgate Law LLP', 'Sam Patel', 'sam@northgate-law.com').organisation).toBe(
      'Northgate Law LLP',
    );
    expect(sign('Groeten,\nKoen Lenaerts\nDossierbeheerder\nHuisvestingsmaatschappij Kempen', 'Koen Lenaerts', 'koen@hk.be').organisation).toBe(
      'Huisvestingsmaatschappij Kempen',
    );
    // Control: a surname that is also a grade or a post stays a surname.
    expect(sign('Best,\nPeter Head\nHead Coach | Riverside Hockey Club', 'Peter Head', 'peter.head@gmail.com')).toMatchObject({
      fullName: 'Peter Head',
      organisation: 'Riverside Hockey Club',
    });
  });
  test("beside a role, a part with no mark of a body is the role's area when a later line names the body with its legal form", () => {
    const adviser = read('Met vriendelijke groet,\nJoris Peeters\nAdviseur | Ruimtelijke Ordening\nStudio Ruimte bv\nD 03 555 12 12');
    expect(adviser).toMatchObject({ name: 'Joris Peeters', organisation: 'Studio Ruimte bv' });
    expect(read("Cordialement,\nCamille Dubois\nChargée de projet | Mobilité douce\nBureau d'études Lemaire SRL").organisation).toBe(
      "Bureau d'études Lemaire SRL",
    );
    // Controls: no legally named body below, the part is the body; a legal status line is no body's name.
    expect(read('Regards,\nRobert Smith\nTreasurer | Ardennes Paddlers').organisation).toBe('Ardennes Paddlers');
    expect(read('Cordialement,\nHélène Martin\nTrésorière – Les Jardins du Nord\nAssociation loi 1901').kinds).toEqual([
      'name',
      'role',
      'organisation',
      'organisation',
    ]);
  });
});

test('loop 13: a person written for ("Namens Mieke Peeters", "Au nom de Julie Renard", "on behalf of Tom Price") is no body; a body written for is', () => {
  const f = (text: string, name: string) => extractFields(text, { name, address: `${name.toLowerCase().replace(' ', '.')}@gmail.com` }, ['bpart']).fields;
  expect(f(`Hello,\n\n${body}\n\nGroeten,\nJan Peeters\nNamens Mieke Peeters`, 'Jan Peeters').organisation).toBeNull();
  expect(f(`Hello,\n\n${body}\n\nCordialement,\nMarc Petit\nAu nom de Julie Renard`, 'Marc Petit').organisation).toBeNull();
  expect(
    f(
      'Beste,\n\nIk schrijf namens Mieke Peeters: haar gsm is gestolen en de authenticator-app is weg. Kunnen jullie haar 2FA resetten?\n\nGroeten,\nIne Wuyts',
      'Ine Wuyts',
    ).organisation,
  ).toBeNull();
  expect(
    f(
      'Beste,\n\nIk schrijf namens Chiro Lede: de gsm van onze leider is gestolen en de authenticator-app is weg. Kunnen jullie de 2FA resetten?\n\nGroeten,\nIne Wuyts',
      'Ine Wuyts',
    ).organisation,
  ).toBe('Chiro Lede');
});

describe("loop 14: the writer's name with words added, a body's own domain, a profession's degree", () => {
  const sign = (signature: string, name: string, address: string) => extractFields(`Hello,\n\n${body}\n\n${signature}`, { name, address }, ['bpart']).fields;

  test('the name signed alone, then the same name with capitalised words added, is their business whatever the words', () => {
    expect(sign('Groeten,\nTom Hendrickx\nTom Hendrickx Klussen\n0478 12 34 56', 'Tom Hendrickx', 'tom@hendrickxklussen.be')).toMatchObject({
      fullName: 'Tom Hendrickx',
      organisation: 'Tom Hendrickx Klussen',
    });
    expect(
      sign('Cordialement,\nJulie Renard\nJulie Renard Paysages – jardins et terrasses, Namur', 'Julie Renard', 'julie.renard@gmail.com').organisation,
    ).toBe('Julie Renard Paysages');
    expect(sign('Best,\nMark Owens\nMark Owens Tiling | Bathrooms & kitchens', 'Mark Owens', 'mark@owenstiling.co.uk').organisation).toBe('Mark Owens Tiling');
    // Controls: the name with letters after it, with a role, with a suffix, or a longer name on its own line stay the person.
    expect(sign('Best,\nSarah Lee\nSarah Lee MSc', 'Sarah Lee', 'sarah.lee@gmail.com')).toMatchObject({ fullName: 'Sarah Lee', organisation: null });
    expect(sign('Groeten,\nJan Peeters\nJan Peeters Voorzitter', 'Jan Peeters', 'jan.peeters@telenet.be').organisation).toBeNull();
    expect(sign('Regards,\nJohn Carter\nJohn Carter Jr', 'John Carter', 'john.carter@gmail.com').organisation).toBeNull();
    expect(sign('Regards,\nPaul Adams\nPaul Adams Snr', 'Paul Adams', 'paul.adams@gmail.com').organisation).toBeNull();
  });

  test("a unit's shape that is the writer's own mail domain word for word is the body; from a provider's or another domain it stays a unit", () => {
    expect(sign('Met vriendelijke groeten,\nKoen Maes\nCoördinator\nSportdienst Hageland', 'Koen Maes', 'koen.maes@sportdienst-hageland.be').organisation).toBe(
      'Sportdienst Hageland',
    );
    expect(sign('Met vriendelijke groeten,\nKoen Maes\nCoördinator\nSportdienst Hageland', 'Koen Maes', 'koen.maes@telenet.be').organisation).toBeNull();
    expect(sign('Met vriendelijke groeten,\nKoen Maes\nCoördinator\nSportdienst Hageland', 'Koen Maes', 'koen.maes@tielt-winge.be').organisation).toBeNull();
  });

  test('a profession with its degree letters beside a body on its line is the post; the body is the other part', () => {
    expect(
      sign('Cordialement,\nMarc Lenoir\nKinésithérapeute M.Sc. – Cabinet de kinésithérapie Lenoir, Arlon', 'Marc Lenoir', 'marc.lenoir@skynet.be').organisation,
    ).toBe('Cabinet de kinésithérapie Lenoir');
    expect(sign('Kind regards,\nEmma Hart\nPhysiotherapist MSc | Riverside Physio Practice', 'Emma Hart', 'emma.hart@gmail.com').organisation).toBe(
      'Riverside Physio Practice',
    );
    // A Latin-1 webmail turns the dash into "?": still a separator between the parts.
    expect(sign('Cordialement,\nPierre Dumont\nTrésorier ? Cercle Royal de Natation de Spa', 'Pierre Dumont', 'pierre.dumont@skynet.be').organisation).toBe(
      'Cercle Royal de Natation de Spa',
    );
    // Control: with no body beside it, the profession and its degree is still no body read from the other part.
    expect(sign('Cordialement,\nMarc Lenoir\nKinésithérapeute M.Sc.', 'Marc Lenoir', 'marc.lenoir@skynet.be').organisation).toBeNull();
  });
});

describe('loop 14: a place after a dash, a line whose words make the writer’s own domain', () => {
  const sign = (signature: string, name: string, address: string) => extractFields(`Hello,\n\n${body}\n\n${signature}`, { name, address }, ['bpart']).fields;

  test('a line whose words, in order, make the own domain names the body; the town after its dash is where it is', () => {
    expect(
      sign('Bien à vous,\nNadia Collin\nResponsable\nService d’aide aux familles du Condroz – Ciney', 'Nadia Collin', 'n.collin@aidefamilles-condroz.be')
        .organisation,
    ).toBe('Service d’aide aux familles du Condroz');
    expect(
      sign('Groeten,\nEls Wouters\nCoördinator\nDienst voor Oppashulp aan Zieke Kinderen – Hasselt', 'Els Wouters', 'els@oppashulp-kinderen.be').organisation,
    ).toBe('Dienst voor Oppashulp aan Zieke Kinderen');
    // Controls: from a provider's domain nothing is read from the words; a one-word body after a unit and its dash stays
    // the body when no line makes the domain.
    expect(
      sign('Bien à vous,\nNadia Collin\nResponsable\nService d’aide aux familles du Condroz – Ciney', 'Nadia Collin', 'nadia.collin@gmail.com').organisation,
    ).not.toBe('Service d’aide aux familles du Condroz');
    expect(sign('Groeten,\nAn Peeters\nAfdeling Lier – Natuurpunt', 'An Peeters', 'an.peeters@telenet.be').organisation).toBe('Natuurpunt');
  });
});

describe("loop 15: the line that names every part of the writer's own mail domain", () => {
  const sign = (signature: string, name: string, address: string) => extractFields(`Hello,\n\n${body}\n\n${signature}`, { name, address }, ['bpart']).fields;

  test('beside a post or trade read like a body, the line naming the domain is the body, whatever its words', () => {
    expect(
      sign('Kind regards,\nMaya Brooks\nBrand & Content Strategist\nNorthlight Works\n+32 470 11 22 33', 'Maya Brooks', 'maya@northlightworks.be').organisation,
    ).toBe('Northlight Works');
    expect(sign('Cordialement,\nClaire Hubert\nSophrologue certifiée – Respiralia\n0470 12 34 56', 'Claire Hubert', 'claire@respiralia.be').organisation).toBe(
      'Respiralia',
    );
    // The domain's parts in another order than the line's, one cut short ("tegel" for "Tegelwerken").
    expect(sign('Groeten,\nBart Wuyts\nTegelwerken Wuyts\nMechelen', 'Bart Wuyts', 'info@wuyts-tegel.be').organisation).toBe('Tegelwerken Wuyts');
    // Spread over its line: the whole line, a single place after a comma left out.
    expect(
      sign('Kind regards,\nOwen Price\nEducation Officer\nRoyal Flying Museum Trust, Ghent\n+32 9 123 45 67', 'Owen Price', 'owen.price@flyingmuseum-ghent.org')
        .organisation,
    ).toBe('Royal Flying Museum Trust');
  });

  test("controls: a provider's mailbox, a body already read with its mark, a domain no line names", () => {
    expect(sign('Cordialement,\nClaire Hubert\nSophrologue certifiée – Respiralia', 'Claire Hubert', 'claire.hubert@gmail.com').organisation).not.toBe(
      'Respiralia',
    );
    // The writer's unit, a body with its mark, beside the domain's owner: the unit stays.
    expect(
      sign('Met vriendelijke groeten,\nKoen Wouters\nJeugdhuis De Kelder\nGemeente Herentals', 'Koen Wouters', 'koen.wouters@gemeente-herentals.be')
        .organisation,
    ).toBe('Jeugdhuis De Kelder');
    expect(sign('Best,\nMaya Brooks\nNorthlight Works', 'Maya Brooks', 'maya@brooks-design.be').organisation).toBe('Northlight Works');
  });
});

describe('loop 16: what the writer does written as a phrase beside a name; Dutch "\'t" opening a name', () => {
  const body = 'My phone fell in the bath and the authenticator is gone. Could you reset my 2FA?';
  const sign = (signature: string, name: string, address: string) => extractFields(`Hello,\n\n${body}\n\n${signature}`, { name, address }, ['bpart']).fields;

  test('a capitalised first word and lower-case words, no mark of a body, is no body', () => {
    expect(sign("Groeten,\nLies Maes\nZelfstandig kinesitherapeut – 't Bewegingshuis, Mol", 'Lies Maes', 'liesmaes@icloud.com').organisation).toBe(
      "'t Bewegingshuis",
    );
    expect(sign('Best,\nNora Quinn\nFreelance sign language interpreter – Blue Heron Signing', 'Nora Quinn', 'noraquinn@gmail.com').organisation).toBe(
      'Blue Heron Signing',
    );
    expect(sign('Cordialement,\nLéa Dubois\nAccompagnante périnatale', 'Léa Dubois', 'lea.dubois@gmail.com').organisation).toBeNull();
  });

  test('controls: a body with its type word in lower case, a capitalised name, a person', () => {
    expect(sign('Cordialement,\nMarc Lenoir\nMaison médicale du quartier', 'Marc Lenoir', 'marc.lenoir@gmail.com').organisation).toBe(
      'Maison médicale du quartier',
    );
    expect(sign('Groeten,\nJan Smet\nKinderopvang De Kabouter', 'Jan Smet', 'jan.smet@gmail.com').organisation).toBe('Kinderopvang De Kabouter');
    expect(sign("Groeten,\nAn Peeters\n't Kelderke Vlaanderen", 'An Peeters', 'an.peeters@gmail.com').fullName).toBe('An Peeters');
  });
});

describe('loop 21: logo lines and the domain’s owner', () => {
  test('bullets such as ▪ separate a logo line’s parts', () => {
    const sender = { address: 'els@bakkerijmaes.be', name: 'Els Maes' };
    expect(extractFields('Mijn gsm is gestolen.\n\nEls Maes\nBAKKERIJ MAES ▪ Geel ▪ sinds 1987', sender).fields.organisation).toBe('BAKKERIJ MAES');
  });

  test('ornaments on both sides of a logo line are no text of it', () => {
    const sender = { address: 'anne@lesfarfadets.be', name: 'Anne Leroy' };
    expect(
      extractFields('Mon GSM a été volé.\n\nAnne Leroy\n\n★★ LES FARFADETS ★★\ncrèche agréée · Liège\nwww.lesfarfadets.be', sender).fields.organisation,
    ).toBe('LES FARFADETS');
  });

  test('a word cut short before the next spells the domain’s label; a register line hides no owner', () => {
    const sender = { address: 'bert@kinepeeters.be', name: 'Bert Peeters' };
    const text =
      'Mijn gsm is gestolen.\n\nMet vriendelijke groeten,\n\nBert Peeters\nKinesitherapeut\nKinesitherapie Peeters\nRIZIV 5-12345-67-890\nwww.kinepeeters.be';
    expect(extractFields(text, sender).fields.organisation).toBe('Kinesitherapie Peeters');
  });
});

describe('loop 27b: the line under a post, alone on its line, is the body the post is held in', () => {
  test('whatever its words, when it opens with a capital and holds another', () => {
    const r = read('Kind regards,\nMarc Verhulst\nPenningmeester\nVrienden van het kasteel van Horst');
    expect(r.organisation).toBe('Vrienden van het kasteel van Horst');
  });
  test('controls: a person, an address or a lower-case phrase under the post stay what they are', () => {
    expect(
      read('Kind regards,\nMarc Verhulst\nPenningmeester\nAnnelies Verhulst', { address: 'm.verhulst@telenet.be', name: 'Marc Verhulst' }).organisation,
    ).toBeNull();
    expect(read('Kind regards,\nMarc Verhulst\nPenningmeester\nKasteelstraat 12, 3210 Lubbeek').organisation).toBeNull();
    expect(read('Kind regards,\nMarc Verhulst\nPenningmeester\nvoor de vrienden van het kasteel').organisation).toBeNull();
  });
});

describe('loop 27b: a body signing under its post from a mailbox whose From name gives it by its initials', () => {
  const text =
    'Hello,\n\nThe phone with our login codes fell in the river. Please reset two-factor authentication on this account.\n\nWith regards,\nSecretary\n';
  test('"LRBS Secretary" over "Leuven Rowing and Boating Society" is the body, not a person', () => {
    const sender = { address: 'secretary@lrbs.be', name: 'LRBS Secretary' };
    expect(extractFields(`${text}Leuven Rowing Boating Society`, sender).fields).toMatchObject({
      fullName: null,
      organisation: 'Leuven Rowing Boating Society',
    });
  });
  test('control: initials that are not the line’s, or no post beside them, leave a person’s name', () => {
    expect(extractFields(`${text}Laura Ruth Blake`, { address: 'secretary@lrbs.be', name: 'LRBS Secretary' }).fields.fullName).toBe('Laura Ruth Blake');
    expect(extractFields(`${text}Laura Ruth Blake`, { address: 'lrb@lrbs.be', name: 'LRB' }).fields.fullName).toBe('Laura Ruth Blake');
  });
});

describe('loop 27b: letters after a name by their shape, capitals with no vowel', () => {
  test('"Dr Tom Wyatt FRCPS DCH" signs as Tom Wyatt, whatever the degrees', () => {
    const sender = { address: 't.wyatt@kidsclinic.be', name: 'Tom Wyatt' };
    const text =
      'Hello,\n\nMy phone was taken from my car. Please reset two-factor authentication.\n\nDr Tom Wyatt FRCPS DCH\nNurse Practitioner\nHalle Kids Clinic';
    expect(extractFields(text, sender).fields).toMatchObject({ fullName: 'Tom Wyatt', organisation: 'Halle Kids Clinic' });
    expect(classifyPart('Nurse Practitioner')).toBe('role');
  });
  test('controls: a surname in capitals keeps its vowels, a legal form stays a body’s', () => {
    expect(classifyPart('Jan PEETERS')).toBe('name');
    expect(classifyPart('Brouwerij Peeters BV')).toBe('organisation');
    expect(classifyPart('KBC')).not.toBe('name');
  });
});

test('loop 28b: letters after a name read by their shape ("BVSc", "FRICS"), on the name line or a line of their own, are no body', () => {
  const own = read('Best wishes,\n\nHelen Marsh\nMSc FRICS\nManaging Partner\nMarsh Property Advisers BV');
  expect(own).toMatchObject({ name: 'Helen Marsh', organisation: 'Marsh Property Advisers BV' });
  expect(own.kinds?.slice(0, 2)).toEqual(['name', 'other']);
  expect(classifyPart('BVSc MRCVS')).toBe('other');
  expect(classifyPart('MPhil FRCPsych')).toBe('other');
});

test('loop 28b: a surname in capitals keeps its vowels and stays the name; an acronym body on its own line stays a body', () => {
  expect(read('Best wishes,\n\nHelen Marie DUBOIS\nSecretary\nRowing Club Namur').name).toBe('Helen Marie DUBOIS');
  expect(read('Met vriendelijke groet,\n\nAnn Peeters\nKVLV Mol').organisation).toBe('KVLV Mol');
  expect(classifyPart('Marsh Property Advisers BV')).toBe('organisation');
});

test('loop 29: a line alone between the name and a line marked as a body is the post, whatever its words (nl, fr, en)', () => {
  expect(
    read('Met vriendelijke groet,\n\nAnn Verstraete\nDeskundige Burgerzaken\nGemeente Merelbeke-Melle\nPoelstraat 12, 9820 Merelbeke-Melle'),
  ).toMatchObject({
    name: 'Ann Verstraete',
    organisation: 'Gemeente Merelbeke-Melle',
  });
  expect(read('Cordialement,\n\nLuc Collard\nAgent Traitant Population\nCommune de Gesves')).toMatchObject({ organisation: 'Commune de Gesves' });
  expect(read('Kind regards,\n\nJoanna Nowak\nVolunteer Drivers Lead\nPublic Centre for Social Welfare of Evere')).toMatchObject({
    organisation: 'Public Centre for Social Welfare of Evere',
  });
  // Controls: the middle line marked as a body stays the body (the marked one under it is another body); a second name
  // that From bears out is the writer's, not a post.
  expect(read('Cordialement,\n\nMarie Dubois\nASBL Les Amis du Parc\nFédération Wallonie-Bruxelles').organisation).toBe('ASBL Les Amis du Parc');
  expect(
    read('Kind regards,\n\nSarah Lee\nSarah Lee Voice\nBelgian Voice Actors Association', { address: 'sarah@sarahleevoice.be', name: 'Sarah Lee' }).kinds?.[1],
  ).not.toBe('role');
});
