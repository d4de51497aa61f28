// The demo account's resources, with ARNs and tags shaped like the real ones.
import type { SourceResource } from "../types";
import {
  DEMO_ACCOUNT_ID as ACCOUNT,
  DEMO_APPLICATIONS,
  DEMO_CELL_REGION,
  DEMO_CELLS,
  DEMO_EXPLORED_TAG_KEY,
  DEMO_REGION,
  demoCostCenter,
  DEMO_SERVICES,
  DEMO_SHARED,
  type DemoCell,
  type DemoService,
  type DemoSharedResource,
} from "./catalog";
import { unit } from "./random";

export interface DemoResource extends SourceResource {
  service: DemoService | null;
  cell: DemoCell | null;
  /** Share of the service's cost; a per-cell resource takes its cell's part of that share. */
  costShare: number;
  shared: DemoSharedResource | null;
  /** The linked account it is billed to. */
  accountId: string;
}

const hex = (name: string, length: number) =>
  Array.from({ length }, (_, i) => Math.floor(unit(7, name, i) * 16).toString(16)).join("");

function arnOf(type: string, name: string, cluster: string, region: string): string {
  const [service, kind] = type.split(":") as [string, string];
  const prefix = `arn:aws:${service}:${region}:${ACCOUNT}`;
  switch (type) {
    case "elasticloadbalancing:targetgroup":
      return `${prefix}:targetgroup/${name}/${hex(name, 16)}`;
    case "elasticloadbalancing:loadbalancer":
      return `${prefix}:loadbalancer/app/${name}/${hex(name, 16)}`;
    case "ecs:service":
      return `${prefix}:service/${cluster}/${name}`;
    case "lambda:function":
      return `${prefix}:function:${name}`;
    case "sqs:queue":
    case "sns:topic":
      return `${prefix}:${name}`;
    case "apigateway:stage":
      return `arn:aws:apigateway:${region}::/restapis/${hex(name, 10)}/stages/prod`;
    case "rds:cluster":
    case "elasticache:replicationgroup":
      return `${prefix}:${kind}:${name}`;
    case "s3:bucket":
      return `arn:aws:s3:::${name}`;
    case "ec2:natgateway":
      return `${prefix}:natgateway/nat-${hex(name, 17)}`;
    case "ec2:instance":
      return `${prefix}:instance/i-${hex(name, 17)}`;
    case "cognito-idp:userpool":
      return `${prefix}:userpool/${region}_${hex(name, 9)}`;
    case "kms:key":
      return `${prefix}:key/${hex(name, 8)}-${hex(name + "k", 4)}-${hex(name + "m", 4)}-${hex(name + "s", 12)}`;
    default:
      return `${prefix}:${kind}/${name}`;
  }
}

function appTags(slug: string | null): Record<string, string> {
  return DEMO_APPLICATIONS.find((a) => a.slug === slug)?.tags(null) ?? {};
}

function buildResources(): DemoResource[] {
  const out: DemoResource[] = [];
  for (const service of DEMO_SERVICES) {
    for (const spec of service.resources) {
      const cells: (DemoCell | null)[] = spec.perCell ? [...DEMO_CELLS] : [null];
      for (const cell of cells) {
        const name = cell ? `${spec.name}-${cell}` : spec.name;
        const tags: Record<string, string> = { ...appTags(service.app), service: service.name, Name: name, [DEMO_EXPLORED_TAG_KEY]: demoCostCenter(service.app, service.name) };
        if (cell) tags.cell = cell;
        const region = (cell && DEMO_CELL_REGION[cell]) || DEMO_REGION;
        out.push({
          arn: arnOf(spec.type, name, cell ? `${service.app}-${cell}` : service.app, region),
          name,
          type: spec.type,
          region,
          accountId: ACCOUNT,
          tags,
          service,
          cell,
          costShare: spec.costShare,
          shared: null,
        });
      }
    }
  }
  for (const shared of DEMO_SHARED) {
    const tags = shared.app ? { ...appTags(shared.app), Name: shared.name, [DEMO_EXPLORED_TAG_KEY]: demoCostCenter(shared.app, null) } : { ...(shared.tags ?? {}) };
    out.push({
      arn: arnOf(shared.type, shared.name, shared.app ?? "default", DEMO_REGION),
      name: shared.name,
      type: shared.type,
      region: DEMO_REGION,
      accountId: shared.accountId ?? ACCOUNT,
      tags,
      service: null,
      cell: null,
      costShare: 0,
      shared,
    });
  }
  return out;
}

export const DEMO_RESOURCES: readonly DemoResource[] = buildResources();
