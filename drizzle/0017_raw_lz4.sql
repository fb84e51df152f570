-- The stored raw bytes are compressed with lz4 instead of PostgreSQL's default pglz (stop 26): pglz spent ~0.6 ms of
-- the backend's CPU per message of the bench's mail on the store's COPY, mostly trying and giving up (3 of 300 values
-- compressed), lz4 ~0.03 ms and compresses more of them (bench/micro/raw-store.ts). Only new values are written so;
-- values stored before stay pglz and read as before. A server built without lz4 keeps pglz.
DO $$
BEGIN
	ALTER TABLE "inbound_messages" ALTER COLUMN "raw" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
	RAISE NOTICE 'lz4 is not available on this server: inbound_messages.raw keeps pglz';
END $$;
