import { Router } from 'express';
import { PersonModel } from '../../db/models/person';
import type { FeedbackTopicsAnswer, GiveFeedbackAnswer, MyFeedbackAnswer } from '../../domain/api-types';
import { isPersonId } from '../../domain/ids';
import { requireUser } from '../current-user';
import { currentGoalsOf, giveFeedback } from '../feedback/give-feedback';
import { readsAllFeedback } from '../feedback/feedback-access';
import { recognitionPolicyInForce, valueTitle } from '../feedback/feedback-policy';
import { feedbackOfPerson, myFeedback, notesInWords } from '../feedback/feedback-view';
import { setFeedbackVisibility } from '../feedback/share-feedback';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

const FEEDBACK_ID = /^fb-[0-9a-f]{24}$/;

/**
 * Feedback and recognition (domain/feedback.ts), for everyone signed in:
 *   GET  /feedback                                  the page: give a note; read those received, given and shared in one's unit
 *   GET  /api/feedback                              the same as JSON
 *   POST /api/feedback                              give a note (400 naming each field; 429 over the day's limit; a repeat is a replay)
 *   PUT  /api/feedback/:feedbackId/visibility       the person it was given to shares it with their unit, or not
 *   GET  /api/feedback/people/:personId             the notes a person received that the reader may read (their manager: all)
 *   GET  /api/feedback/people/:personId/topics      what a note to a colleague may be about: their goals, the bank's values
 */
export function feedbackRoutes(limits: RateLimits): Router {
  const router = Router();

  router.get('/feedback', requireUser, async (req, res) => {
    const locale = localeOf(req);
    const [mine, policy, people] = await Promise.all([
      myFeedback(req.user!, locale),
      recognitionPolicyInForce(),
      PersonModel.find({ active: { $ne: false } }, { name: 1, unitId: 1 }).lean(),
    ]);
    const colleagues = people.filter((p) => p._id !== req.user!.id)
      .map((p) => ({ id: p._id, name: p.name[locale] ?? p.name.en, unitId: p.unitId }))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
    render(req, res, 'feedback', { title: 'feedback', ...mine, colleagues, maxLength: policy.body.maxLength, values: policy.body.values.map((v) => ({ key: v.key, title: v.title[locale] })) });
  });

  router.get('/api/feedback', requireUser, async (req, res) => {
    const answer: MyFeedbackAnswer = await myFeedback(req.user!, localeOf(req));
    res.json(answer);
  });

  router.post('/api/feedback', requireUser, limits.writes, async (req, res) => {
    const locale = localeOf(req);
    const { note, replayed } = await giveFeedback(req.body, req.user!, locale);
    const policy = await recognitionPolicyInForce();
    const answer: GiveFeedbackAnswer = { note: (await notesInWords([note], policy.body.values, locale, req.user!.id))[0]!, replayed };
    res.status(replayed ? 200 : 201).json(answer);
  });

  router.put('/api/feedback/:feedbackId/visibility', requireUser, limits.writes, async (req, res) => {
    const id = String(req.params.feedbackId);
    if (!FEEDBACK_ID.test(id)) throw notFound('feedback');
    const locale = localeOf(req);
    const { note, changed } = await setFeedbackVisibility(id, req.body, req.user!, locale);
    const policy = await recognitionPolicyInForce();
    res.json({ note: (await notesInWords([note], policy.body.values, locale, req.user!.id))[0], changed });
  });

  router.get('/api/feedback/people/:personId', requireUser, async (req, res) => {
    const personId = String(req.params.personId);
    if (!isPersonId(personId)) throw notFound('person');
    const notes = await feedbackOfPerson(req.user!, personId, localeOf(req));
    // Someone who may read none of a person's notes is told the person is not found, as for anyone unknown.
    const person = await PersonModel.findById(personId, { managerId: 1 }).lean();
    const entitled = person && (person._id === req.user!.id || person.managerId === req.user!.id || readsAllFeedback(req.user!));
    if (notes === null || (notes.length === 0 && !entitled)) throw notFound('person');
    res.json({ notes });
  });

  router.get('/api/feedback/people/:personId/topics', requireUser, async (req, res) => {
    const personId = String(req.params.personId);
    if (!isPersonId(personId) || personId === req.user!.id) throw notFound('person');
    const person = await PersonModel.findById(personId, { active: 1 }).lean();
    if (!person || person.active === false) throw notFound('person');
    const locale = localeOf(req);
    const policy = await recognitionPolicyInForce();
    const answer: FeedbackTopicsAnswer = {
      goals: (await currentGoalsOf(personId)).map((g) => ({ id: g._id, title: g.title })),
      values: policy.body.values.map((v) => ({ key: v.key, title: valueTitle(policy.body.values, v.key, locale) })),
    };
    res.json(answer);
  });
  return router;
}
