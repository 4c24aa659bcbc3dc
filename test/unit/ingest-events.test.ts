import { describe, expect, it } from 'vitest';
import { objectCreatedEvent, UnreadableEventError, uploadedObjectOf } from '../../functions/ingest/events.js';

const UPLOADS = 'outbound-uploads';
const event = (bucket: string, key: string) => JSON.stringify(objectCreatedEvent(bucket, { key, size: 10 }));

describe('uploadedObjectOf', () => {
  it('takes an upload under incoming/ of the uploads bucket', () => {
    expect(uploadedObjectOf(event(UPLOADS, 'incoming/inspections/2304/HH-1/b-1.jsonl'), UPLOADS)).toEqual({
      key: 'incoming/inspections/2304/HH-1/b-1.jsonl',
      size: 10,
    });
  });

  it('ignores an event from any other bucket, even one naming an upload key', () => {
    expect(uploadedObjectOf(event('someone-elses-bucket', 'incoming/inspections/2304/HH-1/b-1.jsonl'), UPLOADS)).toBe(
      undefined,
    );
    expect(uploadedObjectOf(event(`${UPLOADS}-copy`, 'incoming/inspections/2304/HH-1/b-1.jsonl'), UPLOADS)).toBe(
      undefined,
    );
  });

  it('ignores objects outside incoming/ and refuses what is not an Object Created event', () => {
    expect(uploadedObjectOf(event(UPLOADS, 'receipts/inspections/2304/HH-1/b-1.json'), UPLOADS)).toBe(undefined);
    expect(() => uploadedObjectOf('{', UPLOADS)).toThrow(UnreadableEventError);
    expect(() => uploadedObjectOf('{"source":"aws.ec2"}', UPLOADS)).toThrow(UnreadableEventError);
  });
});
