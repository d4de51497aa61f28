// STS: who the credentials are (GetCallerIdentity needs no permission and cannot
// be denied by a policy), and, for an assumed role, whether the role can be assumed.
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { metered, type Meter } from "../meter";
import { sts, type AwsConnection, type ClientSettings } from "./clients";

export interface CallerIdentity {
  accountId: string;
  arn: string;
}

export async function callerIdentity(connection: AwsConnection, settings: ClientSettings, meter: Meter): Promise<CallerIdentity> {
  const answer = await metered(meter, "sts:GetCallerIdentity", () => sts(connection, settings).send(new GetCallerIdentityCommand({})));
  if (!answer.Account || !/^\d{12}$/.test(answer.Account)) throw new Error(`STS answered an account id that is not 12 digits: '${answer.Account ?? ""}'`);
  return { accountId: answer.Account, arn: answer.Arn ?? "" };
}
