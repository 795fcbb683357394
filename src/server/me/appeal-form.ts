import { FormVersionModel } from '../../db/models/form-version';
import { formVersion } from '../../db/immutable-versions';
import { latestVersions } from '../../platform/versions';

/** The appeal filing form the filing route validates against (the latest deployed), for the browser to render. */
export async function appealFilingForm(): Promise<{ key: string; version: number; schema: unknown } | null> {
  const versions = await latestVersions(FormVersionModel);
  const version = versions['appeal-filing'];
  const form = version === undefined ? null : await formVersion('appeal-filing', version);
  return form ? { key: 'appeal-filing', version: form.version, schema: form.schema } : null;
}
