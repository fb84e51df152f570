-- The local stand-in of an account of an external directory (sql, http) is keyed by the
-- directory's account id, no longer by its address: an address that changes keeps the account's
-- row (its tickets and recovery lock), and an account recreated under an old address is a new row.
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_email_unique";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "directory" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "directory_account_id" text;--> statement-breakpoint
-- Stand-ins made before this migration: each row is keyed by the account its newest ticket was
-- opened for (signals.onFile), when that is an external directory's. Where several rows name the
-- same account (its address changed before this migration), the row of the newest ticket is
-- keyed and takes the latest recovery lock of them all; the others stay unkeyed with their
-- tickets, as history. A row with no ticket on file holds no lock (a lock is only ever set on a
-- ticket's account) and stays unkeyed: the next request makes a keyed stand-in.
WITH "on_file" AS (
	SELECT DISTINCT ON ("account_id") "account_id", "id" AS "ticket_id",
		"signals"->'onFile'->>'directory' AS "directory", "signals"->'onFile'->>'id' AS "directory_account_id"
	FROM "tickets"
	WHERE "account_id" IS NOT NULL AND jsonb_typeof("signals"->'onFile') = 'object'
	ORDER BY "account_id", "id" DESC
), "keyed" AS (
	SELECT DISTINCT ON (o."directory", o."directory_account_id") o."account_id", o."directory", o."directory_account_id",
		max(a."recovery_locked_until") OVER (PARTITION BY o."directory", o."directory_account_id") AS "locked_until"
	FROM "on_file" o JOIN "accounts" a ON a."id" = o."account_id"
	WHERE o."directory" IN ('sql', 'http') AND o."directory_account_id" IS NOT NULL
	ORDER BY o."directory", o."directory_account_id", o."ticket_id" DESC
)
UPDATE "accounts" SET "directory" = k."directory", "directory_account_id" = k."directory_account_id", "recovery_locked_until" = k."locked_until"
FROM "keyed" k WHERE "accounts"."id" = k."account_id";--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_builtin_email_unique" ON "accounts" USING btree ("email") WHERE directory_account_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_directory_account_unique" ON "accounts" USING btree ("directory","directory_account_id") WHERE directory_account_id is not null;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_directory_key_whole" CHECK ((directory is null) = (directory_account_id is null));
