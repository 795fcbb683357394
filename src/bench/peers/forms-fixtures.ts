import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../deploy/deploy-all';
import { expandScoringDimensions } from '../../domain/scoring-form';
import { dimensionsOf, ratingFieldKey, type ScoringPolicy } from '../../domain/scoring';

export interface BenchForm {
  key: string;
  schema: { components?: any[]; [key: string]: unknown };
  /** A valid answer, sent with every submission. */
  answer: Record<string, unknown>;
}

const readJson = async (...path: string[]) => JSON.parse(await readFile(join(projectRoot, ...path), 'utf8'));

/**
 * The two schemas both servers are given: the shipped self-assessment with its rating fields drawn
 * from the shipped scoring policy (as the server shows and validates it), and a larger one
 * (src/bench/peers/fixtures: a data grid of 20 rows, two conditional fields, a container).
 */
export async function benchSchemas(): Promise<Map<string, BenchForm>> {
  const policy = (await readJson('policies', 'scoring.json')).body as ScoringPolicy;
  const selfAssessment = expandScoringDimensions(await readJson('forms', 'self-assessment.json'), policy);
  const ratings = Object.fromEntries(dimensionsOf(policy).map((d) => [ratingFieldKey(d.key), 4]));
  return new Map<string, BenchForm>([
    ['self-assessment', { key: 'self-assessment', schema: selfAssessment, answer: { ...ratings, achievements: 'bench', developmentAreas: 'bench' } }],
    ['objectives-review', {
      key: 'objectives-review',
      schema: await readJson('src', 'bench', 'peers', 'fixtures', 'objectives-review.json'),
      answer: await readJson('src', 'bench', 'peers', 'fixtures', 'objectives-review.answer.json'),
    }],
  ]);
}
