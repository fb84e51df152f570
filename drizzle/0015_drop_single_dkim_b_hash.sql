-- dkim_b_hash (the first claimed signature) is derivable from dkim_b_hashes (0014 copied it there)
-- and nothing reads it any more.
DROP INDEX "inbound_messages_dkim_b_idx";--> statement-breakpoint
ALTER TABLE "inbound_messages" DROP COLUMN "dkim_b_hash";
