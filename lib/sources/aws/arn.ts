// ARNs as the Resource Groups Tagging API returns them, parsed into what Frugal
// keeps: account, region, 'service:resourceType' and a name. Shapes differ per
// service (arn:aws:sqs:eu-west-1:1234:orders, arn:aws:lambda:...:function:name,
// arn:aws:apigateway:eu-west-1::/restapis/a1b2/stages/prod, ...targetgroup/name/id).

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** 'service:resourceType' as Frugal keys metrics by, e.g. 'lambda:function', 'apigateway:stage'. */
  type: string;
  /** The resource part after the type, e.g. 'checkout-api' or 'targetgroup/web/6d0ecf831eec9f09'. */
  resource: string;
  /** A readable name: the last meaningful segment. */
  name: string;
}

const ARN = /^arn:([\w-]+):([\w-]+):([\w-]*):(\d*):(.+)$/;

export function parseArn(arn: string): ParsedArn | null {
  const m = ARN.exec(arn);
  if (!m) return null;
  const [, partition, service, region, accountId, rest] = m as unknown as [string, string, string, string, string, string];
  let type: string;
  let resource: string;
  let name: string;
  if (service === "apigateway") {
    // /restapis/{id}/stages/{stage} (REST) or /apis/{id}/stages/{stage} (HTTP); the API itself without a stage.
    const parts = rest.split("/").filter(Boolean);
    if ((parts[0] === "restapis" || parts[0] === "apis") && parts[2] === "stages" && parts[3]) {
      type = "apigateway:stage";
      resource = rest;
      name = `${parts[1]}/${parts[3]}`;
    } else {
      type = parts[0] === "apis" ? "apigateway:api" : "apigateway:restapi";
      resource = rest;
      name = parts[1] ?? rest;
    }
    return { partition, service, region, accountId, type, resource, name };
  }
  if (service === "sqs" || service === "sns" || service === "s3") {
    return { partition, service, region, accountId, type: service === "sqs" ? "sqs:queue" : service === "sns" ? "sns:topic" : "s3:bucket", resource: rest, name: rest };
  }
  const colon = rest.indexOf(":");
  const slash = rest.indexOf("/");
  const cut = colon < 0 ? slash : slash < 0 ? colon : Math.min(colon, slash);
  if (cut < 0) {
    type = `${service}:${rest}`;
    resource = rest;
    name = rest;
  } else {
    type = `${service}:${rest.slice(0, cut)}`;
    resource = rest.slice(cut + 1);
    const parts = resource.split(/[/:]/).filter(Boolean);
    if (service === "lambda") name = parts[0] ?? resource; // function:name[:alias]
    else if (service === "elasticloadbalancing") {
      // targetgroup/name/id; loadbalancer/app/name/id: dimensions need the whole suffix
      name = (type.endsWith(":loadbalancer") ? parts[1] : parts[0]) ?? resource;
      resource = rest;
    } else name = parts.at(-1) ?? resource; // table/name, service/cluster/name
  }
  return { partition, service, region, accountId, type, resource, name };
}

/** The API id and stage of an API Gateway stage ARN; HTTP APIs (v2) live under /apis. */
export function apiStageOf(parsed: ParsedArn): { kind: "rest" | "http"; apiId: string; stage: string } | null {
  const parts = parsed.resource.split("/").filter(Boolean);
  if (parsed.type !== "apigateway:stage" || !parts[1] || !parts[3]) return null;
  return { kind: parts[0] === "apis" ? "http" : "rest", apiId: parts[1], stage: parts[3] };
}
