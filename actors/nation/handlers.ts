// Event type → handler, for a registered nation. A handler mutates the draft
// and replies, or returns a refusal (and then nothing it did is kept).
import type { Draft } from './draft.ts';
import type { NationEvent, NationEventOf } from './events.ts';
import type { Refusal } from './guards.ts';
import { allianceDissolved, allianceJoined, allianceLeft, inviteToAlliance, leaveAlliance, proposeAlliance, respondAlliance } from './diplomacy.ts';
import { build, collect, completeBuilds, credit, generate, upkeep } from './economy.ts';
import { launchMission, missionDue, missionOutcome, recruitSpies, spyMission, trainCounterIntel } from './espionage.ts';
import { borrow, buy, cancelListing, invest, proposeTrade, repay, respondTrade, sell, tradeSettled, withdrawInvestment } from './market.ts';
import {
  battleResult,
  declareWar,
  joinRefused,
  joinWar,
  muster,
  offerPeace,
  respondPeace,
  respondWar,
  surrender,
  warEnded,
  warJoined,
  warOpened,
  warPhase,
} from './military.ts';
import { alreadyRegistered, appoint, contribute, electionResult, join, leave, setFlag, settings, startElection } from './politics.ts';
import { dailyCheck, legacyAward, seasonClosed, seasonPhase, seasonReset } from './season.ts';

export type Handler<Type extends NationEvent['type']> = (draft: Draft, event: NationEventOf<Type>) => Refusal | void;

export const handlers: { readonly [Type in NationEvent['type']]: Handler<Type> } = {
  register: (draft) => alreadyRegistered(draft),
  join,
  leave,
  settings,
  appoint,
  contribute,
  setFlag,
  build,
  recruitSpies,
  trainCounterIntel,
  launchMission,
  declareWar,
  respondWar,
  joinWar,
  offerPeace,
  respondPeace,
  surrender,
  proposeAlliance,
  respondAlliance,
  inviteToAlliance,
  leaveAlliance,
  proposeTrade,
  respondTrade,
  sell,
  buy,
  cancelListing,
  borrow,
  repay,
  invest,
  withdrawInvestment,
  startElection,
  generate,
  upkeep,
  completeBuilds,
  dailyCheck,
  seasonPhase,
  seasonReset,
  seasonClosed,
  credit,
  tradeSettled,
  collect,
  warOpened,
  warPhase,
  warJoined,
  joinRefused,
  warEnded,
  muster,
  battleResult,
  allianceJoined,
  allianceLeft,
  allianceDissolved,
  spyMission,
  missionOutcome,
  electionResult,
  legacyAward,
  missionDue,
};
