CREATE TABLE "dispute_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "dispute_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE INDEX "dispute_links_ticket_idx" ON "dispute_links" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "dispute_links_used_idx" ON "dispute_links" USING btree ("used_at");