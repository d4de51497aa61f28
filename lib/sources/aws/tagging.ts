// Resource Groups Tagging API: every tagged resource of a region, a page at a
// time (at most 100 per page; a page may be short, or empty, and still carry a
// token; a token lives 15 minutes). The API lists only resources that are or were
// tagged: a resource never tagged is known to Frugal only through its cost and metrics.
import { GetResourcesCommand, type GetResourcesCommandOutput, type ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { metered, type Meter } from "../meter";
import type { SourceGap, SourceResource } from "../types";
import { parseArn } from "./arn";
import { reasonOf } from "./errors";

/** A page cap per region, so that a token that never ends cannot loop forever. */
const MAX_PAGES = 10_000;

type Mapping = NonNullable<GetResourcesOutputPage["ResourceTagMappingList"]>[number];
type GetResourcesOutputPage = Pick<GetResourcesCommandOutput, "ResourceTagMappingList" | "PaginationToken">;

/** One page of the vendor's answer as Frugal's resources; ARNs that do not parse are left out. */
export function mapResourceTagMappings(list: readonly Mapping[] | undefined, region: string): SourceResource[] {
  const out: SourceResource[] = [];
  for (const m of list ?? []) {
    if (!m.ResourceARN) continue;
    const arn = parseArn(m.ResourceARN);
    if (!arn) continue;
    const tags: Record<string, string> = {};
    for (const t of m.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? "";
    out.push({ arn: m.ResourceARN, name: tags.Name || arn.name, type: arn.type, region: arn.region || region, tags });
  }
  return out;
}

export async function* listTaggedResources(client: ResourceGroupsTaggingAPIClient, region: string, meter: Meter, account: string): AsyncIterable<SourceResource[] | { gap: SourceGap }> {
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let answer: GetResourcesOutputPage;
    try {
      answer = await metered(meter, "tag:GetResources", () => client.send(new GetResourcesCommand({ ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) })));
    } catch (error) {
      yield { gap: { part: "resources", reason: `Resources of ${account} in ${region}: ${reasonOf(error, "tag:GetResources")}` } };
      return;
    }
    const resources = mapResourceTagMappings(answer.ResourceTagMappingList, region);
    if (resources.length) yield resources;
    token = answer.PaginationToken || undefined;
    if (!token) return;
  }
  yield { gap: { part: "resources", reason: `Resources of ${account} in ${region}: more than ${MAX_PAGES} pages; the rest were not read` } };
}
