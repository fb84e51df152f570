ALTER TABLE "inbound_messages" ADD COLUMN "from_domain" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "authenticated" boolean;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "account_id" integer;--> statement-breakpoint
CREATE INDEX "inbound_messages_from_idx" ON "inbound_messages" USING btree ("from_address","processed_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_domain_idx" ON "inbound_messages" USING btree ("from_domain","processed_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_account_idx" ON "inbound_messages" USING btree ("account_id","processed_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_unauth_idx" ON "inbound_messages" USING btree ("authenticated","processed_at");