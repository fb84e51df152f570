CREATE TABLE "directory_operations" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"directory_account_id" text NOT NULL,
	"email" text NOT NULL,
	"expected_version" text,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"retry_until" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"reason" text,
	"report" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "directory_operations_ticket_id_unique" UNIQUE("ticket_id"),
	CONSTRAINT "directory_operations_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
DROP INDEX "tickets_one_open_per_account";--> statement-breakpoint
CREATE INDEX "directory_operations_status_idx" ON "directory_operations" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_one_open_per_account" ON "tickets" USING btree ("account_id") WHERE status in ('waiting_details', 'waiting_confirmation', 'ready', 'approved', 'needs_attention');