import type { Db } from "../db/client";

export interface UploadView {
  id: number;
  filename: string;
  userEmail: string;
  rowsImported: number;
  rowsRejected: number;
  createdAt: Date;
  undoneAt: Date | null;
}

export async function listUploads(db: Db, applicationId: number, limit = 10): Promise<UploadView[]> {
  return db.businessMetricUpload.findMany({
    where: { applicationId },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, filename: true, userEmail: true, rowsImported: true, rowsRejected: true, createdAt: true, undoneAt: true },
  });
}
