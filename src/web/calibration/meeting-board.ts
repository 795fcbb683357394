// The calibration meeting as a working board: the head moves people between ratings (drag a card to
// another column, or the rating menu on the card: keyboard and phone), gives a reason per move, sees
// the counts against the curve and the 9-box change as they move, and can try a what-if first.
// The moves are written into the form's `changes` grid, which is what is submitted; the server judges
// the whole set again (src/server/calibrations/meeting-rule.ts) and its refusal is shown here.
import { bandStanding, fillTemplate, standingText, type BandStanding, type StandingTemplates } from '../../domain/calibration-standing';
import { performanceLevel, type Level } from '../../domain/nine-box';
import { curveChart, type ChartBand, type CurveChart } from './curve-chart';

interface Person { id: string; name: string; score: string; suggested: string; level: Level | '' }
interface Band { band: string; ratings: string[]; percent: number; target: number; min: number; max: number }
interface Move { to: string; reason: string }
export interface Problem { field: string; code: string; message: string }

/** The few parts of a Form.io form this board uses. */
export interface MeetingForm {
  getComponent(key: string): { setValue(value: unknown): void } | undefined;
  on(event: string, cb: (value: unknown) => void): void;
}

const LEVELS_HIGH_FIRST: Level[] = ['high', 'medium', 'low'];
const LEVELS_LOW_FIRST: Level[] = ['low', 'medium', 'high'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export class MeetingBoard {
  private readonly root: HTMLElement;
  private readonly people: Person[];
  private readonly bands: Band[];
  private readonly ratings: string[];
  private readonly binding: boolean;
  private readonly strings: Map<string, string>;
  private readonly templates: StandingTemplates;
  /** Moves in the order they were made: the rows of the submitted grid. */
  private readonly moves = new Map<string, Move>();
  /** A what-if's trial ratings, or null when none is being tried. */
  private trial: Map<string, string> | null = null;
  private showMissingReasons = false;
  private serverProblems: Problem[] = [];
  /** The rows as last written to the form, to read a refusal's `changes[i]` against. */
  private rows: Array<{ personId: string; toRating: string; reason: string }> = [];
  private chart: CurveChart | null = null;

  constructor(root: HTMLElement, private readonly form: MeetingForm, draft: Array<{ personId?: unknown; toRating?: unknown; reason?: unknown }>) {
    this.root = root;
    this.binding = root.dataset.binding === 'true';
    this.strings = new Map([...root.querySelectorAll<HTMLElement>('.cal-strings [data-key]')].map((s) => [s.dataset.key!, s.textContent ?? '']));
    const s = (key: string) => this.strings.get(`standing.${key}`) ?? '';
    this.templates = {
      over: s('over'), under: s('under'), within: s('within'), unreachable: s('unreachable'), advisory: s('advisory'),
      limitExactly: s('limitExactly'), limitAtMost: s('limitAtMost'), limitAtLeast: s('limitAtLeast'), limitBetween: s('limitBetween'), numberWords: s('numberWords'),
    };
    this.people = [...root.querySelectorAll<HTMLElement>('.cal-people [data-person]')].map((li) => ({
      id: li.dataset.person!, name: li.dataset.name || li.dataset.person!, score: li.dataset.score ?? '', suggested: li.dataset.suggested ?? '', level: (li.dataset.level ?? '') as Level | '',
    }));
    this.bands = [...root.querySelectorAll<HTMLElement>('.cal-standing .cal-band')].map((li) => ({
      band: li.dataset.band!, ratings: (li.dataset.ratings ?? li.dataset.band!).split(' '), percent: Number(li.dataset.percent), target: Number(li.dataset.target),
      min: Number(li.dataset.min), max: Number(li.dataset.max),
    }));
    this.ratings = this.bands.flatMap((b) => b.ratings);
    const known = new Set(this.people.map((p) => p.id));
    for (const row of draft) {
      const id = String(row.personId ?? '');
      const person = this.people.find((p) => p.id === id);
      if (known.has(id) && person && typeof row.toRating === 'string' && row.toRating !== person.suggested) this.moves.set(id, { to: row.toRating, reason: typeof row.reason === 'string' ? row.reason : '' });
    }
    form.on('submitButton', () => this.beforeSubmit());
    form.on('error', () => this.beforeSubmit());
  }

  t(key: string, params: Record<string, string | number> = {}): string {
    return fillTemplate(this.strings.get(key) ?? key, params);
  }

  mount(): void {
    this.root.classList.add('cal-live');
    this.root.closest('#task-form')?.classList.add('calibration-enhanced');
    const chartBox = this.root.querySelector<HTMLElement>('.cal-chart');
    if (chartBox) this.chart = curveChart(chartBox, this.chartBands(), this.binding);
    this.render();
    this.writeForm();
  }

  private ratingOf(id: string): string {
    return this.trial?.get(id) ?? this.moves.get(id)?.to ?? this.people.find((p) => p.id === id)?.suggested ?? '';
  }

  private standings(): BandStanding[] {
    const n = this.people.length;
    return this.bands.map((b) => bandStanding({
      band: b.band, actualCount: this.people.filter((p) => b.ratings.includes(this.ratingOf(p.id))).length,
      allowedMin: b.min, allowedMax: b.max, targetCount: b.target, targetPercent: b.percent,
    }, n));
  }

  private chartBands(): ChartBand[] {
    return this.standings().map((s) => ({ band: s.band, count: s.count, target: s.targetCount, max: s.allowedMax, state: s.state }));
  }

  /** A person's rating set by a drop or the card's menu: a move (or a trial move in a what-if), or back to the suggestion. */
  setRating(id: string, rating: string, focus: 'select' | 'reason' | 'none'): void {
    const person = this.people.find((p) => p.id === id);
    if (!person || !this.ratings.includes(rating) || rating === this.ratingOf(id)) return;
    if (this.trial) {
      const real = this.moves.get(id)?.to ?? person.suggested;
      if (rating === real) this.trial.delete(id);
      else this.trial.set(id, rating);
    } else if (rating === person.suggested) {
      this.moves.delete(id);
    } else {
      const earlier = this.moves.get(id);
      this.moves.set(id, { to: rating, reason: earlier?.reason ?? '' });
    }
    if (this.serverProblems.length > 0) {
      // The page's "correct the fields" line was about the refused set; the board now shows a new one.
      document.getElementById('form-status')?.setAttribute('hidden', '');
      this.serverProblems = [];
    }
    this.render();
    this.writeForm();
    const band = this.standings().find((s) => this.bands.find((b) => b.band === s.band)?.ratings.includes(rating));
    this.announce(this.t('meeting.announceMove', { name: person.name, rating, standing: band ? standingText(band, this.binding, this.templates) : '' }));
    if (focus === 'select') this.root.querySelector<HTMLSelectElement>(`.cal-card[data-person="${CSS.escape(id)}"] select`)?.focus();
    if (focus === 'reason' && !this.trial) this.root.querySelector<HTMLTextAreaElement>(`.cal-move[data-person="${CSS.escape(id)}"] textarea`)?.focus();
  }

  private announce(text: string): void {
    const live = this.root.querySelector<HTMLElement>('.cal-announce');
    if (live) live.textContent = text;
  }

  /** The moves as the form's grid rows, in the order they were made. */
  private writeForm(): void {
    this.rows = [...this.moves].map(([personId, move]) => ({ personId, toRating: move.to, reason: move.reason }));
    this.form.getComponent('changes')?.setValue(this.rows.map((r) => ({ ...r })));
  }

  private beforeSubmit(): void {
    this.showMissingReasons = true;
    this.renderMoves();
    const missing = this.root.querySelector<HTMLTextAreaElement>('.cal-move.missing textarea');
    if (missing) {
      this.renderSummary(this.t('meeting.submitNeedsReasons'));
      missing.focus();
    }
  }

  /** The server refused the submission: its reasons beside the moves and the curve, nothing saved. */
  showServerProblems(problems: Problem[]): void {
    this.serverProblems = problems;
    this.render();
    const box = this.root.querySelector<HTMLElement>('.cal-server-problems');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  }

  private render(): void {
    this.renderSummary();
    this.renderWhatIf();
    this.renderStanding();
    this.renderLanes();
    this.renderMoves();
    this.renderNineBox();
  }

  private renderSummary(extra?: string): void {
    const box = this.root.querySelector<HTMLElement>('.cal-summary')!;
    box.replaceChildren();
    if (!this.root.querySelector('.cal-announce')) this.root.append(el('p', { class: 'sr-only cal-announce', 'aria-live': 'polite' }));
    const outside = this.standings().filter((s) => s.state !== 'within');
    if (this.serverProblems.length > 0) {
      box.append(el('div', { class: 'alert error cal-server-problems', role: 'alert', tabindex: '-1' },
        el('strong', {}, this.t('meeting.serverRefused')),
        el('ul', {}, ...this.serverProblems.map((p) => el('li', {}, p.message)))));
    }
    if (!this.binding) box.append(el('p', { class: 'cal-verdict advisory' }, this.t('meeting.advisoryNote')));
    else if (outside.length === 0) box.append(el('p', { class: 'cal-verdict ok' }, this.t('meeting.allWithin')));
    else box.append(el('p', { class: 'cal-verdict outside' }, this.t('meeting.outside', { bands: outside.map((s) => standingText(s, true, this.templates)).join(this.t('listSeparator')) })));
    if (extra) box.append(el('p', { class: 'alert error' }, extra));
  }

  private renderWhatIf(): void {
    const bar = this.root.querySelector<HTMLElement>('.cal-what-if')!;
    bar.hidden = false;
    bar.replaceChildren();
    if (!this.trial) {
      const start = el('button', { type: 'button', class: 'cal-what-if-start' }, this.t('meeting.whatIf'));
      start.addEventListener('click', () => { this.trial = new Map(); this.render(); this.root.querySelector<HTMLElement>('.cal-what-if-discard')?.focus(); });
      bar.append(start);
      bar.classList.remove('on');
      return;
    }
    bar.classList.add('on');
    const keep = el('button', { type: 'button', class: 'primary cal-what-if-keep' }, this.t('meeting.whatIfKeep'));
    const discard = el('button', { type: 'button', class: 'cal-what-if-discard' }, this.t('meeting.whatIfDiscard'));
    keep.addEventListener('click', () => this.endWhatIf(true));
    discard.addEventListener('click', () => this.endWhatIf(false));
    bar.append(el('p', {}, this.t('meeting.whatIfOn')), el('p', { class: 'cal-what-if-count' }, this.t('meeting.whatIfMoved', { n: this.trial.size })), keep, discard);
  }

  private endWhatIf(keep: boolean): void {
    const trial = this.trial;
    this.trial = null;
    if (keep && trial) {
      for (const [id, rating] of trial) {
        const person = this.people.find((p) => p.id === id)!;
        if (rating === person.suggested) this.moves.delete(id);
        else this.moves.set(id, { to: rating, reason: this.moves.get(id)?.reason ?? '' });
      }
    }
    this.render();
    this.writeForm();
    (keep ? this.root.querySelector<HTMLTextAreaElement>('.cal-move textarea') : this.root.querySelector<HTMLElement>('.cal-what-if-start'))?.focus();
  }

  private renderStanding(): void {
    const list = this.root.querySelector<HTMLElement>('.cal-standing')!;
    const standings = this.standings();
    for (const s of standings) {
      const li = list.querySelector<HTMLElement>(`.cal-band[data-band="${CSS.escape(s.band)}"]`);
      if (!li) continue;
      li.dataset.count = String(s.count);
      li.className = `cal-band state-${s.state}${this.binding && s.state !== 'within' ? ' outside' : ''}`;
      li.textContent = standingText(s, this.binding, this.templates);
    }
    this.chart?.update(this.chartBands());
  }

  private card(person: Person): HTMLElement {
    const rating = this.ratingOf(person.id);
    const moved = this.moves.has(person.id);
    const trial = this.trial?.has(person.id) ?? false;
    const select = el('select', { 'aria-label': this.t('meeting.ratingFor', { name: person.name }), 'data-person': person.id });
    for (const r of this.ratings) {
      const option = el('option', { value: r }, r);
      if (r === rating) option.selected = true;
      select.append(option);
    }
    select.addEventListener('change', () => this.setRating(person.id, select.value, 'select'));
    const card = el('li', { class: `cal-card${moved ? ' moved' : ''}${trial ? ' trial' : ''}`, draggable: 'true', 'data-person': person.id },
      el('span', { class: 'cal-name' }, person.name),
      el('span', { class: 'cal-meta' }, `${this.t('meeting.score')} ${person.score} · ${this.t('meeting.suggested')} ${person.suggested}`),
      select);
    if (trial) card.append(el('span', { class: 'cal-tag' }, this.t('meeting.whatIfTag')));
    card.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData('text/plain', person.id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      card.classList.add('dragging');
    });
    card.addEventListener('dragend', () => card.classList.remove('dragging'));
    return card;
  }

  private dropTarget(target: HTMLElement, ratingFor: (personId: string) => string | null): void {
    target.addEventListener('dragover', (event) => { event.preventDefault(); target.classList.add('drop'); });
    target.addEventListener('dragleave', () => target.classList.remove('drop'));
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      target.classList.remove('drop');
      const id = event.dataTransfer?.getData('text/plain') ?? '';
      const rating = ratingFor(id);
      if (rating) this.setRating(id, rating, 'reason');
    });
  }

  private renderLanes(): void {
    const lanes = this.root.querySelector<HTMLElement>('.cal-lanes')!;
    const standings = this.standings();
    lanes.style.setProperty('--lanes', String(this.ratings.length));
    lanes.replaceChildren(...this.ratings.map((rating) => {
      const band = this.bands.find((b) => b.ratings.includes(rating))!;
      const standing = standings.find((s) => s.band === band.band)!;
      const inLane = this.people.filter((p) => this.ratingOf(p.id) === rating);
      const heading = el('h5', { class: 'cal-lane-title' }, el('span', { class: 'cal-lane-rating' }, rating),
        el('span', { class: 'cal-lane-words' }, band.ratings.length === 1 ? standingText(standing, this.binding, this.templates).replace(/^[^:：]*[:：]\s*/, '') : ''));
      const lane = el('div', { class: `cal-lane state-${standing.state}${this.binding && standing.state !== 'within' ? ' outside' : ''}`, 'data-rating': rating, role: 'group', 'aria-label': band.ratings.length === 1 ? standingText(standing, this.binding, this.templates) : rating },
        heading, el('ul', { class: 'cal-cards' }, ...inLane.map((p) => this.card(p))));
      this.dropTarget(lane, () => rating);
      return lane;
    }));
  }

  private renderMoves(): void {
    const list = this.root.querySelector<HTMLOListElement>('.cal-moves')!;
    const none = this.root.querySelector<HTMLElement>('.cal-no-moves');
    if (none) none.hidden = this.moves.size > 0;
    const existing = new Map([...list.querySelectorAll<HTMLElement>('.cal-move')].map((li) => [li.dataset.person!, li]));
    const rowProblems = new Map<string, string>();
    for (const p of this.serverProblems) {
      const match = /^changes\[(\d+)\]/.exec(p.field);
      const row = match ? this.rows[Number(match[1])] : undefined;
      if (row) rowProblems.set(row.personId, p.message);
    }
    const items: HTMLElement[] = [];
    for (const [id, move] of this.moves) {
      const person = this.people.find((p) => p.id === id)!;
      let li = existing.get(id);
      existing.delete(id);
      if (!li) {
        const fieldId = `cal-reason-${id}`;
        const reason = el('textarea', { id: fieldId, rows: '2', maxlength: '2000', required: '' });
        reason.value = move.reason;
        reason.addEventListener('input', () => {
          const current = this.moves.get(id);
          if (current) current.reason = reason.value;
          this.writeForm();
          // The message under the field follows what is typed; the elements stay, and so does the focus.
          if (this.showMissingReasons) {
            this.renderMoves();
            if (!this.root.querySelector('.cal-move.missing')) this.renderSummary();
          }
        });
        const undo = el('button', { type: 'button', class: 'cal-undo', 'aria-label': this.t('meeting.undoFor', { name: person.name }) }, this.t('meeting.undo'));
        undo.addEventListener('click', () => {
          this.moves.delete(id);
          this.render();
          this.writeForm();
          this.root.querySelector<HTMLSelectElement>(`.cal-card[data-person="${CSS.escape(id)}"] select`)?.focus();
        });
        li = el('li', { class: 'cal-move', 'data-person': id },
          el('label', { for: fieldId, class: 'cal-move-label' }, ''), reason, el('p', { class: 'cal-move-error', id: `${fieldId}-error` }), undo);
      }
      li.querySelector('.cal-move-label')!.textContent = this.t('meeting.reasonFor', { name: person.name, from: person.suggested, to: move.to });
      const missing = this.showMissingReasons && move.reason.trim() === '';
      const message = rowProblems.get(id) ?? (missing ? this.t('meeting.reasonNeeded') : '');
      li.classList.toggle('missing', missing || rowProblems.has(id));
      const error = li.querySelector<HTMLElement>('.cal-move-error')!;
      error.textContent = message;
      error.hidden = message === '';
      const textarea = li.querySelector('textarea')!;
      if (message) textarea.setAttribute('aria-describedby', error.id);
      else textarea.removeAttribute('aria-describedby');
      textarea.setAttribute('aria-invalid', message ? 'true' : 'false');
      items.push(li);
    }
    for (const gone of existing.values()) gone.remove();
    items.forEach((li, index) => { if (list.children[index] !== li) list.insertBefore(li, list.children[index] ?? null); });
  }

  private renderNineBox(): void {
    const box = this.root.querySelector<HTMLElement>('.cal-nine-box')!;
    const table = el('table', { class: 'cal-box-table' });
    // Performance across (low → high), its name once above the three levels: words too long for a phone's column stay whole.
    const axis = el('tr', {}, el('td', { class: 'cal-box-corner' }), el('th', { scope: 'colgroup', colspan: '3', class: 'cal-box-axis' }, `${this.t('meeting.performance')} →`));
    const head = el('tr', {}, el('td', { class: 'cal-box-corner' }), ...LEVELS_LOW_FIRST.map((p) => el('th', { scope: 'col' }, this.t(`meeting.level.${p}`))));
    table.append(el('thead', {}, axis, head));
    const body = el('tbody');
    for (const behaviour of LEVELS_HIGH_FIRST) {
      const row = el('tr', {}, el('th', { scope: 'row' }, this.t(`meeting.level.${behaviour}`)));
      for (const performance of LEVELS_LOW_FIRST) {
        const inCell = this.people.filter((p) => p.level === behaviour && performanceLevel(this.ratingOf(p.id), this.ratings) === performance);
        const cell = el('td', { class: `cal-box box-${performance}-${behaviour}`, 'data-performance': performance, 'data-behaviour': behaviour },
          el('span', { class: 'cal-box-count' }, String(inCell.length)),
          el('ul', {}, ...inCell.map((p) => el('li', { class: this.moves.has(p.id) || this.trial?.has(p.id) ? 'moved' : '' }, `${p.name} · ${this.ratingOf(p.id)}`))));
        // A drop on a column of the 9-box: the rating of that performance level nearest the person's own.
        this.dropTarget(cell, (id) => {
          const current = this.ratings.indexOf(this.ratingOf(id));
          const options = this.ratings.map((r, i) => ({ r, i })).filter(({ r }) => performanceLevel(r, this.ratings) === performance);
          options.sort((a, b) => Math.abs(a.i - current) - Math.abs(b.i - current));
          return options[0]?.r ?? null;
        });
        row.append(cell);
      }
      body.append(row);
    }
    table.append(body);
    const unplaced = this.people.filter((p) => !p.level);
    box.replaceChildren(table, ...(unplaced.length ? [el('p', { class: 'muted' }, `${this.t('meeting.unplaced')}: ${unplaced.map((p) => p.name).join(', ')}`)] : []));
  }
}
