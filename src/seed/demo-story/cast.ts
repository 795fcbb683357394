import { demoPeople, demoUnits, type DemoPerson } from '../demo-org';
import { DemoSession } from './http-client';

/** What the story is told to do: the cycles, where the server is, where progress lines go. */
export interface StoryOptions {
  baseUrl: string;
  /** The finished cycle every flow is shown in (2026-H1 for `npm start`). */
  previousCycle: string;
  /** The cycle in progress (2026-H2): reviews at goal setting. */
  currentCycle: string;
  log?: (line: string) => void;
}

/**
 * The people of the story and their sessions. Each person signs in once per run, when first needed
 * (sign-in is rate limited per user name), and the session is reused by every step.
 */
export class Cast {
  readonly people: DemoPerson[] = demoPeople();
  private readonly sessions = new Map<string, Promise<DemoSession>>();
  private readonly started = Date.now();

  constructor(readonly options: StoryOptions) {}

  get previous() { return this.options.previousCycle; }
  get current() { return this.options.currentCycle; }

  log(line: string): void {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    (this.options.log ?? ((l: string) => console.log(l)))(`demo story: ${line} (${seconds} s)`);
  }

  as(username: string): Promise<DemoSession> {
    let session = this.sessions.get(username);
    if (!session) {
      session = DemoSession.signIn(this.options.baseUrl, username);
      session.catch(() => this.sessions.delete(username));
      this.sessions.set(username, session);
    }
    return session;
  }

  person(username: string): DemoPerson {
    const person = this.people.find((p) => p.username === username);
    if (!person) throw new Error(`no demo person ${username}`);
    return person;
  }

  byId(id: string): DemoPerson {
    const person = this.people.find((p) => p._id === id);
    if (!person) throw new Error(`no demo person ${id}`);
    return person;
  }

  /** A unit's members whose reviews its calibration and bonus round cover: everyone but the head. */
  membersOf(unitId: string): DemoPerson[] {
    const head = this.headOf(unitId);
    return this.people.filter((p) => p.unitId === unitId && p._id !== head._id);
  }

  headOf(unitId: string): DemoPerson {
    const headId = demoUnits(this.people).find((u) => u._id === unitId)?.headId;
    if (!headId) throw new Error(`no head of ${unitId}`);
    return this.byId(headId);
  }

  managerOf(person: DemoPerson): DemoPerson {
    if (!person.managerId) throw new Error(`${person.username} has no manager`);
    return this.byId(person.managerId);
  }
}
