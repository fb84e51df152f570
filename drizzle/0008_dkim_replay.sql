ALTER TABLE "inbound_messages" ADD COLUMN "dkim_b_hash" text;--> statement-breakpoint
CREATE INDEX "inbound_messages_dkim_b_idx" ON "inbound_messages" USING btree ("dkim_b_hash");--> statement-breakpoint
CREATE INDEX "inbound_messages_held_idx" ON "inbound_messages" USING btree ("outcome","reason");