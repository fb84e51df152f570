-- Issue 15: a message's work locks and its gate read in one statement. The locks are taken in
-- one global order, as before (hashtext of the namespace, then the key: hashtext of a text key,
-- or an account's id), and only then is the gate read run: a statement of its own inside this
-- VOLATILE function, so it reads with a snapshot taken once every lock is held (a plain SELECT
-- that took the locks itself would read with the snapshot it started with, from before it
-- waited for them).
-- `locks`: a json array of [namespace, text key or null, account id or null]. `query`: the
-- caller's SELECT of one json value, its parameters referenced as $1[n] (text, each cast to its
-- type); `params`: a json array of those parameters as text.
CREATE OR REPLACE FUNCTION recovery_desk_locked_read(locks json, query text, params json)
RETURNS json LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  result json;
BEGIN
  PERFORM count(pg_advisory_xact_lock(s.ns, s.k))
    FROM (SELECT hashtext(l->>0) AS ns, coalesce((l->>2)::integer, hashtext(l->>1)) AS k
            FROM json_array_elements(locks) AS l
           ORDER BY 1, 2) s;
  IF query IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE query INTO result
    USING ARRAY(SELECT p.value FROM json_array_elements_text(params) WITH ORDINALITY AS p(value, n) ORDER BY p.n);
  RETURN result;
END;
$$;
