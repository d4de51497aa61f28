// The AWS environment of the shop account's suites, set on import: each suite imports this
// first, before any module that reads the environment (lib/env reads it once).
process.env.FRUGAL_AWS_REGIONS = "eu-west-1";
process.env.AWS_ACCESS_KEY_ID = "AKIASHOPFRUGAL";
process.env.AWS_SECRET_ACCESS_KEY = "stub-secret";
process.env.FRUGAL_AWS_REQUEST_TIMEOUT_MS = "1000";
delete process.env.AWS_PROFILE;
