-- The timeline is evidence: refuse edits and deletes at the database level.
-- (Anyone with write access can drop these triggers; the hash chain is what proves tampering.)
CREATE TRIGGER `timeline_entries_no_update` BEFORE UPDATE ON `timeline_entries`
BEGIN
  SELECT RAISE(ABORT, 'timeline_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `timeline_entries_no_delete` BEFORE DELETE ON `timeline_entries`
BEGIN
  SELECT RAISE(ABORT, 'timeline_entries is append-only');
END;
