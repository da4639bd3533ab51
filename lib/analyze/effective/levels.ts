/**
 * The access levels of the matrix and the actions that make them, per resource type. A principal has a level on a
 * resource when `authorize()` allows it at least one of the level's actions there (the row lists which).
 * ECR actions act on the repository ARN; S3 object actions on an object ARN of the bucket, bucket actions on the
 * bucket ARN (Service Authorization Reference, Amazon S3: `object` / `bucket` resource types).
 */
import type { AccessLevel, MatrixResourceType } from '../../model/access-matrix.js';

/** One action of a level and where it acts. */
export interface LevelAction {
  action: string;
  on: 'resource' | 'object';
}

/** Level -> actions, per resource type. */
export const LEVELS: Record<MatrixResourceType, Partial<Record<AccessLevel, LevelAction[]>>> = {
  'ecr-repository': {
    pull: [
      { action: 'ecr:BatchGetImage', on: 'resource' },
      { action: 'ecr:GetDownloadUrlForLayer', on: 'resource' },
    ],
    push: [
      { action: 'ecr:PutImage', on: 'resource' },
      { action: 'ecr:InitiateLayerUpload', on: 'resource' },
      { action: 'ecr:UploadLayerPart', on: 'resource' },
      { action: 'ecr:CompleteLayerUpload', on: 'resource' },
    ],
    manage: [
      { action: 'ecr:SetRepositoryPolicy', on: 'resource' },
      { action: 'ecr:DeleteRepositoryPolicy', on: 'resource' },
      { action: 'ecr:DeleteRepository', on: 'resource' },
      { action: 'ecr:BatchDeleteImage', on: 'resource' },
    ],
  },
  's3-bucket': {
    read: [{ action: 's3:GetObject', on: 'object' }],
    write: [
      { action: 's3:PutObject', on: 'object' },
      { action: 's3:DeleteObject', on: 'object' },
    ],
    list: [{ action: 's3:ListBucket', on: 'resource' }],
    manage: [
      { action: 's3:PutBucketPolicy', on: 'resource' },
      { action: 's3:DeleteBucketPolicy', on: 'resource' },
      { action: 's3:PutBucketAcl', on: 'resource' },
      { action: 's3:PutObjectAcl', on: 'object' },
    ],
  },
  // Requests made through an access point: object actions on `AP/object/KEY`, ListBucket on the access point ARN
  // (S3 UG, "Using access points": "ARNs for objects accessed through an access point use the format
  // arn:aws:s3:region:account-id:accesspoint/access-point-name/object/resource"). No `manage` level: Put/Delete-
  // AccessPointPolicy are S3 Control calls, not requests through the access point, and no sentence found says
  // which policies decide them (docs/effective-access.md).
  's3-access-point': {
    read: [{ action: 's3:GetObject', on: 'object' }],
    write: [
      { action: 's3:PutObject', on: 'object' },
      { action: 's3:DeleteObject', on: 'object' },
    ],
    list: [{ action: 's3:ListBucket', on: 'resource' }],
  },
};

/** The levels of a resource type, in display order. */
export function levelsOf(type: MatrixResourceType): AccessLevel[] {
  return Object.keys(LEVELS[type]) as AccessLevel[];
}

/** The service prefix of a resource type's actions. */
export function serviceOf(type: MatrixResourceType): string {
  return type === 'ecr-repository' ? 'ecr' : 's3';
}

/** Every action of a resource type, lower-case (for the statement index). */
export function actionsOf(type: MatrixResourceType): string[] {
  return Object.values(LEVELS[type]).flatMap((l) => (l ?? []).map((a) => a.action.toLowerCase()));
}

/** The level an action belongs to on a resource type (undefined: not a matrix action). */
export function levelOfAction(type: MatrixResourceType, action: string): AccessLevel | undefined {
  const lower = action.toLowerCase();
  for (const [level, list] of Object.entries(LEVELS[type]))
    if ((list ?? []).some((a) => a.action.toLowerCase() === lower)) return level as AccessLevel;
  return undefined;
}
