// Our request for details asks for three things in a list (the full name, the organisation, what happened); a writer who
// answers it often gives them back as bare lines in that order, under a lead-in ("Sorry, here you go:", "Answers below!",
// "Voilà :"), before any sentence: "Grace Okonkwo" / "Wilsele Community Pantry (I coordinate the volunteers)" / "I dropped
// my phone …". The line under their full name is the organisation they were asked for, as a label would say it; an aside of
// their own beside it (in parentheses, or after a dash or comma in the first person: "- I'm on the committee", ", ik ben
// zaakvoerder") is about them, not the body's name (loop 29).

import type { Found } from './prose.ts';
import { fold } from '../text-tools.ts';

// An aside closing the line: in parentheses, or after a dash or a comma, a clause in the first person.
const OWN_ASIDE = /\s*\([^()]*\)\s*$|\s*(?:\s[-–—]|,)\s+(?:i'm|i am|i\s|je\s|j['’]|ik\s|we\s|nous\s|on\s)[^]*$/iu;
// A line that says something rather than names it: a sentence's end, or a lead-in.
const SAYS = /[.!?:;]$/;

/**
 * The organisation given back as the line under the writer's full name at the opening of an answer to our request (a
 * reply under our ticket's reference), or null. `fullName` is the name read for the writer.
 */
export function answeredOrganisation(text: string, fullName: string | null, answersUs: boolean): Found | null {
  if (!answersUs || !fullName) return null;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 4);
  const at = lines.findIndex((l) => fold(l) === fold(fullName));
  // The name first, after at most a greeting or a lead-in (each a line that ends as one says something).
  if (at < 0 || lines.slice(0, at).some((l) => !SAYS.test(l) && !/^(?:hi|hello|dear|bonjour|hallo|dag|beste)\b/i.test(l))) return null;
  const next = lines[at + 1];
  if (!next || SAYS.test(next)) return null;
  const value = next.replace(OWN_ASIDE, '').trim();
  const words = value.split(/\s+/);
  if (!/^[\p{Lu}\d]/u.test(value) || words.length > 8 || SAYS.test(value)) return null;
  return { value, snippet: next };
}
