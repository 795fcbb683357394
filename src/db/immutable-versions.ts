import { FormVersionModel, type FormVersion } from './models/form-version';
import { PolicyVersionModel, type PolicyVersion } from './models/policy-version';
import { versionId } from '../deploy/versioned-documents';

/**
 * Form and policy versions never change once written, so each process reads one at most once.
 * A version not found is not remembered: it may be deployed a moment later.
 */
const forms = new Map<string, FormVersion>();
const policies = new Map<string, PolicyVersion>();

export async function formVersion(key: string, version: number): Promise<FormVersion | null> {
  const id = versionId(key, version);
  const cached = forms.get(id);
  if (cached) return cached;
  const found = await FormVersionModel.findById(id).lean();
  if (found) forms.set(id, found);
  return found;
}

export async function policyVersion(key: string, version: number): Promise<PolicyVersion | null> {
  const id = versionId(key, version);
  const cached = policies.get(id);
  if (cached) return cached;
  const found = await PolicyVersionModel.findById(id).lean();
  if (found) policies.set(id, found);
  return found;
}
