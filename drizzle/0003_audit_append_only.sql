-- The audit log is append-only (SPEC §6 rule 9): no UPDATE, DELETE or TRUNCATE on ticket_events.
CREATE OR REPLACE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_update_delete BEFORE UPDATE OR DELETE ON "ticket_events" FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_truncate BEFORE TRUNCATE ON "ticket_events" FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_append_only();
