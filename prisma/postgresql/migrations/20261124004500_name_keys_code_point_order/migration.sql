-- Actors' name keys compared by code point (as SQLite compares them): the prefix ranges of actor search say
-- COLLATE "C", and an index serves them only when the column's own collation is "C" (a database created with another
-- locale, even C.UTF-8, orders its default indexes otherwise, and actor search scanned every key: 66 ms at 1M claims).
-- Prisma does not model column collations, so the schema is unchanged and the drift test stays exact.
ALTER TABLE "ActorNameKey" ALTER COLUMN "key" SET DATA TYPE TEXT COLLATE "C";
