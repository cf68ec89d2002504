// Backup: restic runner, consistency policies, DB dumpers (issue 3).
