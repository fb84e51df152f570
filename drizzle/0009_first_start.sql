ALTER TABLE "inbound_messages" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailbox_cursors" ADD COLUMN "start_at" timestamp with time zone;