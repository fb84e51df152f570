-- A message the mailbox reader finds past its cursor with an internal date older than its previous
-- look at the mailbox was copied or appended there with that date, not delivered then: its
-- signature is judged as of that look (SPEC §5's DKIM_MAX_AGE), never of the date it claims.
ALTER TABLE "inbound_messages" ADD COLUMN "appeared_after" timestamp with time zone;
