import type { BlockDeclaration } from './declaration';

/** A unit's calibration: gather the ratings, judge each meeting round, record the HRBP's decision, apply and tell. */
export const CALIBRATION_BLOCKS = {
  gather: { topic: 'calibration.gather', name: { en: 'Gather unit ratings', 'zh-CN': '收集部门评级' }, description: 'Collects the unit\'s finalized reviews and compares them with the target curve.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [{ name: 'groupSize', type: 'number', description: 'how many people are calibrated together' }, { name: 'curveBinding', type: 'boolean', description: 'the group is large enough for the curve to bind' }] },
  check: { topic: 'calibration.check', name: { en: 'Check calibration round', 'zh-CN': '检查校准轮次' }, description: 'Judges a meeting\'s submission against the pinned curve, tolerance and group size.',
    reads: ['caseId', 'calibrationMeetingSubmissionId'],
    produces: [{ name: 'meetingAccepted', type: 'boolean', description: 'the meeting\'s round fits the curve within tolerance' }, { name: 'meetingRound', type: 'number', description: 'the round\'s number' }] },
  decide: { topic: 'calibration.decide', name: { en: 'Record HRBP decision', 'zh-CN': '记录HRBP决定' }, description: 'Records the HRBP\'s approval or return of the last accepted round.',
    reads: ['caseId', 'calibrationApprovalSubmissionId'],
    produces: [{ name: 'hrbpDecision', type: 'string', description: 'approve or return' }] },
  apply: { topic: 'calibration.apply', name: { en: 'Apply calibrated ratings', 'zh-CN': '应用校准评级' }, description: 'Writes each person\'s calibrated score and releases the waiting reviews.',
    reads: ['caseId'],
    produces: [{ name: 'calibratedCount', type: 'number', description: 'how many people got a calibrated rating' }] },
  notify: { topic: 'calibration.notify', name: { en: 'Notify calibration result', 'zh-CN': '通知校准结果' }, description: 'Tells each calibrated person and the unit head.',
    reads: ['caseId', 'unitHeadId'],
    produces: [{ name: 'notifiedCount', type: 'number', description: 'how many people were told' }] },
} satisfies Record<string, BlockDeclaration>;
