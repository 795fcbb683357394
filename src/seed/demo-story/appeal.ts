import type { Cast } from './cast';
import { enc, until } from './http-client';

/**
 * An employee whose rating calibration moved down files an appeal within the window after
 * publication; it waits at HR triage (offered to the HR group). Filing twice is answered as a
 * replay, so the step is safe to repeat; an existing appeal is left as it stands.
 */
export async function fileAppeal(cast: Cast, cycle: string, username: string): Promise<'filed' | 'existing' | 'window-closed'> {
  const employee = await cast.as(username);
  if ((await employee.get(`/api/appeals/${enc(cycle)}/${enc(employee.id)}`)).status === 200) return 'existing';
  const reply = await employee.post(`/api/cycles/${enc(cycle)}/appeals`, {
    data: {
      ground: 'calibration',
      requestedRating: 'B',
      statement: 'My manager rated me B. The calibration meeting moved me to C as “solid, in line with peers”, but my deposit growth was +¥95m against a +¥80m target and no KYC file of mine was late. I ask for the B to be restored.',
    },
  });
  if (reply.status === 409 && /window closed/.test(JSON.stringify(reply.body))) return 'window-closed';
  if (reply.status !== 201 && reply.status !== 200) throw new Error(`${username} appeal: ${reply.status} ${JSON.stringify(reply.body)}`);
  const hr = await cast.as('hr');
  await until(`appeal of ${username} at HR triage`, () => hr.taskFor(`${cycle}:${employee.id}:appeal`, 'hrTriage'));
  return 'filed';
}
