CREATE TABLE `incident_techniques` (
	`incident_id` integer NOT NULL,
	`technique` text NOT NULL,
	PRIMARY KEY(`incident_id`, `technique`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `step_timings` (
	`run_id` integer NOT NULL,
	`step_id` text NOT NULL,
	`started_at` text NOT NULL,
	`due_at` text,
	PRIMARY KEY(`run_id`, `step_id`),
	FOREIGN KEY (`run_id`) REFERENCES `playbook_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_declared_at_idx` ON `incidents` (`declared_at`);--> statement-breakpoint
CREATE INDEX `timeline_kind_idx` ON `timeline_entries` (`kind`,`incident_id`);--> statement-breakpoint
-- Backfill: techniques of alerts already in incidents.
INSERT OR IGNORE INTO `incident_techniques` (`incident_id`, `technique`)
SELECT a.`incident_id`, t.value FROM `alerts` a, json_each(a.`normalized`, '$.attackTechniques') t
WHERE a.`incident_id` IS NOT NULL;
--> statement-breakpoint
-- Backfill: step clocks of stages already started (stage start from the run, SLA from its snapshotted definition).
INSERT OR IGNORE INTO `step_timings` (`run_id`, `step_id`, `started_at`, `due_at`)
SELECT r.`id`, json_extract(st.value, '$.id'), json_extract(r.`stage_starts`, '$."' || json_extract(sg.value, '$.id') || '"'),
  CASE WHEN json_extract(st.value, '$.sla') IS NULL THEN NULL
    ELSE strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(r.`stage_starts`, '$."' || json_extract(sg.value, '$.id') || '"'), '+' || json_extract(st.value, '$.sla') || ' minutes') END
FROM `playbook_runs` r, json_each(r.`definition`, '$.stages') sg, json_each(sg.value, '$.steps') st
WHERE json_extract(r.`stage_starts`, '$."' || json_extract(sg.value, '$.id') || '"') IS NOT NULL;
