import Link from "next/link";
import { ErrorState } from "@/components/ui";

export default function Forbidden() {
  return (
    <ErrorState title="You may not see this page">
      <p>Your role does not allow it. An admin can change your role or make you an owner of the application.</p>
      <Link href="/">Back to applications</Link>
    </ErrorState>
  );
}
