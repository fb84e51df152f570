ALTER TABLE "inbound_messages" ADD COLUMN "counted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "inbound_messages_counted_idx" ON "inbound_messages" USING btree ("counted_at");