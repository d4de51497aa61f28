import Link from "next/link";
import { EmptyState } from "@/components/ui";

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      <p>There is nothing at this address. It may have been renamed or removed.</p>
      <Link href="/">Back to applications</Link>
    </EmptyState>
  );
}
