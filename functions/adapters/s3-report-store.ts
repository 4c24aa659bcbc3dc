// The reports kept in the reports bucket, listed by kind and period, each file with a short-lived address to read it.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { KeptReport, ReportFile, ReportStore } from '../reports/interfaces.js';
import { REPORT_KINDS, type ReportKind } from '../shared/reports.js';
import { REPORT_PAGE } from '../shared/storage-keys.js';

export class S3ReportStore implements ReportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Every kept report, newest first; the addresses are valid for `expiresInSeconds`. */
  async list(expiresInSeconds: number): Promise<KeptReport[]> {
    const objects: Array<{ key: string; size: number; modified: string }> = [];
    for (const kind of Object.keys(REPORT_KINDS)) {
      let token: string | undefined;
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${kind}/`, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? [])
          if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0, modified: o.LastModified?.toISOString() ?? '' });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
    const folders = new Map<string, typeof objects>();
    for (const o of objects) {
      const folder = o.key.split('/').slice(0, 2).join('/');
      folders.set(folder, [...(folders.get(folder) ?? []), o]);
    }
    const file = async (o: { key: string; size: number }): Promise<ReportFile> => ({
      key: o.key,
      size: o.size,
      url: await getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: o.key }), {
        expiresIn: expiresInSeconds,
      }),
    });
    const reports: KeptReport[] = [];
    for (const [folder, files] of folders) {
      const [kind, period] = folder.split('/') as [ReportKind, string];
      const html = files.find((f) => f.key.endsWith(`/${REPORT_PAGE}`));
      if (!html || !(kind in REPORT_KINDS)) continue;
      const csv = files.find((f) => f.key.endsWith('.csv'));
      reports.push({
        kind,
        title: `${REPORT_KINDS[kind]}, ${period}`,
        period,
        createdAt: html.modified,
        html: await file(html),
        ...(csv ? { csv: await file(csv) } : {}),
        charts: await Promise.all(files.filter((f) => f.key.endsWith('.png')).map(file)),
      });
    }
    return reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.kind.localeCompare(b.kind));
  }
}
