/**
 * Run-time settings of every upload-svc connection. Full-text queries are prepared statements
 * (postgres.js), and after five runs Postgres may switch one to a generic plan that cannot see the
 * tsquery: it then scans and ranks every chunk (40-50 ms on 10,000 chunks instead of 2). A custom
 * plan per execution costs well under a millisecond of planning.
 */
export const uploadConnectionSettings = { plan_cache_mode: 'force_custom_plan' };
