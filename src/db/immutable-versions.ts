import type { Model } from 'mongoose';
import { FormVersionModel, type FormVersion } from './models/form-version';
import { PolicyVersionModel, type PolicyVersion } from './models/policy-version';
import { versionId } from '../domain/ids';

/**
 * Form and policy versions never change once written, so each process reads one at most once.
 * A version not found is not remembered: it may be deployed a moment later.
 */
function readOnce<T>(model: Model<T>): (key: string, version: number) => Promise<T | null> {
  const cache = new Map<string, T>();
  return async (key, version) => {
    const id = versionId(key, version);
    const cached = cache.get(id);
    if (cached) return cached;
    const found = (await model.findById(id).lean()) as T | null;
    if (found) cache.set(id, found);
    return found;
  };
}

export const formVersion = readOnce<FormVersion>(FormVersionModel);
export const policyVersion = readOnce<PolicyVersion>(PolicyVersionModel);
