ALTER TABLE "ticket_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_seq_unique" UNIQUE("seq");--> statement-breakpoint
-- Rows chained before this version were chained in id order: that order becomes their seq.
ALTER TABLE "ticket_events" DISABLE TRIGGER ticket_events_no_update_delete;--> statement-breakpoint
UPDATE "ticket_events" e SET "seq" = o.rn FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM "ticket_events" WHERE "hash" IS NOT NULL) o WHERE e.id = o.id;--> statement-breakpoint
ALTER TABLE "ticket_events" ENABLE TRIGGER ticket_events_no_update_delete;--> statement-breakpoint
-- Writers only insert; the sealer chains rows afterwards, the one UPDATE allowed, once per row:
-- it sets seq, prev_hash and hash on a row that had none, and changes nothing else.
CREATE OR REPLACE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND OLD.seq IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
       AND NEW.id = OLD.id AND NEW.ticket_id IS NOT DISTINCT FROM OLD.ticket_id AND NEW.type = OLD.type
       AND NEW.actor = OLD.actor AND NEW.data = OLD.data AND NEW.created_at = OLD.created_at THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
