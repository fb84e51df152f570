// What the account on file can tell (issue 14): a request processed with an account whose
// writer's own text names the account's organisation or holder gets an `onFileNamed` signal
// with the passage, shown beside "on file" in the console; the ticket's fields keep what the
// extractor read from the writer's words. Through the real pipeline steps and database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseMessage } from '../../src/adapters/mail/parse.ts';
import { analyse } from '../../src/core/analyse.ts';
import { ticketDetail } from '../../src/steps/ticket-view.ts';
import { createTestEnv, seedAccount, seedAgent, type TestEnv } from '../support/app.ts';
import { buildMail } from '../support/mail.ts';
import { ingest, loggedIn, webApp } from '../e2e/console-support.ts';

let env: TestEnv;
let app: FastifyInstance;

beforeAll(async () => {
  env = await createTestEnv();
  app = await webApp(env);
});
afterAll(async () => {
  await app?.close();
  await env?.close();
});

describe('the account on file named in the writer’s text', () => {
  test('name and organisation written their own way: the signal carries the passages, the fields what the writer wrote, the console shows both', async () => {
    await seedAccount(env, { email: 'marie.dupont@patro-jambes.example', fullName: 'Marie Dupont', organisations: ['Patro Saint-Joseph Jambes ASBL'] });
    const raw = buildMail({
      from: 'marie.dupont@patro-jambes.example',
      fromName: 'Marie',
      subject: 'codes perdus',
      body: "Bonjour,\n\nJ'ai perdu mon téléphone au camp et je n'ai plus les codes. Pouvez-vous réinitialiser la double authentification ?\n\nNom : DUPONT Marie\nOrganisation : PATRO SAINT JOSEPH JAMBES\n\nMerci",
    });
    const ticket = await ingest(env, raw);
    const detail = (await ticketDetail(env.app.deps, ticket.ref))!;
    expect(detail.signals.onFileNamed).toEqual({
      organisation: { value: 'Patro Saint-Joseph Jambes ASBL', snippet: 'Organisation : PATRO SAINT JOSEPH JAMBES' },
      fullName: { value: 'Marie Dupont', snippet: 'Nom : DUPONT Marie' },
    });
    // The fields are the extractor's reading of the writer's words, never replaced by the file's.
    const reading = analyse(await parseMessage(raw));
    expect(detail.fields).toEqual(reading.fields);
    expect(detail.fields.organisation).toBe('PATRO SAINT JOSEPH JAMBES');

    const agent = await seedAgent(env, 'agent@bpart.test');
    const page = await (await loggedIn(app, agent)).get(`/tickets/${ticket.ref}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('organisation on file named in the text: «Organisation : PATRO SAINT JOSEPH JAMBES»');
    expect(page.body).toContain('name on file named in the text: «Nom : DUPONT Marie»');
  });

  test('quoted text names nothing; a follow-up that names the organisation adds it to the ticket', async () => {
    await seedAccount(env, { email: 'tom@kfc-duffel.example', fullName: 'Tom Janssens', organisations: ['KFC Duffel vzw'] });
    const first = await ingest(
      env,
      buildMail({
        from: 'tom@kfc-duffel.example',
        fromName: 'Tom',
        subject: 'Fwd: tweestapsverificatie',
        body: 'Hallo, mijn gsm is gestolen. Kunnen jullie mijn tweestapsverificatie resetten?\n\nOp 2 maart schreef de voorzitter:\n> Tom, vraag het aan Bpart voor KFC Duffel.\n> Groeten',
      }),
    );
    const before = (await ticketDetail(env.app.deps, first.ref))!;
    expect(before.signals.onFileNamed).toBeUndefined();

    const followUp = await ingest(
      env,
      buildMail({ from: 'tom@kfc-duffel.example', subject: `Re: [${first.ref}] details`, body: 'Ik ben penningmeester bij kfc duffel.\n\nTom' }),
    );
    expect(followUp.id).toBe(first.id);
    const after = (await ticketDetail(env.app.deps, first.ref))!;
    expect(after.signals.onFileNamed).toEqual({ organisation: { value: 'KFC Duffel vzw', snippet: 'Ik ben penningmeester bij kfc duffel.' } });
  });
});
