-- Evidence items and their chain of custody are records of fact: refuse edits and deletes at the database level.
-- (Anyone with write access can drop these triggers; the custody hash chain, and the chain head written into every
-- signed export, are what prove tampering.)
CREATE TRIGGER `evidence_items_no_update` BEFORE UPDATE ON `evidence_items`
BEGIN
  SELECT RAISE(ABORT, 'evidence_items is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_items_no_delete` BEFORE DELETE ON `evidence_items`
BEGIN
  SELECT RAISE(ABORT, 'evidence_items is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `custody_entries_no_update` BEFORE UPDATE ON `custody_entries`
BEGIN
  SELECT RAISE(ABORT, 'custody_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `custody_entries_no_delete` BEFORE DELETE ON `custody_entries`
BEGIN
  SELECT RAISE(ABORT, 'custody_entries is append-only');
END;
