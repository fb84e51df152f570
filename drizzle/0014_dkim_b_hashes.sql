ALTER TABLE "inbound_messages" ADD COLUMN "dkim_b_hashes" text[];--> statement-breakpoint
CREATE INDEX "inbound_messages_dkim_bs_idx" ON "inbound_messages" USING gin ("dkim_b_hashes");--> statement-breakpoint
-- Signatures claimed before this migration keep their claim.
UPDATE "inbound_messages" SET "dkim_b_hashes" = ARRAY["dkim_b_hash"] WHERE "dkim_b_hash" IS NOT NULL AND "dkim_b_hashes" IS NULL;--> statement-breakpoint
-- 0013's journal date is earlier than 0012's, so a database migrated to 0012 before 0013 existed
-- never got its index: created here when missing.
CREATE INDEX IF NOT EXISTS "inbound_messages_ticket_idx" ON "inbound_messages" USING btree ("ticket_id","received_at");
