// The JSON API, described for people and code generators. Served at /api/v1/openapi.json.

const format = { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv"], default: "json" }, description: "csv: the table as a CSV download." };
const range = [
  { name: "from", in: "query", schema: { type: "string", format: "date" }, description: "First day, YYYY-MM-DD (UTC). Give both from and to, or neither." },
  { name: "to", in: "query", schema: { type: "string", format: "date" }, description: "Last day, included." },
  { name: "range", in: "query", schema: { type: "string", enum: ["7", "30", "90"] }, description: "The last 7, 30 or 90 days up to today, instead of from/to. Default 30." },
  format,
];
const app = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The application's slug, e.g. storefront." };
const error = { $ref: "#/components/responses/Error" };
const errors = { "400": error, "401": error, "403": error, "404": error };
const ratio = { type: ["number", "null"], description: "Against the previous period of the same length, as a fraction (0.1332 is +13.32 %); null without an earlier figure." };
const money = { type: ["number", "null"], description: "US dollars, to the micro-dollar; null when there is nothing to divide by (no traffic)." };

export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "Frugal API",
    version: "1",
    description:
      "Cost, traffic and unit cost of the applications Frugal watches. Applications are named by their slug everywhere; every ratio (changes, shares, rates, coverage) is a fraction between 0 and 1 (a change may exceed 1), in JSON and CSV alike. Authenticate with a session cookie (the dashboard) or `Authorization: Bearer <token>`; tokens belong to one application and carry one scope (read, ingest, flags). Dates are UTC days, `to` included. Errors are `{error: {code, message, details?}}` with a fitting status.",
  },
  servers: [{ url: "/" }],
  security: [{ bearer: [] }, { session: [] }],
  paths: {
    "/api/v1/applications": {
      get: {
        summary: "Applications with cost, requests and unit cost",
        description: "A read token sees its own application only. Cost covers the days of the range that Cost Explorer has figures for (costRange).",
        parameters: range,
        responses: { "200": { description: "Applications", content: { "application/json": { schema: { $ref: "#/components/schemas/Applications" } }, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/services": {
      get: {
        summary: "An application's services: allocated cost, requests, cost per 1M requests, change, scale",
        parameters: [app, ...range],
        responses: { "200": { description: "Services", content: { "application/json": { schema: { $ref: "#/components/schemas/Services" } }, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/services/{service}": {
      get: {
        summary: "One service day by day, and its operations",
        description:
          "days: cost (own and shared), requests, cost per 1M requests. operations (JSON only): per operation from CloudWatch Application Signals — requestCount, faultCount, errorCount, latencyAvgMs, busyShare, costUsd and costPerMillionRequestsUsd, the service's cost split by busy time (an estimate; coveredCostUsd is what the operations add up to).",
        parameters: [app, { name: "service", in: "path", required: true, schema: { type: "string" } }, ...range],
        responses: { "200": { description: "Days and operations", content: { "application/json": {}, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/services/{service}/resources": {
      get: {
        summary: "Every resource tagged with the service and its cost over the last 14 complete days",
        description:
          "resources: name, type, cell (null when it serves every cell), region, arn and costUsd, by type and name; costUsd is null where the source has no figure for the resource (costNote says why, when it knows). The service page shows the costliest 100; this lists them all.",
        parameters: [app, { name: "service", in: "path", required: true, schema: { type: "string" } }, format],
        responses: { "200": { description: "Resources", content: { "application/json": {}, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/unit-costs": {
      get: {
        summary: "Cost per unit of a business metric",
        parameters: [app, { name: "metric", in: "query", required: true, schema: { type: "string" } }, { name: "granularity", in: "query", schema: { type: "string", enum: ["day"] } }, ...range],
        responses: { "200": { description: "Unit costs", content: { "application/json": { schema: { $ref: "#/components/schemas/UnitCosts" } }, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/business-metrics": {
      get: { summary: "The application's business metrics", parameters: [app], responses: { "200": { description: "Metrics" }, ...errors } },
      post: {
        summary: "Push business-metric points (ingest token)",
        description:
          "Up to 10,000 points. Idempotent per (metric, timestamp). Bad points are refused with their index and reason; the good ones are stored. 413 past 10,000 points or 2 MiB; 422 when no point could be stored.",
        parameters: [app],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["points"],
                properties: {
                  points: {
                    type: "array",
                    maxItems: 10000,
                    items: {
                      type: "object",
                      required: ["metric", "timestamp", "value"],
                      properties: {
                        metric: { type: "string", example: "orders" },
                        timestamp: { type: "string", description: "ISO 8601 with a zone, or YYYY-MM-DD", example: "2026-11-25T00:00:00Z" },
                        value: { type: "number", example: 3120 },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Stored", content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResult" } } } },
          ...errors,
          "413": error,
          "422": error,
        },
      },
    },
    "/api/v1/applications/{id}/overload": {
      get: {
        summary: "Overload signals, with the points behind them",
        description:
          "Every signal (queue, errors, hidden_queue, collapse, retries, throttles) per service and cell with its state (ok, warning, overloaded), a one-line reason, the figure judged and the threshold, and the last hour of 1-minute points it judged. Also where each service in each cell stands (including 'recovering'), 5XX and 4XX rates per cell, queues with their catch-up time, open and recent incidents, and what failed requests and retries cost per day.",
        parameters: [app],
        responses: { "200": { description: "Signals", content: { "application/json": { schema: { $ref: "#/components/schemas/Overload" } } } }, ...errors },
      },
    },
    "/api/v1/applications/{id}/anomalies": {
      get: {
        summary: "Cost anomalies, open ones first",
        description:
          "Each anomaly of the application and its services: the figure (cost, cost_per_million, cost_per_unit), spike or shift, open, closed or withdrawn (the final figures no longer showed it), the day it started and opened, the latest anomalous value against what the same weekday cost over the last six weeks (the band those weeks spanned), the dollars a day above it, what moved with it (own cost, requests, the shared pool, business units) as ratios (0.41 = +41 %), the figures that moved with it, people's feedback and the last six weeks of the figure against its band. Thresholds per application (README: Cost anomalies).",
        parameters: [app, { name: "state", in: "query", schema: { type: "string", enum: ["open", "all"], default: "all" } }],
        responses: { "200": { description: "Anomalies", content: { "application/json": { schema: { $ref: "#/components/schemas/Anomalies" } } } }, ...errors },
      },
    },
    "/api/v1/explore": {
      get: {
        summary: "Cost grouped, filtered and compared, as on the Explore page",
        description:
          "The same parameters as /explore, so a view is a link. Groups are the top 10 by cost over the range and 'others'; each has its cost, requests, the measure over the range and in the comparison, the change, its share of the cost and a point per bucket. Applications are keyed by slug, services by 'slug/name'. Services and AWS services cannot be combined (AWS splits cost by AWS service per application). A read token sees its own application only.",
        parameters: [
          { name: "measure", in: "query", schema: { type: "string", enum: ["cost", "costPerMillion", "costPerUnit"], default: "cost" }, description: "costPerUnit needs exactly one application filter (its headline business metric)." },
          { name: "group", in: "query", schema: { type: "string", pattern: "^(application|service|awsService|region|account|tag:[^:]+)$", default: "application" }, description: "application, service, awsService, region, account, or tag:<key> for a tag key the account explores (Settings → AWS accounts)." },
          { name: "granularity", in: "query", schema: { type: "string", enum: ["day", "week", "month"], default: "day" }, description: "Weeks start on Monday; months are calendar months." },
          { name: "range", in: "query", schema: { type: "string", enum: ["7", "30", "90", "mtd", "last-month"], default: "30" }, description: "Complete days up to yesterday; or give from and to." },
          { name: "from", in: "query", schema: { type: "string", format: "date" } },
          { name: "to", in: "query", schema: { type: "string", format: "date" } },
          { name: "compare", in: "query", schema: { type: "string", enum: ["none", "previous", "month", "year"], default: "previous" }, description: "A whole month compares with the whole month before (31 days against 30)." },
          { name: "f", in: "query", schema: { type: "array", items: { type: "string" } }, style: "form", explode: true, description: "Include, as dimension:value (application:storefront, service:storefront/web, awsService:AWS Lambda, region:eu-west-1, account:123456789012, tag:team:checkout); values of one dimension are alternatives. One breakdown (AWS service, region, account or a tag) per view." },
          { name: "x", in: "query", schema: { type: "array", items: { type: "string" } }, style: "form", explode: true, description: "Exclude, as dimension:value." },
          { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv"], default: "json" } },
        ],
        responses: { "200": { description: "The view", content: { "application/json": {}, "text/csv": {} } }, ...errors },
      },
    },
    "/api/v1/report-schedules": {
      get: {
        summary: "Scheduled cost reports, with their next runs and last report",
        description: "Webhook recipients are listed by kind only; their URLs and signing secrets never leave the server.",
        responses: { "200": { description: "Schedules" }, ...errors },
      },
      post: {
        summary: "Schedule a cost report (engineers, owners, admins; session only)",
        description:
          "The cron expression is read in the time zone (IANA) and may fire at most hourly; an expression that never fires is refused. The period is the whole days before the day it fires, in that zone's calendar: yesterday, last-week (Monday to Sunday), last-month, month-to-date. applications are slugs (none: every application). Each (schedule, period) is made once and sent once per recipient. Webhooks: Slack blocks or generic JSON; with a secret, the body is signed: X-Frugal-Signature = sha256=HMAC-SHA256(secret, X-Frugal-Timestamp + '.' + body).",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["name", "cron", "timezone", "period"],
                properties: {
                  name: { type: "string", maxLength: 100 },
                  cron: { type: "string", examples: ["0 8 * * 1"] },
                  timezone: { type: "string", examples: ["Europe/Berlin"] },
                  period: { type: "string", enum: ["yesterday", "last-week", "last-month", "month-to-date"] },
                  applications: { type: "array", items: { type: "string" } },
                  emails: { type: "array", items: { type: "string", format: "email" }, maxItems: 20 },
                  webhooks: { type: "array", maxItems: 5, items: { type: "object", required: ["url", "format"], properties: { url: { type: "string", format: "uri" }, format: { type: "string", enum: ["slack", "generic"] }, secret: { type: "string" } } } },
                },
              },
            },
          },
        },
        responses: { "201": { description: "The schedule" }, "422": error, ...errors },
      },
    },
    "/api/v1/report-schedules/{schedule}": {
      get: { summary: "One schedule and its reports, newest first", parameters: [{ name: "schedule", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "The schedule" }, ...errors } },
      delete: { summary: "Delete a schedule and its reports (its creator or an admin)", parameters: [{ name: "schedule", in: "path", required: true, schema: { type: "integer" } }], responses: { "204": { description: "Deleted" }, ...errors } },
    },
    "/api/v1/report-runs/{run}": {
      get: {
        summary: "One report: every figure as JSON, or the CSV or HTML that e-mail carries",
        description: "JSON is the generic webhook's body. The CSV has a row per application and per service, in dollars to the micro-dollar. 409 while the report is still being made.",
        parameters: [
          { name: "run", in: "path", required: true, schema: { type: "integer" } },
          { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv", "html"], default: "json" } },
        ],
        responses: { "200": { description: "The report", content: { "application/json": {}, "text/csv": {}, "text/html": {} } }, "409": error, ...errors },
      },
    },
    "/api/v1/unallocated": { get: { summary: "Cost no tag rule attributes, and its resources (session only)", parameters: range, responses: { "200": { description: "Unallocated" }, ...errors } } },
    "/api/v1/me": {
      get: {
        summary: "Who the caller is",
        description: "A user: e-mail, role and the slugs of the applications they own. A token: its name, scope and its application's slug.",
        responses: { "200": { description: "The caller" }, "401": error },
      },
    },
    "/api/v1/audit": {
      get: {
        summary: "The audit log, newest first (admins, session only)",
        description:
          "Who did what to which object, when, the change in words and the reason. The same filters as the page. Up to `limit` entries an answer (10,000 at most); where older ones match too, `nextBefore` (JSON) and a `Link: <...>; rel=\"next\"` header (JSON and CSV) give the next page: ask again with `before`. Or `format=csv&all=true`: every matching entry in one CSV, streamed.",
        parameters: [
          { name: "action", in: "query", schema: { type: "string" }, description: "e.g. feature.switched" },
          { name: "actor", in: "query", schema: { type: "string" }, description: "Part of the actor's e-mail or label." },
          { name: "app", in: "query", schema: { type: "string" }, description: "An application's slug; 404 when there is none." },
          { name: "from", in: "query", schema: { type: "string", format: "date" }, description: "First day, YYYY-MM-DD (UTC)." },
          { name: "to", in: "query", schema: { type: "string", format: "date" }, description: "Last day, included." },
          { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv"], default: "json" } },
          { name: "before", in: "query", schema: { type: "integer" }, description: "The previous answer's nextBefore: the entries older than it." },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 10000, default: 10000 }, description: "Entries an answer." },
          { name: "all", in: "query", schema: { type: "boolean", default: false }, description: "With format=csv: every matching entry in one CSV, streamed (no limit or before)." },
        ],
        responses: { "200": { description: "Entries, and nextBefore (null on the last page)", content: { "application/json": {}, "text/csv": {} } }, ...errors },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "An API token: `npm run frugal -- token create` or the application's API tokens page." },
      session: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
    },
    responses: {
      Error: {
        description: "An error",
        content: { "application/json": { schema: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } } } } },
      },
    },
    schemas: {
      Applications: {
        type: "object",
        properties: {
          range: { $ref: "#/components/schemas/Range" },
          costRange: { $ref: "#/components/schemas/Range" },
          applications: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "string" },
                name: { type: "string" },
                costUsd: { type: "number" },
                previousCostUsd: { type: "number" },
                change: ratio,
                requestCount: { type: "integer" },
                costPerMillionRequestsUsd: money,
                serviceCount: { type: "integer" },
                serviceTagCoverage: { type: ["number", "null"], description: "Share (0-1) of the application's cost that carries a service tag (the rest is its shared pool). Not the account's tagCoverage, the share of all cost that lands in an application." },
              },
            },
          },
        },
      },
      Services: {
        type: "object",
        properties: {
          totalCostUsd: { type: "number" },
          sharedCostUsd: { type: "number" },
          unassignedSharedCostUsd: { type: "number", description: "Shared cost no service was active to carry." },
          services: {
            type: "array",
            items: {
              type: "object",
              properties: {
                name: { type: "string" },
                costUsd: { type: "number", description: "ownCostUsd + sharedCostUsd" },
                ownCostUsd: { type: "number" },
                sharedCostUsd: { type: "number" },
                requestCount: { type: "integer" },
                costPerMillionRequestsUsd: money,
                change: ratio,
                costPerMillionChange: ratio,
                scale: { type: ["string", "null"], enum: ["gets cheaper as it grows", "linear", "gets dearer as it grows", "no clear trend", null], description: "How cost follows volume (slope of ln cost on ln requests); a verdict only where the line explains at least half the variation (R² ≥ 0.5)." },
                estimated: { type: "boolean" },
              },
            },
          },
        },
      },
      UnitCosts: {
        type: "object",
        properties: {
          metric: { type: "object" },
          total: { type: "object", properties: { costUsd: { type: "number" }, value: { type: ["number", "null"] }, unitCostUsd: money, costShareOfRevenue: { type: ["number", "null"] } } },
          points: { type: "array", items: { type: "object", properties: { date: { type: "string", format: "date" }, costUsd: money, value: { type: ["number", "null"] }, unitCostUsd: money } } },
        },
      },
      IngestResult: {
        type: "object",
        properties: {
          received: { type: "integer" },
          accepted: { type: "integer" },
          inserted: { type: "integer" },
          updated: { type: "integer" },
          unchanged: { type: "integer" },
          rejected: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, reason: { type: "string" } } } },
        },
      },
      Anomalies: {
        type: "object",
        properties: {
          application: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
          anomalies: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "integer" },
                service: { type: "string", nullable: true, description: "null: the application's own figure" },
                figure: { type: "string", enum: ["cost", "cost_per_million", "cost_per_unit"] },
                kind: { type: "string", enum: ["spike", "shift"] },
                state: { type: "string", enum: ["open", "closed", "withdrawn"] },
                startDate: { type: "string", format: "date" },
                openedDate: { type: "string", format: "date" },
                lastDate: { type: "string", format: "date" },
                closedDate: { type: "string", format: "date", nullable: true },
                valueUsd: { type: "number" },
                expectedUsd: { type: "number" },
                expectedLowUsd: { type: "number" },
                expectedHighUsd: { type: "number" },
                excessUsdPerDay: { type: "number" },
                estimated: { type: "boolean", description: "The latest day is still a Cost Explorer estimate." },
                summary: { type: "string" },
                drivers: { type: "object", additionalProperties: { type: "number", nullable: true } },
                related: { type: "array", items: { type: "object", properties: { subject: { type: "string" }, figure: { type: "string" }, valueUsd: { type: "number" }, expectedUsd: { type: "number" } } } },
                feedback: { type: "string", enum: ["expected", "real"], nullable: true },
                feedbackReason: { type: "string", nullable: true },
                feedbackBy: { type: "string", nullable: true },
                trail: { type: "array", items: { type: "object", properties: { date: { type: "string", format: "date" }, valueUsd: { type: "number" }, expectedLowUsd: { type: "number", nullable: true }, expectedHighUsd: { type: "number", nullable: true } } } },
              },
            },
          },
        },
      },
      Overload: {
        type: "object",
        properties: {
          state: { type: "string", enum: ["ok", "warning", "overloaded", "recovering"] },
          evaluatedAt: { type: "string", format: "date-time" },
          dataUntil: { type: ["string", "null"], format: "date-time", description: "End of the newest sample." },
          thresholds: { type: "object" },
          signals: {
            type: "array",
            items: {
              type: "object",
              properties: {
                kind: { type: "string", enum: ["queue", "errors", "hidden_queue", "collapse", "retries", "throttles"] },
                service: { type: "string" },
                cell: { type: ["string", "null"] },
                state: { type: "string", enum: ["ok", "warning", "overloaded"] },
                reason: { type: "string" },
                value: { type: ["number", "null"] },
                threshold: { type: ["number", "null"] },
                points: { type: "array", items: { type: "object", properties: { ts: { type: "string", format: "date-time" } }, additionalProperties: { type: ["number", "null"] } } },
              },
            },
          },
          services: { type: "array", items: { type: "object" } },
          errorRates: { type: "array", items: { type: "object" } },
          queues: { type: "array", items: { type: "object" } },
          incidents: { type: "array", items: { type: "object" } },
          wastedSpend: { type: "array", items: { type: "object" } },
        },
      },
      Range: { type: "object", properties: { from: { type: "string", format: "date" }, to: { type: "string", format: "date" } } },
    },
  },
} as const;
